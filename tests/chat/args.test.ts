import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/chat/args.js';

describe('parseArgs', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['am', ['am']],
    ['Amy  reached ', ['Amy', 'reached']],
    ['"Amy Smith" reached', ['Amy Smith', 'reached']],
    ["'Amy Smith' voicemail", ['Amy Smith', 'voicemail']],
    ['\u201cAmy Smith\u201d no_answer', ['Amy Smith', 'no_answer']],
    ['\u2018Amy Smith\u2019 text', ['Amy Smith', 'text']],
    ["Liam O'Brien", ['Liam', "O'Brien"]],
    ['"Ava Jones', ['Ava Jones']],
    ['"" empty', ['', 'empty']],
    ['note "left at 9:10, via gate"', ['note', 'left at 9:10, via gate']],
    ['a\tb\nc', ['a', 'b', 'c']],
  ])('%j -> %j', (input, expected) => {
    expect(parseArgs(input)).toEqual(expected);
  });
});
