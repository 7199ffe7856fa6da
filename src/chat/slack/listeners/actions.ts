// Button presses and select choices (block_actions). The neutral action id is the Slack action_id
// without its "~n" de-duplication suffix; the value is the button value or the chosen option.

import type { App, BlockAction, BlockElementAction, RespondFn, StringIndexed } from '@slack/bolt';
import type { ChatMessage } from '../../model.js';
import { decodeActionId } from '../render-elements.js';
import { replyPrivately, sendViaResponseUrl } from '../surface.js';
import { ackOnce, deliveryOf, resolveSchool, type ListenerDeps } from './deps.js';

function actionValue(action: BlockElementAction): string {
  if ('selected_option' in action && typeof action.selected_option?.value === 'string') return action.selected_option.value;
  if ('value' in action && typeof action.value === 'string') return action.value;
  return '';
}

export async function handleBlockAction(
  deps: ListenerDeps,
  args: { body: BlockAction; respond: RespondFn; context: StringIndexed },
): Promise<void> {
  const { body, context } = args;
  const action = body.actions[0];
  if (!action) return;
  const userId = body.user.id;
  const respond = body.response_url ? args.respond : undefined;
  const channel = body.channel?.id;
  const messageTs = body.message?.ts;
  const isHome = body.view?.type === 'home';
  const visibility = body.container['is_ephemeral'] === true ? 'ephemeral' : 'in_channel';
  const reply = (m: ChatMessage) =>
    replyPrivately({ respond, channel: isHome ? undefined : channel, userId, port: deps.port, logger: deps.logger }, m);

  const respondInPlace = async (m: ChatMessage): Promise<void> => {
    if (isHome) return deps.port.publishHome(userId, m);
    if (respond) return sendViaResponseUrl(respond, m, { replaceOriginal: true, visibility, logger: deps.logger });
    if (channel && messageTs) {
      await deps.port.update(channel, messageTs, m);
      return;
    }
    return reply(m);
  };

  const threadTs: unknown = body.message?.['thread_ts'];
  await deps.router.dispatch(
    { kind: 'action', actionId: decodeActionId(action.action_id), value: actionValue(action) },
    {
      platform: 'slack',
      userId,
      resolveSchool: resolveSchool(deps, { teamId: body.team?.id ?? body.user.team_id, ...(channel ? { channelId: channel } : {}), ...(body.channel?.name ? { channelName: body.channel.name } : {}), userId }),
      staffDirectory: deps.staffDirectory,
      delivery: deliveryOf(context),
      source: {
        ...(channel === undefined ? {} : { channel }),
        ...(messageTs === undefined ? {} : { messageRef: messageTs }),
        ...(typeof threadTs === 'string' ? { threadRef: threadTs } : {}),
        triggerRef: body.trigger_id,
      },
      surface: { reply, respond: respondInPlace, openModal: (modal) => deps.port.openModal(body.trigger_id, modal) },
    },
  );
}

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockAction>({ type: 'block_actions' }, async ({ body, ack, respond, context }) => {
    await ackOnce(context, ack);
    await deps.afterAck(() => handleBlockAction(deps, { body, respond, context }));
  });
}
