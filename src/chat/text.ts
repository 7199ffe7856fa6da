// Text measuring shared by every adapter: platforms count limits in characters (code points), not UTF-16
// units, so an accented or emoji name is never cut in half.

/** Cut to `max` characters (code points), marking the cut with an ellipsis. */
export function truncate(value: string, max: number): string {
  const chars = [...value];
  if (chars.length <= max) return value;
  return `${chars.slice(0, max - 1).join('')}…`;
}

export function charLength(value: string): number {
  return [...value].length;
}
