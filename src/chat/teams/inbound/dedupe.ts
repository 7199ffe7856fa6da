// Teams redelivers an activity it thinks was not received (same activity id), so each message and card
// press is keyed and handled the first time only. A repeat ends the turn before any route runs; a
// repeated card press still gets an answer, or Teams would show the presser an error.

import type { Activity, InvokeResponse } from '@microsoft/teams.api';
import type { DeliveryLog } from '../../port.js';
import type { ChatLogger } from '../../router.js';
import { deliveryKeyOf } from './activity.js';

export const ACTIVITY_MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';

/** Middleware for the SDK's router (App.use): runs the rest of the turn only the first time. */
export function dedupeTurn(deliveryLog: DeliveryLog, logger: ChatLogger) {
  return async (ctx: { activity: Activity; next: () => void | InvokeResponse | Promise<void | InvokeResponse> }): Promise<void | InvokeResponse> => {
    const { type } = ctx.activity;
    if (type !== 'message' && type !== 'invoke') return ctx.next();
    const key = deliveryKeyOf(ctx.activity);
    if (key === undefined || (await deliveryLog.firstTime(key))) return ctx.next();
    logger.warn('duplicate Teams delivery dropped', { key });
    if (type === 'invoke') return { status: 200, body: { statusCode: 200, type: ACTIVITY_MESSAGE_TYPE, value: 'Already done.' } };
    return undefined;
  };
}
