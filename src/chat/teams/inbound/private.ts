// Answers only the person who acted should see. Teams has no ephemeral messages in channels or group
// chats, so there they go to the person's 1:1 chat with Rollcall (opened with their Teams id, which
// works for anyone in a team Rollcall is in); in a 1:1 chat they are simply posted there. If the 1:1
// chat cannot be opened, the answer is NOT shown in the channel (it may name pupils): a short note in
// the thread tells the person how to let Rollcall message them.

import type { ChatMessage, Modal } from '../../model.js';
import { cardActivity } from '../port.js';
import type { OutgoingActivity } from '../sender.js';
import { storedFrom, type Inbound } from './activity.js';
import type { InboundDeps } from './deps.js';

export async function sendPrivately(deps: InboundDeps, inbound: Inbound, activities: OutgoingActivity[]): Promise<void> {
  if (activities.length === 0) return;
  if (inbound.conversationType === 'personal') {
    await deps.port.sendTo(storedFrom(inbound), activities);
    return;
  }
  try {
    const chat = await deps.port.personalChat({ userId: inbound.actorId, memberId: inbound.activity.from.id }, storedFrom(inbound));
    await deps.port.sendTo(chat, activities);
  } catch (error) {
    deps.logger.warn('could not answer in the 1:1 chat; left a note in the thread instead', { userId: inbound.actorId, error });
    await deps.port.sendTo(storedFrom(inbound), [{ type: 'message', text: CANNOT_MESSAGE_YOU }], inbound.threadRoot);
  }
}

export const CANNOT_MESSAGE_YOU =
  'Rollcall could not send you its answer privately. Add Rollcall for yourself (Apps, then Rollcall, then Add) and try again.';

export function replyPrivately(deps: InboundDeps, inbound: Inbound): (m: ChatMessage) => Promise<void> {
  return (m) => sendPrivately(deps, inbound, deps.port.render(m));
}

/** A form posted as a message where only the person sees it; a submit replaces it with the answer. */
export function postFormPrivately(deps: InboundDeps, inbound: Inbound): (modal: Modal) => Promise<void> {
  return (modal) => sendPrivately(deps, inbound, [cardActivity(deps.port.formCard(modal, true), modal.title)]);
}
