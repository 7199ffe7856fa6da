import { describe, expect, it } from 'vitest';
import { matchOnRoll, MAX_CANDIDATES, type NamedPupil } from '../../src/register/pupil-lookup.js';

const entry = (id: string, upn: string, names: string[]): NamedPupil => ({ id, upn, names, className: '3B', yearGroup: '3' });
const ROLL: NamedPupil[] = [
  entry('amy', 'A123456789012', ['amy brown', 'brown amy', 'brown, amy']),
  entry('amyb', 'B123456789012', ['amy browning', 'browning amy', 'browning, amy']),
  entry('zoe', 'C123456789012', ['zoe lee', 'lee zoe', 'lee, zoe']),
];

describe('matchOnRoll', () => {
  it.each([
    ['a123456789012', { kind: 'found', id: 'amy' }],
    ['Amy Brown', { kind: 'found', id: 'amy' }],
    ['amy browni', { kind: 'found', id: 'amyb' }],
    ['Zoë', { kind: 'found', id: 'zoe' }],
    ['amy b', { kind: 'ambiguous', ids: ['amy', 'amyb'], total: 2 }],
    ['nobody', { kind: 'unknown' }],
    ['   ', { kind: 'unknown' }],
  ])('%j -> %j', (query, expected) => {
    expect(matchOnRoll(ROLL, query)).toEqual(expected);
  });

  it('lists at most MAX_CANDIDATES ambiguous pupils but counts them all', () => {
    const many = Array.from({ length: MAX_CANDIDATES + 3 }, (_, i) => entry(`p${i}`, `U${i}`, [`sam smith${i}`]));
    const match = matchOnRoll(many, 'sam');
    expect(match).toMatchObject({ kind: 'ambiguous', total: MAX_CANDIDATES + 3 });
    expect(match.kind === 'ambiguous' && match.ids).toHaveLength(MAX_CANDIDATES);
  });
});
