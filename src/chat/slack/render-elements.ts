// Block Kit elements (buttons, selects, confirm dialogs) from the neutral controls, within Slack's
// per-element limits. Values and ids are data, so an oversized one is a bug and throws rather than
// being cut (a cut value would route a press to the wrong case).

import type { types } from '@slack/bolt';
import type { Button, Confirmation, Control, Select, SelectOption } from '../model.js';
import { SLACK_LIMITS as L, charLength, truncate } from './limits.js';
import { toMrkdwn, toPlain } from './mrkdwn.js';

/** A message Rollcall built that Slack would refuse: a bug in our code, never a person's mistake, so not a RollcallError. */
export class SlackRenderError extends Error {
  override readonly name = 'SlackRenderError';
}

const SUFFIX = /~\d+$/;

/** Slack wants action_ids unique within a block: the second 'claim' in a block becomes 'claim~2'. */
export function encodeActionIds<T extends { actionId: string }>(controls: readonly T[]): string[] {
  const counts = new Map<string, number>();
  return controls.map(({ actionId }) => {
    if (charLength(actionId) > L.actionId - 4) throw new SlackRenderError(`action id too long: ${actionId.slice(0, 40)}…`);
    if (SUFFIX.test(actionId)) throw new SlackRenderError(`action id may not end in ~digits: ${actionId}`);
    const n = (counts.get(actionId) ?? 0) + 1;
    counts.set(actionId, n);
    return n === 1 ? actionId : `${actionId}~${n}`;
  });
}

export function decodeActionId(slackActionId: string): string {
  return slackActionId.replace(SUFFIX, '');
}

export function plainText(value: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(toPlain(value), max), emoji: true };
}

/** `verbatim`: Slack links and mentions only what the markup asked for, not URLs or @here in typed text. */
export function mrkdwn(value: string, max: number): types.MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(toMrkdwn(value), max), verbatim: true };
}

function confirmDialog(c: Confirmation): types.ConfirmationDialog {
  return {
    title: plainText(c.title, L.confirmTitle),
    text: plainText(c.text, L.confirmText),
    confirm: plainText(c.confirm, L.confirmButton),
    deny: plainText(c.deny, L.confirmButton),
  };
}

function renderButton(b: Button, actionId: string): types.Button {
  if (charLength(b.value) > L.buttonValue) {
    throw new SlackRenderError(`button value over ${L.buttonValue} characters (${b.actionId}): put an id in it, not data`);
  }
  const button: types.Button = { type: 'button', action_id: actionId, text: plainText(b.label, L.buttonText), value: b.value };
  if (b.style) button.style = b.style;
  if (b.confirm) button.confirm = confirmDialog(b.confirm);
  return button;
}

export function renderOption(o: SelectOption): types.PlainTextOption {
  if (charLength(o.value) > L.optionValue) throw new SlackRenderError(`option value over ${L.optionValue} characters: ${o.value.slice(0, 40)}…`);
  return { text: plainText(o.label, L.optionText), value: o.value };
}

export function renderOptions(options: readonly SelectOption[], initialValue: string | undefined) {
  if (options.length === 0 || options.length > L.selectOptions) {
    throw new SlackRenderError(`a select needs 1 to ${L.selectOptions} options, got ${options.length}`);
  }
  const rendered = options.map(renderOption);
  const initial = rendered.find((o) => o.value === initialValue);
  return { options: rendered, initial };
}

function renderSelect(s: Select, actionId: string): types.StaticSelect {
  const { options, initial } = renderOptions(s.options, s.initialValue);
  const select: types.StaticSelect = { type: 'static_select', action_id: actionId, placeholder: plainText(s.placeholder, L.placeholder), options };
  if (initial) select.initial_option = initial;
  return select;
}

export function renderControls(controls: readonly Control[]): (types.Button | types.StaticSelect)[] {
  const ids = encodeActionIds(controls);
  return controls.map((c, i) => {
    const id = ids[i] ?? c.actionId;
    return c.kind === 'button' ? renderButton(c, id) : renderSelect(c, id);
  });
}
