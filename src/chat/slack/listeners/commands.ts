// Slash commands: acknowledge at once (Slack shows an error after 3 s), then route. Answers go back
// privately through the command's response_url.

import type { App, RespondFn, SlashCommand, StringIndexed } from '@slack/bolt';
import type { ChatMessage } from '../../model.js';
import { unescapeSlack } from '../mrkdwn.js';
import { replyPrivately } from '../surface.js';
import { ackOnce, deliveryOf, resolveSchool, type ListenerDeps } from './deps.js';

export async function handleSlashCommand(
  deps: ListenerDeps,
  args: { command: SlashCommand; respond: RespondFn; context: StringIndexed },
): Promise<void> {
  const { command, respond, context } = args;
  const target = { respond, channel: command.channel_id, userId: command.user_id, port: deps.port, logger: deps.logger };
  const reply = (m: ChatMessage) => replyPrivately(target, m);
  await deps.router.dispatch(
    { kind: 'command', name: command.command, text: unescapeSlack(command.text) },
    {
      platform: 'slack',
      userId: command.user_id,
      resolveSchool: resolveSchool(deps, { teamId: command.team_id, channelId: command.channel_id, channelName: command.channel_name, userId: command.user_id }),
      staffDirectory: deps.staffDirectory,
      delivery: deliveryOf(context),
      source: { channel: command.channel_id, triggerRef: command.trigger_id },
      surface: { reply, respond: reply, openModal: (modal) => deps.port.openModal(command.trigger_id, modal) },
    },
  );
}

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command(/^\/.+/, async ({ command, ack, respond, context }) => {
    await ackOnce(context, ack);
    await deps.afterAck(() => handleSlashCommand(deps, { command, respond, context }));
  });
}
