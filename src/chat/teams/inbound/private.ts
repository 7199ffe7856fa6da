// Answers only the person who acted should see. Teams has no ephemeral messages in channels or group
// chats, so there they go to the person's 1:1 chat with Rollcall (opened with their Teams id, which
// works for anyone in a team Rollcall is in); in a 1:1 chat they are simply posted there. If the 1:1
// chat cannot be opened, the answer is NOT shown in the channel (it may name pupils): a short note in
// the thread tells the person how to let Rollcall message them. A failure that may pass (429, 5xx) is
// retried through the outbox instead, or, for a form, left for the person to ask again.

import type { ChatMessage, Modal } from '../../model.js';
import { cardActivity } from '../port.js';
import type { OutgoingActivity } from '../sender.js';
import { deliveryKeyOf, storedFrom, type Inbound } from './activity.js';
import { conversationInfo, type InboundDeps } from './deps.js';

/** `messages`: what the activities render, for sending later when Teams fails in a way that may pass. */
export async function sendPrivately(deps: InboundDeps, inbound: Inbound, activities: OutgoingActivity[], messages: ChatMessage[] = []): Promise<void> {
  if (activities.length === 0) return;
  try {
    const chat = inbound.conversationType === 'personal'
      ? storedFrom(inbound)
      : await deps.port.personalChat({ userId: inbound.actorId, memberId: inbound.activity.from.id }, storedFrom(inbound));
    await deps.port.sendTo(chat, activities);
  } catch (error) {
    if (await answeredLater(deps, inbound, messages, error)) return;
    if (inbound.conversationType === 'personal') throw error;
    const failure = deps.port.classifyError(error);
    // A 5xx or a timeout may come after Teams showed the answer, and a 429 passes: "add Rollcall for
    // yourself" would be wrong advice (and beside a delivered answer, a contradiction). Only a refusal to
    // open or use the 1:1 chat gets the note.
    if (failure.retryable && !failure.held) {
      deps.logger.warn('the 1:1 answer failed in a way that may pass; nothing was left in the thread', { userId: inbound.actorId, reason: failure.reason });
      return;
    }
    deps.logger.warn('could not answer in the 1:1 chat; left a note in the thread instead', { userId: inbound.actorId, error });
    await deps.port.sendTo(storedFrom(inbound), [{ type: 'message', text: CANNOT_MESSAGE_YOU }], inbound.threadRoot);
  }
}

// A 429 or an outage is not a reason to lose the answer (the reporter of a missing pupil must hear it was
// raised): it goes through the outbox's retries instead, as a message in the person's 1:1 chat.
async function answeredLater(deps: InboundDeps, inbound: Inbound, messages: ChatMessage[], error: unknown): Promise<boolean> {
  if (!deps.answerLater || messages.length === 0 || !deps.port.classifyError(error).retryable) return false;
  const schoolId = await Promise.resolve(deps.schoolForConversation(conversationInfo(inbound))).catch(() => undefined);
  if (!schoolId) return false;
  const key = deliveryKeyOf(inbound.activity) ?? `teams:${inbound.conversationId}:${inbound.activity.id ?? Date.now()}`;
  deps.logger.warn('the in-turn answer failed; it is sent later through the outbox', { userId: inbound.actorId, error: String(error) });
  await deps.answerLater({ platform: 'teams', schoolId, userId: inbound.actorId, key }, messages);
  return true;
}

export const CANNOT_MESSAGE_YOU =
  'Rollcall could not send you its answer privately. Add Rollcall for yourself (Apps, then Rollcall, then Add) and try again.';

export function replyPrivately(deps: InboundDeps, inbound: Inbound): (m: ChatMessage) => Promise<void> {
  return (m) => sendPrivately(deps, inbound, deps.port.render(m), [m]);
}

/** A form posted as a message where only the person sees it; a submit replaces it with the answer. */
export function postFormPrivately(deps: InboundDeps, inbound: Inbound): (modal: Modal) => Promise<void> {
  return (modal) => sendPrivately(deps, inbound, [cardActivity(deps.port.formCard(modal, true), modal.title)]);
}
