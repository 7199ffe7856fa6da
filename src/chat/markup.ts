// Parses the model's small inline markup (see model.ts) into spans, so each adapter maps spans to its
// own syntax (Slack mrkdwn, Teams Markdown, plain terminal text) and escapes the literal parts itself.

export type Span =
  | { kind: 'plain'; text: string }
  | { kind: 'bold'; text: string }
  | { kind: 'italic'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'mention'; userId: string };

const INLINE =
  /\*\*(.+?)\*\*|`([^`\n]+)`|\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)|\{\{user:([A-Za-z0-9_.:-]+)\}\}|(?<![\p{L}\p{N}])_([^_\n]+)_(?![\p{L}\p{N}])/gu;

export function parseInline(input: string): Span[] {
  const spans: Span[] = [];
  let last = 0;
  for (const m of input.matchAll(INLINE)) {
    const at = m.index;
    if (at > last) spans.push({ kind: 'plain', text: input.slice(last, at) });
    const [, bold, code, label, url, userId, italic] = m;
    if (bold !== undefined) spans.push({ kind: 'bold', text: bold });
    else if (code !== undefined) spans.push({ kind: 'code', text: code });
    else if (label !== undefined && url !== undefined) spans.push({ kind: 'link', label, url });
    else if (userId !== undefined) spans.push({ kind: 'mention', userId });
    else if (italic !== undefined) spans.push({ kind: 'italic', text: italic });
    last = at + m[0].length;
  }
  if (last < input.length) spans.push({ kind: 'plain', text: input.slice(last) });
  return spans;
}

/** Markup with the decoration removed: for plain-text surfaces (buttons, headers, notifications). */
export function stripMarkup(input: string, mentionName: (userId: string) => string = (id) => `@${id}`): string {
  return parseInline(input)
    .map((s) => {
      switch (s.kind) {
        case 'link':
          return `${s.label} (${s.url})`;
        case 'mention':
          return mentionName(s.userId);
        default:
          return s.text;
      }
    })
    .join('');
}
