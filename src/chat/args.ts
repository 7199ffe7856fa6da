// Splits a slash command's text into arguments the way staff type them: words separated by spaces,
// with "quoted names" (straight or curly quotes, as phones and Macs autocorrect them) kept together.
// Each argument also says where it was in the text, so free text after the arguments (a note, a place)
// can be taken exactly as typed, quotes and apostrophes included.

const OPENING: Record<string, string> = { '"': '"', "'": "'", '\u201c': '\u201d', '\u2018': '\u2019' };

export interface ArgSpan {
  value: string;
  /** Offsets in the text (UTF-16 units): the argument's first character, quote included, and one past its last. */
  start: number;
  end: number;
}

export function parseArgSpans(input: string): ArgSpan[] {
  const args: ArgSpan[] = [];
  let current = '';
  let start = -1;
  let closing: string | undefined;

  for (let i = 0; i < input.length; ) {
    const ch = String.fromCodePoint(input.codePointAt(i)!);
    const next = i + ch.length;
    if (closing !== undefined) {
      if (ch === closing || (closing === '\u201d' && ch === '"')) closing = undefined;
      else current += ch;
    } else if (/\s/u.test(ch)) {
      if (start >= 0) args.push({ value: current, start, end: i });
      current = '';
      start = -1;
    } else {
      const close = OPENING[ch];
      const inToken = start >= 0;
      if (!inToken) start = i;
      // An apostrophe inside a word (O'Brien) is not a quote.
      if (close !== undefined && !(inToken && (ch === "'" || ch === '\u2019'))) closing = close;
      else current += ch;
    }
    i = next;
  }
  // An unclosed quote runs to the end of the line rather than failing.
  if (start >= 0) args.push({ value: current, start, end: input.length });
  return args;
}

export function parseArgs(input: string): string[] {
  return parseArgSpans(input).map((a) => a.value);
}
