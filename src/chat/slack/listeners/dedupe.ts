// Global middleware: Slack redelivers what it thinks was not received (x-slack-retry-num), so each
// delivery is keyed (event_id, or the interaction's trigger_id) and handled the first time only.
// A repeat is acknowledged and dropped before any listener runs.
//
// Slash commands and button presses are acknowledged here, before their handler runs (Slack only waits
// 3 s). Slack never sends them again after that 200, so with AcknowledgedRequests each is first written
// down, then acknowledged, then marked handled when its handler ends: one a dead process acknowledged is
// handled at the next start (replayAcknowledged). If it cannot be written down, the person is told it
// was not taken. Modal submissions cannot be acknowledged early (the ack may carry field errors) and
// events are acknowledged by Bolt itself.

import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import type { AcknowledgedRequests, DeliveryLog } from '../../port.js';
import type { ChatLogger } from '../../router.js';
import { ACKNOWLEDGED } from './deps.js';

function stringField(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object' || !(key in value)) return undefined;
  const found: unknown = (value as Record<string, unknown>)[key];
  return typeof found === 'string' && found !== '' ? found : undefined;
}

export function deliveryKeyOf(body: unknown): string | undefined {
  const id = stringField(body, 'event_id') ?? stringField(body, 'trigger_id');
  return id === undefined ? undefined : `slack:${id}`;
}

/** Whether the ack can go before anything else: its body never depends on what the handler finds. */
export function acknowledgedEarly(body: unknown): boolean {
  return stringField(body, 'command') !== undefined || stringField(body, 'type') === 'block_actions';
}

/** Context flag of a request handled again after a restart (its process died before handling it). */
export const REPLAY = 'rollcallReplay';

const NOT_TAKEN = 'Rollcall could not take this just now (its database did not answer), so nothing was done. Please try again in a moment; for a missing pupil, follow the school’s paper procedure meanwhile.';

export function dedupeMiddleware(deliveryLog: DeliveryLog, logger: ChatLogger, inbox?: AcknowledgedRequests) {
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const ack = 'ack' in args && typeof args.ack === 'function' ? args.ack : undefined;
    const key = deliveryKeyOf(args.body);
    if (key !== undefined) args.context['deliveryKey'] = key;
    const replay = args.context[REPLAY] === true;
    if (inbox !== undefined && key !== undefined && (replay || (ack !== undefined && acknowledgedEarly(args.body)))) {
      if (!replay && !(await receiveThenAck(inbox, key, args, () => ack!(), logger))) return;
      args.context[ACKNOWLEDGED] = true;
      try {
        await args.next();
      } finally {
        await inbox.handled(key).catch((error: unknown) => logger.error('could not mark a Slack request handled', { key, error: String(error) }));
      }
      return;
    }
    if (ack !== undefined && acknowledgedEarly(args.body)) {
      await ack();
      args.context[ACKNOWLEDGED] = true;
    }
    if (key !== undefined) {
      if (!(await deliveryLog.firstTime(key))) {
        logger.warn('duplicate Slack delivery dropped', { key, retryNum: args.context.retryNum });
        if (ack !== undefined && args.context[ACKNOWLEDGED] !== true) await ack();
        return;
      }
    }
    await args.next();
  };
}

/** Written down, then acknowledged; false when it is a repeat or could not be written (then said so). */
async function receiveThenAck(inbox: AcknowledgedRequests, key: string, args: AnyMiddlewareArgs, ack: () => Promise<void>, logger: ChatLogger): Promise<boolean> {
  let first: boolean;
  try {
    first = await inbox.receive(key, JSON.stringify(args.body));
  } catch (error) {
    logger.error('could not record a Slack request before acknowledging it', { key, error: String(error) });
    // A command's acknowledgement carries the answer; a press left unacknowledged shows Slack's warning.
    if ('command' in args) await args.ack(NOT_TAKEN);
    return false;
  }
  await ack();
  if (!first) logger.warn('duplicate Slack delivery dropped', { key });
  return first;
}
