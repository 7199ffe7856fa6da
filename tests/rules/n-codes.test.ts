import { describe, expect, it } from 'vitest';
import { openNCodes, suggestedAmendment } from '../../src/rules/n-codes.js';
import { calendar, mark } from './fixtures.js';

describe('open N codes age in school days', () => {
  it.each([
    ['2026-11-19', 0, false, false, 'the day of the session'],
    ['2026-11-20', 1, false, false, 'the next day'],
    ['2026-11-22', 1, false, false, 'Sunday adds nothing'],
    ['2026-11-23', 2, false, false, 'Monday after the weekend'],
    ['2026-11-24', 3, false, false, ''],
    ['2026-11-25', 4, true, false, 'due: resolve before tomorrow'],
    ['2026-11-26', 5, false, true, 'overdue'],
    ['2026-11-30', 7, false, true, 'still overdue'],
  ])('an N on Thu 19 Nov is %i school days old on %s', (asOf, age, due, overdue) => {
    const [open] = openNCodes([mark('2026-11-19', 'AM', 'N')], calendar, asOf);
    expect(open).toMatchObject({ ageSchoolDays: age, due, overdue, overdueOn: '2026-11-26' });
  });

  it('does not age over the May bank holiday', () => {
    const marks = [mark('2026-04-30', 'PM', 'N')];
    expect(openNCodes(marks, calendar, '2026-05-04')[0]?.ageSchoolDays).toBe(1);
    expect(openNCodes(marks, calendar, '2026-05-07')[0]).toMatchObject({ ageSchoolDays: 4, due: true });
    expect(openNCodes(marks, calendar, '2026-05-08')[0]).toMatchObject({ ageSchoolDays: 5, overdue: true, overdueOn: '2026-05-08' });
  });

  it('does not age over half term or a closed day', () => {
    const marks = [mark('2026-10-23', 'AM', 'N'), mark('2026-12-01', 'AM', 'N')];
    expect(openNCodes(marks, calendar, '2026-10-30')[0]?.ageSchoolDays).toBe(0);
    expect(openNCodes(marks, calendar, '2026-11-02')[0]?.ageSchoolDays).toBe(1);
    // 2 Dec is closed (snow); 13 Nov's half day still counts.
    expect(openNCodes(marks, calendar, '2026-12-03').find((o) => o.mark.date === '2026-12-01')?.ageSchoolDays).toBe(1);
  });

  it('lists only N codes up to asOf, oldest first', () => {
    const marks = [
      mark('2026-11-20', 'PM', 'N'),
      mark('2026-11-18', 'AM', 'O'),
      mark('2026-11-20', 'AM', 'N'),
      mark('2026-11-17', 'PM', 'N'),
      mark('2026-11-24', 'AM', 'N'),
    ];
    const open = openNCodes(marks, calendar, '2026-11-23');
    expect(open.map((o) => `${o.mark.date} ${o.mark.session}`)).toEqual(['2026-11-17 PM', '2026-11-20 AM', '2026-11-20 PM']);
  });
});

describe('suggested amendment for an N nobody explained', () => {
  const cases: [number | null | undefined, number | undefined, 'O' | 'U' | 'L', string][] = [
    [undefined, undefined, 'O', 'no late arrival recorded'],
    [null, 30, 'O', 'minutesLate null'],
    [40, undefined, 'U', 'arrived late, window unknown'],
    [31, 30, 'U', 'arrived after the register closed'],
    [30, 30, 'L', 'arrived before the register closed'],
  ];
  it.each(cases)('minutesLate %s with a %s-minute register -> %s (%s)', (minutesLate, open, expected) => {
    const m = { date: '2026-11-19', session: 'AM' as const, code: 'N', minutesLate };
    expect(suggestedAmendment(m, open === undefined ? {} : { registerOpenMinutes: open })).toBe(expected);
  });

  it('is carried on each open N', () => {
    const [open] = openNCodes([mark('2026-11-19', 'AM', 'N', 50)], calendar, '2026-11-19', { registerOpenMinutes: 30 });
    expect(open?.suggestedCode).toBe('U');
  });
});
