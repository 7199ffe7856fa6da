// Splits a slash command's text into arguments the way staff type them: words separated by spaces,
// with "quoted names" (straight or curly quotes, as phones and Macs autocorrect them) kept together.

const OPENING: Record<string, string> = { '"': '"', "'": "'", '\u201c': '\u201d', '\u2018': '\u2019' };

export function parseArgs(input: string): string[] {
  const args: string[] = [];
  let current = '';
  let inToken = false;
  let closing: string | undefined;

  for (const ch of input) {
    if (closing !== undefined) {
      if (ch === closing || (closing === '\u201d' && ch === '"')) {
        closing = undefined;
      } else {
        current += ch;
      }
      continue;
    }
    if (/\s/u.test(ch)) {
      if (inToken) args.push(current);
      current = '';
      inToken = false;
      continue;
    }
    const close = OPENING[ch];
    // An apostrophe inside a word (O'Brien) is not a quote.
    if (close !== undefined && !(ch === "'" && inToken) && !(ch === '\u2019' && inToken)) {
      closing = close;
      inToken = true;
      continue;
    }
    current += ch;
    inToken = true;
  }
  // An unclosed quote runs to the end of the line rather than failing.
  if (inToken) args.push(current);
  return args;
}
