// Text measuring shared by every adapter: platforms count limits in characters (code points), not UTF-16
// units, so an accented or emoji name is never cut in half.

/** Cut to `max` characters (code points), marking the cut with an ellipsis. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const chars = [...value];
  if (chars.length <= max) return value;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** Free text (a note, a place) kept to `max` characters without an ellipsis, and whether it was cut, so the
 * person can be told: what is stored is exactly what they typed, up to the limit. */
export function clipText(value: string, max: number): { text: string; cut: boolean } {
  const trimmed = value.trim();
  if (charLength(trimmed) <= max) return { text: trimmed, cut: false };
  return { text: [...trimmed].slice(0, max).join('').trimEnd(), cut: true };
}

/** What to tell the person whose text was cut. */
export function cutNotice(max: number, what = 'note'): string {
  return `Your ${what} was longer than ${max.toLocaleString('en-GB')} characters: only the first ${max.toLocaleString('en-GB')} were kept.`;
}

export function charLength(value: string): number {
  // Code points, not UTF-16 units, without building an array of them: each high+low surrogate pair
  // is one code point written as two units (a lone surrogate counts as one, as [...value] does).
  let pairs = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const before = value.charCodeAt(i - 1);
      if (before >= 0xd800 && before <= 0xdbff) pairs += 1;
    }
  }
  return value.length - pairs;
}
