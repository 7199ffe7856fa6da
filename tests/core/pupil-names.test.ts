// The one naming and privacy rule every workflow uses (it replaced three copies that disagreed: "A.B."
// against "A.B. (3C)", and a blank preferred name printed as " Brown").
import { describe, expect, it } from 'vitest';
import { flagsShown, fullName, pupilName, pupilShortName, showsContactDetails, withClass, yearKey, yearLabel, type Privacy } from '../../src/core/pupil-names.js';

const amy = { firstName: 'Amelia', preferredName: 'Amy', lastName: 'Brown', className: '3C' };
const blank = { firstName: 'Zoë', preferredName: '  ', lastName: 'Ng', className: 'R1' };
const level = (l: Privacy['level'], contactDetailsIn: Privacy['contactDetailsIn'] = 'private-only'): Privacy => ({ level: l, contactDetailsIn });

describe('pupil names', () => {
  it.each([
    ['channel', 'minimal', 'A.B.', 'A.B.', 'A.B. (3C)'],
    ['channel', 'standard', 'Amy Brown', 'Amy', 'Amy Brown (3C)'],
    ['channel', 'full', 'Amy Brown', 'Amy', 'Amy Brown (3C)'],
    ['private', 'minimal', 'Amy Brown', 'Amy', 'Amy Brown (3C)'],
  ] as const)('%s at %s: %s / %s / %s', (audience, l, name, short, listed) => {
    expect([pupilName(amy, audience, level(l)), pupilShortName(amy, audience, level(l)), withClass(amy, audience, level(l))]).toEqual([name, short, listed]);
  });

  it('treats a blank preferred name as none', () => {
    expect(fullName(blank)).toBe('Zoë Ng');
    expect(pupilName(blank, 'channel', level('minimal'))).toBe('Z.N.');
  });

  it('writes year groups one way and reads every way they are typed', () => {
    expect([yearLabel('5'), yearLabel('Y5'), yearLabel('R')]).toEqual(['Year 5', 'Y5', 'R']);
    expect(['Year 5', 'Y5', 'yr 5', '5', '05'].map(yearKey)).toEqual(['5', '5', '5', '5', '5']);
    expect(['Reception', 'Year R', 'R'].map(yearKey)).toEqual(['r', 'r', 'r']);
    expect(['5A', 'Oak', ''].map(yearKey)).toEqual([undefined, undefined, undefined]);
  });
});

describe('flags and contact details', () => {
  it.each([
    ['channel', 'minimal', null],
    ['channel', 'standard', { kind: 'priority' }],
    ['channel', 'full', { kind: 'flags', labels: ['Looked after'] }],
    ['private', 'minimal', { kind: 'flags', labels: ['Looked after'] }],
  ] as const)('flags in a %s at %s', (audience, l, expected) => {
    expect(flagsShown(['Looked after'], audience, level(l))).toEqual(expected);
    expect(flagsShown([], audience, level(l))).toBeNull();
  });

  it.each([
    ['channel', 'any', true], ['channel', 'private-only', false], ['channel', 'never', false],
    ['private', 'any', true], ['private', 'private-only', true], ['private', 'never', false],
  ] as const)('numbers in a %s with contactDetailsIn %s: %s', (audience, where, shown) => {
    expect(showsContactDetails(audience, level('standard', where))).toBe(shown);
  });
});
