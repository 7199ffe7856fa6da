// Parses the model's small inline markup (see model.ts) into spans, so each adapter maps spans to its
// own syntax (Slack mrkdwn, Teams Markdown, plain terminal text) and escapes the literal parts itself.
// A backslash makes the next markup character literal: `literal()` (model.ts) writes text people typed
// that way, so a note saying `[Click](https://evil.example)` or `{{user:U1}}` stays words, never a link
// or a mention.

export type Span =
  | { kind: 'plain'; text: string }
  | { kind: 'bold'; text: string }
  | { kind: 'italic'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'mention'; userId: string };

const ESCAPED = String.raw`\\[\\*_\x60[\]{}]`;
const INLINE = new RegExp(
  [
    `(${ESCAPED})`,
    String.raw`\*\*((?:${ESCAPED}|[^\\])+?)\*\*`,
    String.raw`\x60((?:${ESCAPED}|[^\x60\\\n])+)\x60`,
    String.raw`\[((?:${ESCAPED}|[^\]\\\n])+)\]\((https?:\/\/[^\s)]+)\)`,
    String.raw`\{\{user:([A-Za-z0-9_.:-]+)\}\}`,
    String.raw`(?<![\p{L}\p{N}])_((?:${ESCAPED}|[^_\\\n])+)_(?![\p{L}\p{N}])`,
  ].join('|'),
  'gu',
);

/** Markup escapes removed: `\*` -> `*`. */
export function unescapeMarkup(value: string): string {
  return value.replace(/\\([\\*_`[\]{}])/g, '$1');
}

export function parseInline(input: string): Span[] {
  const spans: Span[] = [];
  let plain = '';
  let last = 0;
  const flush = () => {
    if (plain !== '') spans.push({ kind: 'plain', text: plain });
    plain = '';
  };
  for (const m of input.matchAll(INLINE)) {
    const at = m.index;
    plain += input.slice(last, at);
    last = at + m[0].length;
    const [, escaped, bold, code, label, url, userId, italic] = m;
    if (escaped !== undefined) {
      plain += escaped.slice(1);
      continue;
    }
    flush();
    if (bold !== undefined) spans.push({ kind: 'bold', text: unescapeMarkup(bold) });
    else if (code !== undefined) spans.push({ kind: 'code', text: unescapeMarkup(code) });
    else if (label !== undefined && url !== undefined) spans.push({ kind: 'link', label: unescapeMarkup(label), url });
    else if (userId !== undefined) spans.push({ kind: 'mention', userId });
    else if (italic !== undefined) spans.push({ kind: 'italic', text: unescapeMarkup(italic) });
  }
  plain += input.slice(last);
  flush();
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
