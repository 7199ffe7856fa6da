// Adaptive Card elements for the neutral controls. Every press is a Universal Action (Action.Execute):
// verb = the neutral action id, data = { value }. A select is an Input.ChoiceSet with an Apply button
// whose data names the input (Adaptive Cards 1.5 cannot submit on change). Ids and values are data,
// so an oversized one throws instead of being cut (a cut value would route a press to the wrong case).

import type { Button, Confirmation, Control, Select, SelectOption } from '../model.js';
import { TEAMS_LIMITS as L, charLength, truncate } from './limits.js';
import { toPlainText, type Mentions } from './markdown.js';

/** A card Rollcall built that Teams would refuse: a bug in our code, never a person's mistake, so not a RollcallError. */
export class TeamsRenderError extends Error {
  override readonly name = 'TeamsRenderError';
}

export interface CardElement {
  type: string;
  [key: string]: unknown;
}

/** Per-message rendering state: mentions seen and input ids handed out (unique across pages). */
export interface RenderContext {
  mentions: Mentions;
  nextInputId(prefix: string): string;
}

/** The data an Action.Execute for a control carries back. */
export interface ControlData {
  value?: string;
  /** For selects: the id of the Input.ChoiceSet whose value is the action's value. */
  input?: string;
}

function checkVerb(actionId: string): void {
  if (charLength(actionId) > L.verb) throw new TeamsRenderError(`action id too long: ${actionId.slice(0, 40)}…`);
  if (actionId.startsWith('view:')) throw new TeamsRenderError(`action id may not start with "view:" (reserved for forms): ${actionId}`);
}

export function plain(value: string, max: number, ctx: RenderContext): string {
  return truncate(toPlainText(value, (id) => ctx.mentions.nameOf(id)), max);
}

function confirmCard(title: string, c: Confirmation, execute: CardElement, ctx: RenderContext): CardElement {
  return {
    type: 'Action.ShowCard',
    title,
    card: {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: plain(c.title, 200, ctx), weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: plain(c.text, 1_000, ctx), wrap: true },
      ],
      actions: [{ ...execute, title: plain(c.confirm, L.buttonTitle, ctx) }],
    },
  };
}

export function renderButton(b: Button, ctx: RenderContext): CardElement {
  checkVerb(b.actionId);
  if (charLength(b.value) > L.actionValue) {
    throw new TeamsRenderError(`button value over ${L.actionValue} characters (${b.actionId}): put an id in it, not data`);
  }
  const data: ControlData = { value: b.value };
  const title = plain(b.label, L.buttonTitle, ctx);
  const execute: CardElement = { type: 'Action.Execute', title, verb: b.actionId, data };
  if (b.style === 'primary') execute['style'] = 'positive';
  if (b.style === 'danger') execute['style'] = 'destructive';
  return b.confirm ? confirmCard(title, b.confirm, execute, ctx) : execute;
}

export function renderChoices(options: readonly SelectOption[], ctx: RenderContext): { title: string; value: string }[] {
  if (options.length === 0 || options.length > L.choices) {
    throw new TeamsRenderError(`a select needs 1 to ${L.choices} options, got ${options.length}`);
  }
  return options.map((o) => ({ title: plain(o.label, L.choiceTitle, ctx), value: o.value }));
}

function renderSelect(s: Select, ctx: RenderContext): CardElement {
  checkVerb(s.actionId);
  const id = ctx.nextInputId('select');
  const input: CardElement = {
    type: 'Input.ChoiceSet',
    id,
    style: 'compact',
    placeholder: plain(s.placeholder, L.placeholder, ctx),
    choices: renderChoices(s.options, ctx),
  };
  if (s.initialValue !== undefined && s.options.some((o) => o.value === s.initialValue)) input['value'] = s.initialValue;
  const data: ControlData = { input: id };
  return {
    type: 'ColumnSet',
    columns: [
      { type: 'Column', width: 'stretch', items: [input] },
      { type: 'Column', width: 'auto', items: [{ type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Apply', verb: s.actionId, data }] }] },
    ],
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Controls in order: runs of buttons become ActionSets (six a row), each select its own row. */
export function renderControls(controls: readonly Control[], ctx: RenderContext): CardElement[] {
  const out: CardElement[] = [];
  let buttons: Button[] = [];
  const flush = () => {
    for (const part of chunk(buttons, L.actionsPerSet)) out.push({ type: 'ActionSet', actions: part.map((b) => renderButton(b, ctx)) });
    buttons = [];
  };
  for (const c of controls) {
    if (c.kind === 'button') {
      buttons.push(c);
    } else {
      flush();
      out.push(renderSelect(c, ctx));
    }
  }
  flush();
  return out;
}
