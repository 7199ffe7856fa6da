// Global middleware: Slack redelivers what it thinks was not received (x-slack-retry-num), so each
// delivery is keyed (event_id, or the interaction's trigger_id) and handled the first time only.
// A repeat is acknowledged and dropped before any listener runs.
//
// Slash commands and button presses are acknowledged here, before the delivery is looked up: the
// lookup is a database write that queues behind other work under load, and Slack only needs to hear
// "received" within 3 s. Modal submissions cannot be acknowledged early (the ack may carry field
// errors) and events are acknowledged by Bolt itself.

import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import type { DeliveryLog } from '../../port.js';
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

export function dedupeMiddleware(deliveryLog: DeliveryLog, logger: ChatLogger) {
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const ack = 'ack' in args && typeof args.ack === 'function' ? args.ack : undefined;
    if (ack !== undefined && acknowledgedEarly(args.body)) {
      await ack();
      args.context[ACKNOWLEDGED] = true;
    }
    const key = deliveryKeyOf(args.body);
    if (key !== undefined) {
      args.context['deliveryKey'] = key;
      if (!(await deliveryLog.firstTime(key))) {
        logger.warn('duplicate Slack delivery dropped', { key, retryNum: args.context.retryNum });
        if (ack !== undefined && args.context[ACKNOWLEDGED] !== true) await ack();
        return;
      }
    }
    await args.next();
  };
}
