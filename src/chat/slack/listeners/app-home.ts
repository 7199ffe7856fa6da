// The App Home tab: whatever the router's home handler returns for this person (their claimed cases),
// published each time they open it.

import type { App, StringIndexed } from '@slack/bolt';
import type { ChatMessage } from '../../model.js';
import { deliveryOf, resolveSchool, type ListenerDeps } from './deps.js';

export async function handleAppHomeOpened(
  deps: ListenerDeps,
  args: { userId: string; teamId: string | undefined; context: StringIndexed },
): Promise<void> {
  const { userId, teamId, context } = args;
  const publish = (m: ChatMessage) => deps.port.publishHome(userId, m);
  const outcome = await deps.router.dispatch(
    { kind: 'home' },
    {
      platform: 'slack',
      userId,
      resolveSchool: resolveSchool(deps, { teamId, userId }),
      staffDirectory: deps.staffDirectory,
      delivery: deliveryOf(context),
      source: {},
      surface: {
        reply: async (m) => {
          await deps.port.dm(userId, m);
        },
        respond: publish,
        openModal: async () => {
          throw new Error('opening the home tab gives no trigger to open a modal from');
        },
      },
    },
  );
  if (outcome.kind === 'home') await publish(outcome.message);
}

export function registerAppHome(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, context, body }) => {
    if (event.tab !== undefined && event.tab !== 'home') return;
    await deps.afterAck(() => handleAppHomeOpened(deps, { userId: event.user, teamId: context.teamId ?? body.team_id, context }));
  });
}
