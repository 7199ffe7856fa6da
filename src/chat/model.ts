// The platform-neutral message model. Workflows build these values and never see Block Kit or
// Adaptive Cards; each adapter (slack/, teams/, local/) renders them within its platform's limits.
//
// Inline text uses a small markup every adapter can translate:
//   **bold**, _italic_, `code`, [label](https://url), {{user:PLATFORM_USER_ID}} (a mention),
//   and plain newlines; a backslash makes the next of these characters plain, and `literal(text)` puts
//   text people typed into markup that way. Everything else is literal text (adapters escape it).

export type Platform = 'slack' | 'teams' | 'local';

/** A platform as staff call it, in a sentence: "could not post in Microsoft Teams". */
export function platformName(platform: string): string {
  return ({ slack: 'Slack', teams: 'Microsoft Teams', local: 'the local page' } as Record<string, string>)[platform] ?? platform;
}

export type ButtonStyle = 'primary' | 'danger';

/** Asks "are you sure?" before the action is sent (Slack confirm dialog, Teams/local prompt). */
export interface Confirmation {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}

export interface Button {
  kind: 'button';
  /** Routes the press to `router.action(actionId, ...)`. */
  actionId: string;
  label: string;
  /** Opaque to the platform; validated by the action's zod schema. Keep it short (ids, not payloads). */
  value: string;
  style?: ButtonStyle;
  confirm?: Confirmation;
}

export interface SelectOption {
  label: string;
  value: string;
}

export interface Select {
  kind: 'select';
  actionId: string;
  placeholder: string;
  options: SelectOption[];
  initialValue?: string;
}

export type Control = Button | Select;

/** One line of a list (a pupil, a search area, a task) with what can be done to it. */
export interface ListRow {
  text: string;
  controls?: Control[];
}

export type Block =
  | { kind: 'header'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'fields'; fields: { label: string; value: string }[] }
  | { kind: 'list'; rows: ListRow[]; emptyText?: string }
  | { kind: 'divider' }
  | { kind: 'context'; text: string }
  | { kind: 'actions'; controls: Control[] };

export interface ChatMessage {
  /** Plain one-line summary: notifications, screen readers, platforms that cannot show blocks. */
  summary: string;
  blocks: Block[];
}

export type ModalInput =
  | { kind: 'text'; id: string; label: string; placeholder?: string; initialValue?: string; optional?: boolean; maxLength?: number }
  | { kind: 'multiline'; id: string; label: string; placeholder?: string; initialValue?: string; optional?: boolean; maxLength?: number }
  | { kind: 'select'; id: string; label: string; options: SelectOption[]; initialValue?: string; optional?: boolean };

export interface Modal {
  /** Routes the submission to `router.view(callbackId, ...)`. */
  callbackId: string;
  title: string;
  submitLabel: string;
  closeLabel?: string;
  /** Text shown above the inputs (header/text/fields/context only). */
  intro?: Block[];
  inputs: ModalInput[];
  /** Carried back untouched on submit (e.g. the case id). Keep under 3,000 characters. */
  privateMetadata?: string;
}

/** Where a message goes. `threadRef` is the externalId of the message to reply under. */
export interface Address {
  channel: string;
  threadRef?: string;
}

// Small builders so workflows read like the message they produce.

export function message(summary: string, ...blocks: Block[]): ChatMessage {
  return { summary, blocks };
}

export function header(text: string): Block {
  return { kind: 'header', text };
}

export function text(value: string): Block {
  return { kind: 'text', text: value };
}

export function context(value: string): Block {
  return { kind: 'context', text: value };
}

export function fields(entries: Record<string, string>): Block {
  return { kind: 'fields', fields: Object.entries(entries).map(([label, value]) => ({ label, value })) };
}

export function list(rows: ListRow[], emptyText?: string): Block {
  return emptyText === undefined ? { kind: 'list', rows } : { kind: 'list', rows, emptyText };
}

export function actions(...controls: Control[]): Block {
  return { kind: 'actions', controls };
}

export const divider: Block = { kind: 'divider' };

export function button(actionId: string, label: string, value: string, extra: Pick<Button, 'style' | 'confirm'> = {}): Button {
  return { kind: 'button', actionId, label, value, ...extra };
}

export function select(actionId: string, placeholder: string, options: SelectOption[], initialValue?: string): Select {
  return initialValue === undefined
    ? { kind: 'select', actionId, placeholder, options }
    : { kind: 'select', actionId, placeholder, options, initialValue };
}

/**
 * Text people typed (a note, a place, a name), for putting inside markup: shown as those characters on
 * every platform, never as bold, a link or a mention. Every adapter also escapes its own syntax.
 */
export function literal(value: string): string {
  return value.replace(/[\\*_`[\]{}]/g, '\\$&');
}

/** A mention of a platform user in inline markup. */
export function mention(platformUserId: string): string {
  return `{{user:${platformUserId}}}`;
}
