import { describe, expect, it } from 'vitest';
import { sicknessReturn } from '../../src/rules/sickness-return.js';
import type { Mark } from '../../src/rules/types.js';
import { calendar, mark, marksFor } from './fixtures.js';

const sick = (from: string, to: string): Mark[] => marksFor(calendar, from, to, 'I');
const present = (from: string, to: string): Mark[] => marksFor(calendar, from, to, '/');

describe('sickness return (reg 13(9)): 15 consecutive school days of I', () => {
  // 12 Oct to 6 Nov 2026 is 15 school days: half term is skipped, not a break.
  it('is met on the 15th consecutive sick school day, across half term', () => {
    const marks = [...present('2026-09-03', '2026-10-09'), ...sick('2026-10-12', '2026-11-06')];
    expect(calendar.countSchoolDays('2026-10-12', '2026-11-06')).toBe(15);
    expect(sicknessReturn(marks, calendar, '2026-11-09')).toEqual({
      met: true,
      metOn: '2026-11-06',
      reason: 'consecutive',
      currentRunDays: 0,
      daysInYear: 15,
    });
    expect(sicknessReturn(marks, calendar, '2026-11-06')).toMatchObject({ met: true, currentRunDays: 15 });
  });

  it('is not met at 14', () => {
    const marks = sick('2026-10-12', '2026-11-05');
    expect(sicknessReturn(marks, calendar, '2026-11-05')).toMatchObject({ met: false, metOn: null, currentRunDays: 14, daysInYear: 14 });
  });

  it('counts a day with only one I session as a sickness day', () => {
    const marks = [...sick('2026-10-12', '2026-11-05'), mark('2026-11-06', 'AM', '/'), mark('2026-11-06', 'PM', 'I')];
    expect(sicknessReturn(marks, calendar, '2026-11-06')).toMatchObject({ met: true, metOn: '2026-11-06', reason: 'consecutive' });
  });

  it('is broken by a school day without I', () => {
    const marks = [...sick('2026-10-12', '2026-10-23'), ...present('2026-11-02', '2026-11-02'), ...sick('2026-11-03', '2026-11-05')];
    expect(sicknessReturn(marks, calendar, '2026-11-05')).toMatchObject({ met: false, currentRunDays: 3, daysInYear: 13 });
  });
});

describe('sickness return: 15 school days in total in the school year', () => {
  it('is met when separate spells add up to 15', () => {
    const marks = [...sick('2026-09-07', '2026-09-11'), ...sick('2026-10-05', '2026-10-09'), ...sick('2026-11-16', '2026-11-20')];
    expect(sicknessReturn(marks, calendar, '2026-11-23')).toMatchObject({ met: true, metOn: '2026-11-20', reason: 'total-in-year', daysInYear: 15 });
  });

  it('does not add days from the previous school year', () => {
    const marks = [...sick('2026-06-08', '2026-06-19'), ...sick('2026-11-16', '2026-11-20')];
    expect(sicknessReturn(marks, calendar, '2026-11-23')).toMatchObject({ met: false, daysInYear: 5 });
    expect(sicknessReturn(marks, calendar, '2026-07-01')).toMatchObject({ met: false, daysInYear: 10 });
  });

  it('counts a run that started in July and carries on in September as consecutive', () => {
    const marks = sick('2026-07-13', '2026-09-11');
    // 8 school days in July (13-22), then 7 in September (3-11): the 15th is 11 Sep.
    expect(sicknessReturn(marks, calendar, '2026-09-10')).toMatchObject({ met: false, currentRunDays: 14, daysInYear: 6 });
    expect(sicknessReturn(marks, calendar, '2026-09-11')).toMatchObject({ met: true, metOn: '2026-09-11', reason: 'consecutive', daysInYear: 7 });
  });
});

describe('sickness return: expected duration from staff', () => {
  it('is due now when the pupil is expected to be off for 15 school days in all', () => {
    const marks = sick('2026-11-16', '2026-11-20');
    // Back on 8 Dec: 5 so far + 10 school days to come (23 Nov to 7 Dec; 2 Dec is closed) = 15.
    expect(sicknessReturn(marks, calendar, '2026-11-20', { expectedBackOn: '2026-12-08' })).toMatchObject({
      met: true,
      metOn: null,
      reason: 'expected',
    });
    // Back on 7 Dec: 5 + 9 = 14, not enough.
    expect(sicknessReturn(marks, calendar, '2026-11-20', { expectedBackOn: '2026-12-07' })).toMatchObject({ met: false });
  });

  it('ignores the expectation when the pupil is not currently off sick', () => {
    const marks = [...sick('2026-11-16', '2026-11-19'), ...present('2026-11-20', '2026-11-20')];
    expect(sicknessReturn(marks, calendar, '2026-11-20', { expectedBackOn: '2027-01-20' }).met).toBe(false);
  });
});
