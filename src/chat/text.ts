// Text measuring shared by every adapter: platforms count limits in characters (code points), not UTF-16
// units, so an accented or emoji name is never cut in half.

/** Cut to `max` characters (code points), marking the cut with an ellipsis. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const chars = [...value];
  if (chars.length <= max) return value;
  return `${chars.slice(0, max - 1).join('')}…`;
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
