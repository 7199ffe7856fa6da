// The neutral inline markup (model.ts) as Slack mrkdwn and plain_text, with Slack's escaping of & < >.

import { parseInline, stripMarkup } from '../markup.js';

export function escapeSlack(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slash-command text arrives HTML-escaped; undo it before parsing arguments. */
export function unescapeSlack(value: string): string {
  return value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function toMrkdwn(markup: string): string {
  return parseInline(markup)
    .map((span) => {
      switch (span.kind) {
        case 'plain':
          return escapeSlack(span.text);
        case 'bold':
          return `*${escapeSlack(span.text)}*`;
        case 'italic':
          return `_${escapeSlack(span.text)}_`;
        case 'code':
          return `\`${escapeSlack(span.text)}\``;
        case 'link':
          return `<${span.url.replace(/\|/g, '%7C').replace(/>/g, '%3E')}|${escapeSlack(span.label)}>`;
        case 'mention':
          return `<@${span.userId}>`;
      }
    })
    .join('');
}

/** For plain_text fields (headers, buttons, options): markup removed, mentions kept readable. */
export function toPlain(markup: string): string {
  return stripMarkup(markup);
}
