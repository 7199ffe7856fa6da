import { describe, expect, it } from 'vitest';
import { SchoolCalendar } from '../../src/rules/calendar.js';
import { addDays } from '../../src/rules/dates.js';
import { CALENDAR_DATA, calendar } from './fixtures.js';

describe('SchoolCalendar: which days the school meets', () => {
  it.each([
    ['2026-11-23', true, 'an ordinary Monday'],
    ['2026-11-21', false, 'Saturday'],
    ['2026-11-22', false, 'Sunday'],
    ['2026-10-28', false, 'autumn half term'],
    ['2026-09-01', false, 'INSET day'],
    ['2026-09-03', true, 'first day for pupils'],
    ['2026-05-04', false, 'early May bank holiday inside the summer term'],
    ['2026-12-21', false, 'Christmas holiday'],
    ['2026-12-02', false, 'whole day closed (snow)'],
    ['2026-11-13', true, 'afternoon closed only'],
    ['2026-08-10', false, 'summer holiday'],
    ['2024-01-10', false, 'before the known terms'],
    ['2028-01-10', false, 'after the known terms'],
  ])('%s is a school day: %s (%s)', (date, expected) => {
    expect(calendar.isSchoolDay(date)).toBe(expected);
  });

  it('removes only the closed session on a partial closure', () => {
    expect(calendar.sessionsOn('2026-11-13')).toEqual(['AM']);
    expect(calendar.sessionsOn('2026-11-12')).toEqual(['AM', 'PM']);
    expect(calendar.sessionsOn('2026-12-02')).toEqual([]);
  });

  it('takes extra bank holidays from the policy', () => {
    const withExtra = new SchoolCalendar({ ...CALENDAR_DATA, extraBankHolidays: ['2026-11-23'] });
    expect(withExtra.isSchoolDay('2026-11-23')).toBe(false);
    expect(calendar.isSchoolDay('2026-11-23')).toBe(true);
  });

  it('refuses dates that are not real YYYY-MM-DD dates, naming where they are', () => {
    const broken = { ...CALENDAR_DATA, insetDays: ['2026-02-30'] };
    expect(() => new SchoolCalendar(broken)).toThrow(/INSET day has "2026-02-30"/);
    expect(() => new SchoolCalendar({ ...CALENDAR_DATA, terms: [] })).toThrow(/at least one term/);
  });
});

describe('SchoolCalendar: counting school days', () => {
  it('counts across half term (both ends included)', () => {
    expect(calendar.countSchoolDays('2026-10-19', '2026-11-06')).toBe(10);
    expect(calendar.schoolDaysBetween('2026-10-22', '2026-11-03')).toEqual([
      '2026-10-22', '2026-10-23', '2026-11-02', '2026-11-03',
    ]);
    expect(calendar.countSchoolDays('2026-11-06', '2026-10-19')).toBe(0);
  });

  it('counts the autumn term 2026 against a day-by-day walk', () => {
    let walked = 0;
    for (let d = '2026-09-01'; d <= '2026-12-18'; d = addDays(d, 1)) if (calendar.isSchoolDay(d)) walked++;
    // 79 weekdays (Tue 1 Sep to Fri 18 Dec), less 5 of half term, 2 INSET days and the snow day.
    expect(walked).toBe(71);
    expect(calendar.countSchoolDays('2026-09-01', '2026-12-18')).toBe(71);
  });

  it('agrees with a day-by-day walk for many ranges', () => {
    const days: string[] = [];
    for (let d = '2025-08-25'; d <= '2027-07-31'; d = addDays(d, 1)) days.push(d);
    for (let i = 0; i < 200; i++) {
      const a = days[(i * 7919) % days.length] ?? '';
      const b = days[(i * 104729 + 13) % days.length] ?? '';
      const [from, to] = a <= b ? [a, b] : [b, a];
      const naive = days.filter((d) => d >= from && d <= to && calendar.isSchoolDay(d)).length;
      expect(calendar.countSchoolDays(from, to)).toBe(naive);
    }
  });

  it.each([
    ['2026-10-23', 1, '2026-11-02', 'over half term'],
    ['2026-11-02', -1, '2026-10-23', 'back over half term'],
    ['2026-11-20', 1, '2026-11-23', 'over a weekend'],
    ['2026-11-21', 1, '2026-11-23', 'from a Saturday'],
    ['2026-11-21', -1, '2026-11-20', 'back from a Saturday'],
    ['2026-11-23', 0, '2026-11-23', 'zero'],
    ['2026-12-01', 1, '2026-12-03', 'over the snow day'],
    ['2026-04-30', 2, '2026-05-05', 'over the May bank holiday'],
    ['2026-12-17', 5, '2027-01-08', 'over Christmas and the January INSET day'],
  ])('addSchoolDays(%s, %i) = %s (%s)', (date, n, expected) => {
    expect(calendar.addSchoolDays(date, n)).toBe(expected);
  });

  it('gives undefined past either end of the calendar', () => {
    expect(calendar.addSchoolDays('2027-07-21', 1)).toBeUndefined();
    expect(calendar.previousSchoolDay('2025-09-03')).toBeUndefined();
    expect(calendar.previousSchoolDay('2025-09-04')).toBe('2025-09-03');
    expect(calendar.nextSchoolDay('2026-07-22')).toBe('2026-09-03');
  });

  it('counts school days after a date up to another (the age of a mark)', () => {
    expect(calendar.schoolDaysAfter('2026-11-19', '2026-11-19')).toBe(0);
    expect(calendar.schoolDaysAfter('2026-11-19', '2026-11-23')).toBe(2);
    expect(calendar.schoolDaysAfter('2026-11-19', '2026-11-01')).toBe(0);
  });
});

