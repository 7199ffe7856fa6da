// Global middleware: Slack redelivers what it thinks was not received (x-slack-retry-num), so each
// delivery is keyed (event_id, or the interaction's trigger_id) and handled the first time only.
// A repeat is acknowledged and dropped before any listener runs.

import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import type { DeliveryLog } from '../../port.js';
import type { ChatLogger } from '../../router.js';

function stringField(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object' || !(key in value)) return undefined;
  const found: unknown = (value as Record<string, unknown>)[key];
  return typeof found === 'string' && found !== '' ? found : undefined;
}

export function deliveryKeyOf(body: unknown): string | undefined {
  const id = stringField(body, 'event_id') ?? stringField(body, 'trigger_id');
  return id === undefined ? undefined : `slack:${id}`;
}

export function dedupeMiddleware(deliveryLog: DeliveryLog, logger: ChatLogger) {
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const key = deliveryKeyOf(args.body);
    if (key !== undefined) {
      args.context['deliveryKey'] = key;
      if (!(await deliveryLog.firstTime(key))) {
        logger.warn('duplicate Slack delivery dropped', { key, retryNum: args.context.retryNum });
        if ('ack' in args && typeof args.ack === 'function') await args.ack();
        return;
      }
    }
    await args.next();
  };
}
