// HTML for the local web page: posts with real buttons (small forms posting back), and open forms.
// Everything from messages is escaped; no scripts.

import { parseInline, stripMarkup } from '../markup.js';
import type { Block, ChatMessage, Control, Modal, ModalInput } from '../model.js';

export function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function inlineHtml(markup: string): string {
  return parseInline(markup)
    .map((s) => {
      switch (s.kind) {
        case 'plain':
          return esc(s.text).replace(/\n/g, '<br>');
        case 'bold':
          return `<strong>${esc(s.text)}</strong>`;
        case 'italic':
          return `<em>${esc(s.text)}</em>`;
        case 'code':
          return `<code>${esc(s.text)}</code>`;
        case 'link':
          return `<a href="${esc(s.url)}">${esc(s.label)}</a>`;
        case 'mention':
          return `<b>@${esc(s.userId)}</b>`;
      }
    })
    .join('');
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;
}

function controlHtml(c: Control): string {
  if (c.kind === 'button') {
    const confirm = c.confirm ? ` title="${esc(c.confirm.text)}"` : '';
    return `<form method="post" action="/press" class="inline">${hidden('actionId', c.actionId)}${hidden('value', c.value)}<button class="${c.style ?? ''}"${confirm}>${esc(c.label)}</button></form>`;
  }
  const options = c.options.map((o) => `<option value="${esc(o.value)}"${o.value === c.initialValue ? ' selected' : ''}>${esc(o.label)}</option>`).join('');
  return `<form method="post" action="/press" class="inline">${hidden('actionId', c.actionId)}<select name="value">${options}</select><button>${esc(c.placeholder)}</button></form>`;
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'header':
      return `<h3>${esc(b.text)}</h3>`;
    case 'text':
      return `<p>${inlineHtml(b.text)}</p>`;
    case 'context':
      return `<p class="context">${inlineHtml(b.text)}</p>`;
    case 'divider':
      return '<hr>';
    case 'fields':
      return `<dl>${b.fields.map((f) => `<dt>${inlineHtml(f.label)}</dt><dd>${inlineHtml(f.value)}</dd>`).join('')}</dl>`;
    case 'actions':
      return `<div>${b.controls.map(controlHtml).join(' ')}</div>`;
    case 'list':
      if (b.rows.length === 0) return `<p class="context">${inlineHtml(b.emptyText ?? 'Nothing to show.')}</p>`;
      return `<ul>${b.rows.map((r) => `<li>${inlineHtml(r.text)} ${(r.controls ?? []).map(controlHtml).join(' ')}</li>`).join('')}</ul>`;
  }
}

export function messageHtml(message: ChatMessage): string {
  return message.blocks.length > 0 ? message.blocks.map(blockHtml).join('\n') : `<p>${esc(stripMarkup(message.summary))}</p>`;
}

function inputHtml(i: ModalInput, first: boolean): string {
  const focus = first ? ' autofocus' : '';
  const label = `<label>${esc(i.label)}${i.optional ? ' (optional)' : ''}</label>`;
  if (i.kind === 'select') {
    const options = i.options.map((o) => `<option value="${esc(o.value)}"${o.value === i.initialValue ? ' selected' : ''}>${esc(o.label)}</option>`).join('');
    return `${label}<select name="${esc(i.id)}"${focus}><option value=""></option>${options}</select>`;
  }
  const value = esc(i.initialValue ?? '');
  return i.kind === 'multiline'
    ? `${label}<textarea name="${esc(i.id)}"${focus}>${value}</textarea>`
    : `${label}<input name="${esc(i.id)}" value="${value}"${focus}>`;
}

/** An open form; with `focus`, its first field takes the focus so the browser brings it into view. */
export function modalHtml(modal: Modal, id?: string, focus = false): string {
  const intro = (modal.intro ?? []).map(blockHtml).join('\n');
  return `<form method="post" action="/submit" class="modal"${id ? ` id="${esc(id)}"` : ''}><h3>${esc(modal.title)}</h3>${intro}${hidden('__form', modal.callbackId)}${modal.inputs.map((input, n) => inputHtml(input, focus && n === 0)).join('<br>')}<br><button class="primary">${esc(modal.submitLabel)}</button></form>`;
}
