// Answers only the person who acted should see. Teams has no ephemeral messages in channels or group
// chats, so there they go to the person's 1:1 chat with Rollcall (opened with their Teams id, which
// works for anyone in a team Rollcall is in); in a 1:1 chat they are simply posted there. If the 1:1
// chat cannot be opened, the answer is NOT shown in the channel (it may name pupils): a short note in
// the thread tells the person how to let Rollcall message them.

import type { TurnContext } from 'botbuilder';
import type { ChatMessage, Modal } from '../../model.js';
import { cardActivity } from '../port.js';
import type { OutgoingActivity } from '../sender.js';
import { storedFrom, type Inbound } from './activity.js';
import type { InboundDeps } from './deps.js';

export async function sendPrivately(deps: InboundDeps, ctx: TurnContext, inbound: Inbound, activities: OutgoingActivity[]): Promise<void> {
  if (activities.length === 0) return;
  if (inbound.conversationType === 'personal') {
    await ctx.sendActivities(activities);
    return;
  }
  try {
    const chat = await deps.port.personalChat({ userId: inbound.actorId, memberId: inbound.activity.from.id }, storedFrom(inbound));
    await deps.port.sendTo(chat, activities);
  } catch (error) {
    deps.logger.warn('could not answer in the 1:1 chat; left a note in the thread instead', { userId: inbound.actorId, error });
    await ctx.sendActivity({ type: 'message', text: CANNOT_MESSAGE_YOU });
  }
}

export const CANNOT_MESSAGE_YOU =
  'Rollcall could not send you its answer privately. Add Rollcall for yourself (Apps, then Rollcall, then Add) and try again.';

export function replyPrivately(deps: InboundDeps, ctx: TurnContext, inbound: Inbound): (m: ChatMessage) => Promise<void> {
  return (m) => sendPrivately(deps, ctx, inbound, deps.port.render(m));
}

/** A form posted as a message where only the person sees it; a submit replaces it with the answer. */
export function postFormPrivately(deps: InboundDeps, ctx: TurnContext, inbound: Inbound): (modal: Modal) => Promise<void> {
  return (modal) => sendPrivately(deps, ctx, inbound, [cardActivity(deps.port.formCard(modal, true), modal.title)]);
}
