// Plain-text rendering of the neutral model for the terminal: what a post would show, with each
// control written the way it is pressed, e.g. `[Claim] (claim:case-amy)` -> `press claim:case-amy`.

import { stripMarkup } from '../markup.js';
import type { Block, ChatMessage, Control, Modal, ModalInput } from '../model.js';

function control(c: Control): string {
  if (c.kind === 'button') return `[${stripMarkup(c.label)}] (${c.actionId}:${c.value})`;
  const options = c.options.map((o) => `${o.value}=${stripMarkup(o.label)}`).join(', ');
  return `{${stripMarkup(c.placeholder)}: ${options}} (${c.actionId}:<value>)`;
}

function block(b: Block): string[] {
  switch (b.kind) {
    case 'header':
      return [`== ${stripMarkup(b.text)} ==`];
    case 'text':
      return stripMarkup(b.text).split('\n');
    case 'context':
      return [`  ${stripMarkup(b.text)}`];
    case 'divider':
      return ['----'];
    case 'fields':
      return b.fields.map((f) => `${stripMarkup(f.label)}: ${stripMarkup(f.value)}`);
    case 'actions':
      return [b.controls.map(control).join('  ')];
    case 'list':
      if (b.rows.length === 0) return [`  ${b.emptyText ?? 'Nothing to show.'}`];
      return b.rows.map((r) => {
        const controls = (r.controls ?? []).map(control).join('  ');
        return controls === '' ? `  - ${stripMarkup(r.text)}` : `  - ${stripMarkup(r.text)}  ${controls}`;
      });
  }
}

export function renderText(message: ChatMessage): string {
  const lines = message.blocks.flatMap(block);
  return (lines.length > 0 ? lines : [stripMarkup(message.summary)]).join('\n');
}

function input(i: ModalInput): string {
  const optional = i.optional ? ', optional' : '';
  if (i.kind === 'select') {
    // Numbered by label: values can be internal ids (a contact), which nobody should have to type.
    const choices = i.options.map((o, n) => `      ${n + 1}  ${stripMarkup(o.label)}${o.value.length <= 12 && !o.label.startsWith(o.value) ? ` (${o.value})` : ''}`);
    return [`  ${i.id} (a number below${optional}): ${i.label}`, ...choices].join('\n');
  }
  return `  ${i.id} (${i.kind === 'multiline' ? 'text, several lines' : 'text'}${optional}): ${i.label}`;
}

export function renderModalText(modal: Modal): string {
  const intro = (modal.intro ?? []).flatMap(block);
  const example = modal.inputs.map((i) => `${i.id}="..."`).join(' ');
  return [
    `[form] ${modal.title}`,
    ...intro,
    ...modal.inputs.map(input),
    `  fill it in with: submit ${modal.callbackId} ${example}`,
  ].join('\n');
}
