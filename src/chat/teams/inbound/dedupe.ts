// Teams redelivers an activity it thinks was not received (same activity id), so each message and card
// press is keyed and handled the first time only. A repeat ends the turn before any route runs; a
// repeated card press still gets an answer, or Teams would show the presser an error.

import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { DeliveryLog } from '../../port.js';
import type { ChatLogger } from '../../router.js';
import { deliveryKeyOf } from './activity.js';

export const ACTIVITY_MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';

export function dedupeTurn(deliveryLog: DeliveryLog, logger: ChatLogger): (ctx: TurnContext) => Promise<boolean> {
  return async (ctx) => {
    const { type } = ctx.activity;
    if (type !== ActivityTypes.Message && type !== ActivityTypes.Invoke) return true;
    const key = deliveryKeyOf(ctx.activity);
    if (key === undefined || (await deliveryLog.firstTime(key))) return true;
    logger.warn('duplicate Teams delivery dropped', { key });
    if (type === ActivityTypes.Invoke) {
      await ctx.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: { statusCode: 200, type: ACTIVITY_MESSAGE_TYPE, value: 'Already done.' } },
      });
    }
    return false;
  };
}