describe('SchoolCalendar: terms and school years', () => {
  it.each([
    ['2026-11-23', 'autumn', '2026-27'],
    ['2026-10-28', 'autumn', '2026-27'],
    ['2027-02-01', 'spring', '2026-27'],
    ['2026-06-15', 'summer', '2025-26'],
  ])('%s is in the %s term of %s', (date, name, year) => {
    expect(calendar.termOf(date)).toMatchObject({ name, year });
  });

  it('has no term in the holidays between terms', () => {
    expect(calendar.termOf('2026-12-24')).toBeUndefined();
    expect(calendar.termOf('2026-08-15')).toBeUndefined();
  });

  it.each([
    ['2026-09-01', '2026-27', '2026-09-01'],
    ['2026-08-31', '2025-26', '2025-09-01'],
    ['2027-01-15', '2026-27', '2026-09-01'],
  ])('%s is in school year %s starting %s', (date, year, start) => {
    expect(calendar.schoolYearOf(date)).toBe(year);
    expect(calendar.schoolYearStart(date)).toBe(start);
  });

  // Education Act 1996 s579: the year begins with the first term to begin after July, and ends the day
  // before the next one begins. A year the calendar names no term for starts on 1 September.
  const august = new SchoolCalendar({
    ...CALENDAR_DATA,
    terms: [
      { name: 'autumn', year: '2025-26', start: '2025-08-28', end: '2025-12-19', breaks: [] },
      { name: 'summer', year: '2025-26', start: '2026-04-13', end: '2026-07-17', breaks: [] },
      { name: 'autumn', year: '2026-27', start: '2026-09-03', end: '2026-12-18', breaks: [] },
    ],
    insetDays: [],
    closures: [],
  });
  it.each([
    ['2025-08-27', '2024-25', '2024-09-01'],
    ['2025-08-28', '2025-26', '2025-08-28'],
    ['2025-09-10', '2025-26', '2025-08-28'],
    ['2026-08-20', '2025-26', '2025-08-28'],
    ['2026-09-02', '2025-26', '2025-08-28'],
    ['2026-09-03', '2026-27', '2026-09-03'],
    ['2027-09-01', '2027-28', '2027-09-01'],
  ])('with an autumn term from 28 Aug 2025, %s is in school year %s starting %s', (date, year, start) => {
    expect(august.schoolYearOf(date)).toBe(year);
    expect(august.schoolYearStart(date)).toBe(start);
  });

  it('does not take a year\'s start from a calendar that lists the year from its spring term', () => {
    const fromSpring = new SchoolCalendar({ ...CALENDAR_DATA, terms: CALENDAR_DATA.terms.slice(1) });
    expect(fromSpring.schoolYearStart('2026-02-02')).toBe('2025-09-01');
    expect(fromSpring.schoolYearStart('2026-10-02')).toBe('2026-09-01');
  });

  it('looks back to the start of the previous school year, the school\'s own', () => {
    expect(august.previousSchoolYearStart('2026-10-01')).toBe('2025-08-28');
    expect(august.previousSchoolYearStart('2025-09-01')).toBe('2024-09-01');
    expect(calendar.previousSchoolYearStart('2026-10-01')).toBe('2025-09-01');
  });
});

describe('SchoolCalendar: school weeks (Monday start, at least one session)', () => {
  it.each([
    ['2026-11-25', '2026-11-23'],
    ['2026-11-29', '2026-11-23'],
    ['2026-09-04', '2026-08-31'],
    ['2026-10-28', undefined],
    ['2026-12-23', undefined],
    ['2026-08-12', undefined],
  ])('the school week of %s is %s', (date, monday) => {
    expect(calendar.schoolWeekOf(date)).toBe(monday);
  });

  it('skips the Christmas weeks', () => {
    expect(calendar.schoolWeeksBetween('2026-12-14', '2027-01-10')).toEqual(['2026-12-14', '2027-01-04']);
  });

  it('gives the previous n school weeks ending with a week, skipping half term', () => {
    expect(calendar.previousSchoolWeeks('2026-11-09', 3)).toEqual(['2026-10-19', '2026-11-02', '2026-11-09']);
    expect(calendar.previousSchoolWeeks('2026-10-28', 2)).toEqual(['2026-10-12', '2026-10-19']);
    expect(calendar.previousSchoolWeeks('2025-09-10', 5)).toEqual(['2025-09-01', '2025-09-08']);
  });

  it('indexes school weeks consecutively across the summer holiday', () => {
    expect(calendar.schoolWeekIndex('2026-09-03') - calendar.schoolWeekIndex('2026-07-22')).toBe(1);
    expect(calendar.schoolWeekIndex('2026-08-12')).toBe(-1);
  });
});
