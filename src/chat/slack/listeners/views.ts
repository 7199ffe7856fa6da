// Modal submissions. The router runs before the ack so that invalid values can be shown beside the
// inputs (response_action: errors); keep view handlers quick (Slack waits 3 s). Answers go by DM,
// since a modal has no channel.

import type { App, SlackViewAction, StringIndexed, ViewOutput } from '@slack/bolt';
import type { ChatMessage } from '../../model.js';
import type { DispatchOutcome } from '../../router.js';
import { deliveryOf, resolveSchool, type ListenerDeps } from './deps.js';

/** Input id -> submitted value; inputs are rendered with block_id = action_id = input id. */
export function viewValues(view: ViewOutput): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const block of Object.values(view.state.values)) {
    for (const [inputId, state] of Object.entries(block)) {
      const value = state.selected_option?.value ?? state.value ?? undefined;
      values[inputId] = value === '' ? undefined : value;
    }
  }
  return values;
}

/** Slack shows errors beside blocks: form-level ones go beside the first input. */
export function slackFieldErrors(view: ViewOutput, errors: Record<string, string>): Record<string, string> {
  const blockIds = Object.keys(view.state.values);
  const out: Record<string, string> = {};
  for (const [id, problem] of Object.entries(errors)) {
    const target = blockIds.includes(id) ? id : blockIds[0];
    if (target !== undefined) out[target] = out[target] ? `${out[target]} ${problem}` : problem;
  }
  return out;
}

export async function handleViewSubmission(
  deps: ListenerDeps,
  args: { body: SlackViewAction; view: ViewOutput; context: StringIndexed },
): Promise<DispatchOutcome> {
  const { body, view, context } = args;
  const userId = body.user.id;
  const dm = async (m: ChatMessage) => {
    await deps.port.dm(userId, m);
  };
  const triggerId: unknown = 'trigger_id' in body ? body.trigger_id : undefined;
  return deps.router.dispatch(
    { kind: 'view', callbackId: view.callback_id, values: viewValues(view), privateMetadata: view.private_metadata },
    {
      platform: 'slack',
      userId,
      resolveSchool: resolveSchool(deps, { teamId: body.team?.id ?? body.user.team_id, userId }),
      staffDirectory: deps.staffDirectory,
      delivery: deliveryOf(context),
      source: typeof triggerId === 'string' ? { triggerRef: triggerId } : {},
      surface: {
        reply: dm,
        respond: dm,
        openModal: async (modal) => {
          if (typeof triggerId !== 'string') throw new Error('no trigger to open a modal from');
          await deps.port.openModal(triggerId, modal);
        },
      },
    },
  );
}

export function registerViews(app: App, deps: ListenerDeps): void {
  app.view({ type: 'view_submission' }, async ({ body, view, ack, context }) => {
    const outcome = await handleViewSubmission(deps, { body, view, context });
    if (outcome.kind === 'field-errors') {
      await ack({ response_action: 'errors', errors: slackFieldErrors(view, outcome.errors) });
    } else {
      await ack();
    }
  });
}
