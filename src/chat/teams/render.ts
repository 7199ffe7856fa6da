// Adaptive Cards 1.5 for whole surfaces: a message (split into as many cards as Teams' ~28 KB payload
// limit needs, each labelled "Page N of M") and a form standing in for a modal (inputs plus a submit
// Action.Execute with verb "view:<callbackId>" that carries the form back so it can be shown again
// with errors). Pure: no botbuilder here.

import type { Block, ChatMessage, Modal, ModalInput } from '../model.js';
import { TEAMS_LIMITS as L, charLength, jsonBytes, truncate } from './limits.js';
import { Mentions, toPlainText, type MentionEntity, type NameLookup } from './markdown.js';
import { unitsFor, type Unit } from './render-blocks.js';
import { plain, renderChoices, TeamsRenderError, type CardElement, type RenderContext } from './render-elements.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const FORM_VERB_PREFIX = 'view:';
/** Key of the form's own data in a submit's Action.Execute data (so no input may use it). */
export const FORM_DATA_KEY = 'rollcall';

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  fallbackText?: string;
  body: CardElement[];
  msteams: { width: 'Full'; entities?: MentionEntity[] };
}

export interface TeamsPage {
  /** Notification / preview text (activity summary). */
  summary: string;
  card: AdaptiveCard;
}

export interface RenderOptions {
  names?: NameLookup;
}

function contextFor(options: RenderOptions): RenderContext {
  let n = 0;
  return { mentions: new Mentions(options.names), nextInputId: (prefix) => `${prefix}-${++n}` };
}

function cardOf(body: CardElement[], summary: string, ctx: RenderContext): AdaptiveCard {
  const entities = ctx.mentions.usedIn(JSON.stringify(body));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: summary,
    body,
    msteams: entities.length > 0 ? { width: 'Full', entities } : { width: 'Full' },
  };
}

function pack(units: readonly Unit[], maxBytes: number): CardElement[][] {
  const pages: CardElement[][] = [];
  let page: CardElement[] = [];
  let bytes = 0;
  for (const unit of units) {
    const size = jsonBytes(unit.elements);
    if (page.length > 0 && bytes + size > maxBytes) {
      pages.push(page);
      page = [];
      bytes = 0;
    }
    page.push(...unit.elements);
    bytes += size;
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

function label(text: string, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text, isSubtle: true, size: 'Small', wrap: true, ...extra };
}

/** One message as one or more cards that each fit Teams' payload limit, rows kept whole and in order. */
export function renderMessage(message: ChatMessage, options: RenderOptions = {}): TeamsPage[] {
  const ctx = contextFor(options);
  const units = unitsFor(message.blocks, ctx);
  const summary = truncate(toPlainText(message.summary, options.names), 1_000);
  const single = pack(units, L.cardBytes);
  if (single.length === 1) return [{ summary, card: cardOf(single[0] ?? [], summary, ctx) }];

  const pages = pack(units, L.cardBytes - L.labelBytes);
  const header = message.blocks.find((b): b is Extract<Block, { kind: 'header' }> => b.kind === 'header');
  const title = truncate(toPlainText(header?.text ?? message.summary, options.names), 200);
  return pages.map((body, i) => {
    const pageLabel = `Page ${i + 1} of ${pages.length}`;
    const top = i === 0 ? [] : [label(`**${title}** (continued)`)];
    const bottom = label(pageLabel, { spacing: 'Medium' });
    const pageSummary = `${summary} (${pageLabel.toLowerCase()})`;
    return { summary: pageSummary, card: cardOf([...top, ...body, bottom], pageSummary, ctx) };
  });
}

/** The form's state carried in its submit action: the form itself, and whether it is a posted message
 * (then a successful submit replaces it for good) or a card shown only to the person who pressed. */
export interface FormCarry {
  form: Modal;
  posted: boolean;
  /** FormSigner signature over { form, posted }: the carry comes back from the client. */
  sig: string;
}

export interface FormState {
  posted: boolean;
  sign: (carried: { form: Modal; posted: boolean }) => string;
  values?: Record<string, string | undefined>;
  errors?: Record<string, string>;
}

function error(text: string): CardElement {
  return { type: 'TextBlock', text, color: 'Attention', size: 'Small', wrap: true, spacing: 'None' };
}

function renderInput(input: ModalInput, value: string | undefined, ctx: RenderContext): CardElement {
  const base = { id: input.id, label: plain(input.label, 200, ctx), isRequired: !(input.optional ?? false), errorMessage: 'Required' };
  if (input.kind === 'select') {
    const element: CardElement = { type: 'Input.ChoiceSet', ...base, style: 'compact', choices: renderChoices(input.options, ctx) };
    if (value !== undefined && input.options.some((o) => o.value === value)) element['value'] = value;
    return element;
  }
  const max = Math.min(input.maxLength ?? L.textInput, L.textInput);
  const element: CardElement = { type: 'Input.Text', ...base, isMultiline: input.kind === 'multiline', maxLength: max };
  if (input.placeholder) element['placeholder'] = plain(input.placeholder, L.placeholder, ctx);
  if (value !== undefined) element['value'] = truncate(value, max);
  return element;
}

/** A modal as a card with inputs; `values`/`errors` show a submission again beside its inputs. */
export function renderForm(modal: Modal, state: FormState, options: RenderOptions = {}): AdaptiveCard {
  const metadata = modal.privateMetadata ?? '';
  if (charLength(metadata) > L.modalMetadata) throw new TeamsRenderError(`form ${modal.callbackId}: private metadata over ${L.modalMetadata} characters`);
  if (modal.inputs.some((i) => i.id === FORM_DATA_KEY)) throw new TeamsRenderError(`form ${modal.callbackId}: no input may be called "${FORM_DATA_KEY}"`);
  const ctx = contextFor(options);
  const errors = state.errors ?? {};
  const body: CardElement[] = [{ type: 'TextBlock', text: plain(modal.title, L.headerText, ctx), weight: 'Bolder', size: 'Medium', wrap: true }];
  body.push(...unitsFor(modal.intro ?? [], ctx).flatMap((u) => u.elements));
  const formError = errors['_form'];
  if (formError) body.push(error(formError));
  for (const input of modal.inputs) {
    body.push(renderInput(input, state.values?.[input.id] ?? input.initialValue, ctx));
    const problem = errors[input.id];
    if (problem) body.push(error(problem));
  }
  const carry: FormCarry = { form: modal, posted: state.posted, sig: state.sign({ form: modal, posted: state.posted }) };
  body.push({
    type: 'ActionSet',
    actions: [{ type: 'Action.Execute', title: plain(modal.submitLabel, L.buttonTitle, ctx), verb: `${FORM_VERB_PREFIX}${modal.callbackId}`, style: 'positive', data: { [FORM_DATA_KEY]: carry } }],
  });
  return cardOf(body, toPlainText(modal.title), ctx);
}

export function cardAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
