// The one pupil-argument parser, as a table: which pupil(s) each way of typing a command names, on a roll
// with two pupils of one name in different classes, accents, a class that is also a name, and a year that
// is also a register code.
import { describe, expect, it } from 'vitest';
import { RollcallError } from '../../src/errors/rollcall-error.js';
import { readPupilArgs, type PupilArgsShape } from '../../src/core/pupil-args.js';
import { normalise, type NamedPupil } from '../../src/register/pupil-lookup.js';

const pupil = (id: string, first: string, last: string, className: string, yearGroup: string): NamedPupil => {
  const [f, l] = [normalise(first), normalise(last)];
  return { id, upn: `UPN${id.toUpperCase()}`, names: [`${f} ${l}`, `${l} ${f}`, `${l}, ${f}`], className, yearGroup };
};

const ROLL: NamedPupil[] = [
  pupil('maja5', 'Maja', 'Begum', '5A', '5'),
  pupil('maja3', 'Maja', 'Begum', '3C', '3'),
  pupil('amy', 'Amy', 'Brown', '3B', '3'),
  pupil('amyb', 'Amy', 'Browning', '3B', '3'),
  pupil('zoe', 'Zoë', 'Ng', 'R1', 'R'),
  pupil('rowan', 'Rowan', 'Hale', 'Rowan', '2'),
];

const OUTCOMES = new Set(['reached', 'no-answer', 'voicemail']);
const call: PupilArgsShape = {
  kind: 'then-word',
  isWord: (t) => OUTCOMES.has(t.toLowerCase()),
  notAWord: (t) => new RollcallError('INVALID_INPUT', `"${t}" is not an outcome.`),
};
const reason: PupilArgsShape = { kind: 'then-word', isWord: (t) => /^(I|M|Y5|C)$/i.test(t), notAWord: (t) => new RollcallError('INVALID_INPUT', `"${t}" is not a code.`) };
const text: PupilArgsShape = { kind: 'then-text' };

describe('free text after the pupil (/missing, /found)', () => {
  it.each([
    ['amy brown by the gate at break', { kind: 'one', id: 'amy', rest: 'by the gate at break' }],
    ['Maja Begum by the pond', { kind: 'several', ids: ['maja5', 'maja3'], total: 2, typed: 'Maja Begum', rest: 'by the pond' }],
    ['Maja Begum 5A by the pond', { kind: 'one', id: 'maja5', rest: 'by the pond' }],
    ['5A Maja Begum by the pond', { kind: 'one', id: 'maja5', rest: 'by the pond' }],
    ['"Maja Begum" 5A', { kind: 'one', id: 'maja5', rest: '' }],
    ['Maja Begum Year 3', { kind: 'one', id: 'maja3', rest: '' }],
    ['Maja Begum Y3 last seen at lunch', { kind: 'one', id: 'maja3', rest: 'last seen at lunch' }],
    ['zoe ng', { kind: 'one', id: 'zoe', rest: '' }],
    ['Reception Zoë', { kind: 'one', id: 'zoe', rest: '' }],
    ['UPNMAJA3 \'round the back\' of the hall', { kind: 'one', id: 'maja3', rest: "'round the back' of the hall" }],
    ['Amy Brown "quoted"   spaced\nnote', { kind: 'one', id: 'amy', rest: '"quoted"   spaced\nnote' }],
    ['Amy Brown "by the gate"', { kind: 'one', id: 'amy', rest: 'by the gate' }],
    ['Amy Brown "by the gate" at 10', { kind: 'one', id: 'amy', rest: '"by the gate" at 10' }],
    ['Rowan Hale by the shed', { kind: 'one', id: 'rowan', rest: 'by the shed' }],
    ['Maja Begum 4D', { kind: 'several', ids: ['maja5', 'maja3'], total: 2, typed: 'Maja Begum', rest: '4D' }],
  ])('%j', (input, expected) => {
    expect(readPupilArgs(input, ROLL, text)).toEqual(expected);
  });

  it('says nobody when the class rules every match out', () => {
    expect(readPupilArgs('Amy Brown 5A', ROLL, text)).toEqual({ kind: 'none', typed: 'Amy Brown', filters: ['5A'] });
    expect(readPupilArgs('Zed Quinn in the hall', ROLL, text)).toMatchObject({ kind: 'none' });
  });

  it('prefers the one pupil a command is about when several share the name', () => {
    expect(readPupilArgs('Maja Begum the library', ROLL, text, (id) => id === 'maja3')).toEqual({ kind: 'one', id: 'maja3', rest: 'the library' });
  });
});

describe('an outcome or code after the pupil (/call, /reason)', () => {
  it.each([
    ['Zoë 😀 no-answer', { kind: 'one', id: 'zoe', word: 'no-answer', rest: '' }],
    ['Amy Brown voicemail #2 rang twice', { kind: 'one', id: 'amy', word: 'voicemail', rest: '#2 rang twice' }],
    ['Maja Begum no-answer', { kind: 'several', ids: ['maja5', 'maja3'], total: 2, typed: 'Maja Begum', word: 'no-answer', rest: '' }],
    ['Maja Begum 3C reached mum at work', { kind: 'one', id: 'maja3', word: 'reached', rest: 'mum at work' }],
    ['5A Maja Begum reached', { kind: 'one', id: 'maja5', word: 'reached', rest: '' }],
    ['amy no-answer left a message', { kind: 'several', ids: ['amy', 'amyb'], total: 2, typed: 'amy', word: 'no-answer', rest: 'left a message' }],
    ['Amy Brown', { kind: 'one', id: 'amy', rest: '' }],
  ])('/call %j', (input, expected) => {
    expect(readPupilArgs(input, ROLL, call)).toEqual(expected);
  });

  it('refuses a word that is not an outcome before offering any pupil', () => {
    expect(() => readPupilArgs('Maja Begum shouted', ROLL, call)).toThrow('"shouted" is not an outcome.');
    expect(() => readPupilArgs('Amy Brown shouted loudly', ROLL, call)).toThrow('"shouted" is not an outcome.');
  });

  it('reads a year that is also a code as the year when a code follows it', () => {
    expect(readPupilArgs('Maja Begum Y5 I tummy bug', ROLL, reason)).toEqual({ kind: 'one', id: 'maja5', word: 'I', rest: 'tummy bug' });
    expect(readPupilArgs('Amy Brown Y5 stuck abroad', ROLL, reason)).toEqual({ kind: 'one', id: 'amy', word: 'Y5', rest: 'stuck abroad' });
  });

  it('names nobody for an unknown pupil', () => {
    expect(readPupilArgs('Zed Quinn I poorly', ROLL, reason)).toEqual({ kind: 'none', typed: 'Zed Quinn', filters: [] });
  });
});

describe('only a pupil (/tiers, forms)', () => {
  it.each([
    ['Maja Begum', { kind: 'several', ids: ['maja5', 'maja3'], total: 2, typed: 'Maja Begum', rest: '' }],
    ['Maja Begum Year 5', { kind: 'one', id: 'maja5', rest: '' }],
    ['Maja Begum by the pond', { kind: 'none', typed: 'Maja Begum by the pond', filters: [] }],
  ])('%j', (input, expected) => {
    expect(readPupilArgs(input, ROLL, { kind: 'only' })).toEqual(expected);
  });
});
