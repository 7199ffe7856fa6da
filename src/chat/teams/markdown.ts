// The neutral inline markup (model.ts) as the Markdown subset Adaptive Card TextBlocks render in Teams:
// **bold**, _italic_ and [links](url) pass through; `code` has no inline style there and shows as its
// text; {{user:ID}} becomes an <at>Name</at> mention with the entity Teams needs to resolve it.

import { parseInline, stripMarkup } from '../markup.js';

export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/** Display names of users Rollcall has seen (Teams sends `from.name`); falls back to the id. */
export type NameLookup = (userId: string) => string | undefined;

/** The mentions used while rendering one message; each card carries the entities its text uses. */
export class Mentions {
  private readonly byText = new Map<string, MentionEntity>();

  constructor(private readonly names: NameLookup = () => undefined) {}

  add(userId: string): string {
    const name = this.names(userId) ?? userId;
    const text = `<at>${name}</at>`;
    const existing = this.byText.get(text);
    // Two users with the same display name: the second is shown by name without a live mention.
    if (existing && existing.mentioned.id !== userId) return name;
    this.byText.set(text, { type: 'mention', text, mentioned: { id: userId, name } });
    return text;
  }

  nameOf(userId: string): string {
    return this.names(userId) ?? userId;
  }

  /** The entities whose <at> text occurs in `json` (one card's serialised body). */
  usedIn(json: string): MentionEntity[] {
    return [...this.byText.values()].filter((e) => json.includes(JSON.stringify(e.text).slice(1, -1)));
  }
}

function escapeLabel(label: string): string {
  return label.replace(/[[\]]/g, (c) => `\\${c}`);
}

/**
 * Literal text in a TextBlock: Markdown's own characters backslash-escaped (no bold, link or image from
 * typed text), and `<` kept from opening a tag, so typed `<at>Name</at>` is never a mention and `<img ...>`
 * is shown as written (a zero-width space after it: Adaptive Cards have no entity for it).
 */
export function escapeTeamsText(value: string): string {
  return value.replace(/[\\*_`[\]]/g, (c) => `\\${c}`).replace(/</g, '<\u200b');
}

export function toTeamsMarkdown(markup: string, mentions: Mentions): string {
  return parseInline(markup)
    .map((span) => {
      switch (span.kind) {
        case 'plain':
          return escapeTeamsText(span.text);
        case 'bold':
          return `**${escapeTeamsText(span.text)}**`;
        case 'italic':
          return `_${escapeTeamsText(span.text)}_`;
        case 'code':
          return escapeTeamsText(span.text);
        case 'link':
          return `[${escapeLabel(span.label)}](${span.url.replace(/\)/g, '%29')})`;
        case 'mention':
          return mentions.add(span.userId);
      }
    })
    .join('');
}

/** For plain fields (headers, button titles, choices, invoke messages): markup removed. */
export function toPlainText(markup: string, names: NameLookup = () => undefined): string {
  return stripMarkup(markup, (id) => `@${names(id) ?? id}`);
}
