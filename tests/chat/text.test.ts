import { describe, expect, it } from 'vitest';
import { charLength, truncate } from '../../src/chat/text.js';

describe('charLength counts code points as the platforms do', () => {
  it.each([
    ['', 0],
    ['Zoë', 3],
    ['Siân 👍', 6],
    ['👩‍👧', 3],
    ['\uD83D', 1],
    ['\uDC4D', 1],
    ['a\uDC4D\uD83D', 3],
  ])('%j has %i', (value, expected) => {
    expect(charLength(value)).toBe(expected);
    expect(charLength(value)).toBe([...value].length);
  });
});

describe('truncate', () => {
  it('leaves text within the limit alone, even when it has surrogate pairs', () => {
    expect(truncate('👍👍👍', 3)).toBe('👍👍👍');
  });

  it('cuts on code points and marks the cut', () => {
    expect(truncate('👍👍👍👍', 3)).toBe('👍👍…');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});
