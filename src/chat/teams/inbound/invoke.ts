// Card presses and form submits: Universal Actions (Action.Execute), verb = the neutral action id, or
// "view:<callbackId>" for a form. The router runs first and the handler's answers are collected; then
// one invoke response goes back to the presser:
//   respond(m)    -> the pressed card is updated for everyone (updateActivity) and returned refreshed;
//   openModal(f)  -> the form is returned as the card, for the presser only;
//   field errors  -> the form again, values kept, problems beside the inputs;
//   reply(m)      -> on a form: the answer replaces the form (for good if the form was a posted
//                    message); on a button: its text as the invoke message only the presser sees,
//                    or, if it has buttons of its own or the response is already taken, a 1:1 chat.

import type { IAdaptiveCardActionInvokeActivity } from '@microsoft/teams.api';
import { stripMarkup } from '../../markup.js';
import type { ChatMessage, Modal } from '../../model.js';
import type { Interaction } from '../../router.js';
import { cardAttachment, renderMessage, type AdaptiveCard, FORM_VERB_PREFIX } from '../render.js';
import { readInbound, type Inbound } from './activity.js';
import { envelopeFor, noteArrival, type InboundDeps } from './deps.js';
import { controlValue, readCarriedForm, submittedValues, type CarriedForm } from './form-carry.js';
import { sendPrivately } from './private.js';

interface Collected {
  respond?: ChatMessage;
  modal?: Modal;
  replies: ChatMessage[];
}

const EXPIRED = 'This form has expired or was changed on the way. Run the command again for a fresh one.';
const SENT_TO_CHAT = 'Rollcall sent you the details in your chat with Rollcall.';

function hasControls(m: ChatMessage): boolean {
  return m.blocks.some((b) => b.kind === 'actions' || (b.kind === 'list' && b.rows.some((r) => (r.controls ?? []).length > 0)));
}

/** The text of an answer, for the short message Teams shows the presser beside the card. */
export function plainAnswer(messages: readonly ChatMessage[]): string {
  const lines = messages.flatMap((m) =>
    m.blocks.flatMap((b) => {
      switch (b.kind) {
        case 'header':
        case 'text':
        case 'context':
          return [stripMarkup(b.text)];
        case 'fields':
          return b.fields.map((f) => `${stripMarkup(f.label)}: ${stripMarkup(f.value)}`);
        case 'list':
          return b.rows.map((r) => stripMarkup(r.text));
        default:
          return [];
      }
    }),
  );
  const text = lines.join('\n').trim() || messages.map((m) => m.summary).join('\n');
  return text.length > 1_000 ? `${text.slice(0, 999)}…` : text;
}

function merged(messages: readonly ChatMessage[]): ChatMessage {
  return { summary: messages.map((m) => m.summary).join(' · '), blocks: messages.flatMap((m) => m.blocks) };
}

function firstCard(deps: InboundDeps, m: ChatMessage): AdaptiveCard {
  const pages = renderMessage(m, { names: (id) => deps.names.get(id) });
  if (pages.length > 1) deps.logger.warn('card answer longer than one card; later pages dropped', { pages: pages.length });
  const first = pages[0];
  if (!first) throw new Error('rendering gave no card');
  return first.card;
}

async function updatePressedCard(deps: InboundDeps, inbound: Inbound, card: AdaptiveCard): Promise<void> {
  const id = inbound.activity.replyToId;
  if (id) await deps.port.replaceActivity(inbound.reference, id, { type: 'message', attachments: [cardAttachment(card)] });
}

/** The card (or short text) to answer a press with; the SDK route wraps it as the invoke response. */
export async function handleActionExecute(deps: InboundDeps, activity: IAdaptiveCardActionInvokeActivity): Promise<AdaptiveCard | string> {
  const inbound = readInbound(activity);
  await noteArrival(deps, inbound);
  const action: unknown = activity.value?.action;
  const verb: unknown = action !== null && typeof action === 'object' && 'verb' in action ? action.verb : undefined;
  const rawData: unknown = action !== null && typeof action === 'object' && 'data' in action ? action.data : undefined;
  const data: Record<string, unknown> = rawData !== null && typeof rawData === 'object' && !Array.isArray(rawData) ? { ...rawData } : {};
  if (typeof verb !== 'string') return 'That button carried nothing Rollcall understands.';

  let carried: CarriedForm | undefined;
  let interaction: Interaction;
  if (verb.startsWith(FORM_VERB_PREFIX)) {
    carried = readCarriedForm(data, deps.forms);
    if (!carried) return EXPIRED;
    interaction = { kind: 'view', callbackId: verb.slice(FORM_VERB_PREFIX.length), values: submittedValues(carried.form, data), privateMetadata: carried.form.privateMetadata ?? '' };
  } else {
    interaction = { kind: 'action', actionId: verb, value: controlValue(data) };
  }

  const got: Collected = { replies: [] };
  const outcome = await deps.router.dispatch(
    interaction,
    envelopeFor(
      deps,
      inbound,
      {
        reply: async (m) => {
          got.replies.push(m);
        },
        respond: async (m) => {
          got.respond = m;
        },
        openModal: async (modal) => {
          got.modal = modal;
        },
      },
      {
        channel: inbound.conversationId,
        ...(activity.replyToId ? { messageRef: activity.replyToId } : {}),
        ...(inbound.threadRoot === undefined ? {} : { threadRef: inbound.threadRoot }),
        triggerRef: `user:${inbound.actorId}`,
      },
    ),
  );
  const toChat = (messages: ChatMessage[]) => sendPrivately(deps, inbound, messages.flatMap((m) => deps.port.render(m)), messages);

  if (outcome.kind === 'field-errors' && carried && interaction.kind === 'view') {
    return deps.port.formCard(carried.form, carried.posted, { values: interaction.values, errors: outcome.errors });
  }
  if (carried) {
    const answers = [...(got.respond ? [got.respond] : []), ...got.replies];
    if (got.modal) return deps.port.formCard(got.modal, carried.posted);
    const card = firstCard(deps, answers.length > 0 ? merged(answers) : { summary: 'Saved', blocks: [{ kind: 'text', text: 'Saved.' }] });
    if (carried.posted) await updatePressedCard(deps, inbound, card);
    return card;
  }
  if (got.respond) {
    const card = firstCard(deps, got.respond);
    await updatePressedCard(deps, inbound, card);
    await toChat(got.replies);
    return card;
  }
  if (got.modal) {
    await toChat(got.replies);
    return deps.port.formCard(got.modal, false);
  }
  if (got.replies.length === 0) return 'Done.';
  if (got.replies.some(hasControls)) {
    await toChat(got.replies);
    return SENT_TO_CHAT;
  }
  return plainAnswer(got.replies);
}
