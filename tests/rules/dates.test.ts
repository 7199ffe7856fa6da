import { describe, expect, it } from 'vitest';
import { addDays, formatDate, fromDayNumber, isIsoDate, isWeekend, mondayOf, schoolYearOfTermStart, toDayNumber } from '../../src/rules/dates.js';

describe('ISO date helpers', () => {
  it.each([
    ['2026-11-23', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2026-02-30', false],
    ['2026-1-5', false],
    ['23/11/2026', false],
  ])('isIsoDate(%s) = %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it.each([
    ['2026-11-23', '2026-11-23'],
    ['2026-11-29', '2026-11-23'],
    ['2027-01-01', '2026-12-28'],
    ['2024-03-03', '2024-02-26'],
  ])('the Monday of %s is %s', (date, monday) => {
    expect(mondayOf(date)).toBe(monday);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('knows weekends, school years and how staff read dates', () => {
    expect(isWeekend('2026-11-21')).toBe(true);
    expect(isWeekend('2026-11-20')).toBe(false);
    expect(schoolYearOfTermStart('2099-12-01')).toBe('2099-00');
    expect(schoolYearOfTermStart('2026-08-28')).toBe('2026-27');
    expect(schoolYearOfTermStart('2027-07-31')).toBe('2026-27');
    expect(formatDate('2024-08-19')).toBe('19 Aug 2024');
  });
});

describe('fromDayNumber', () => {
  it('agrees with the JavaScript Date on every day from 1900 to 2200, and every 97th day from year 1 to 9999', () => {
    const wrong: number[] = [];
    const check = (day: number) => {
      if (fromDayNumber(day) !== new Date(day * 86_400_000).toISOString().slice(0, 10)) wrong.push(day);
    };
    for (let day = -25_567; day < 84_006; day += 1) check(day);
    for (let day = -719_162; day < 2_932_897; day += 97) check(day);
    expect(wrong).toEqual([]);
  });

  it.each([
    [0, '1970-01-01'],
    [20_512, '2026-02-28'],
    [20_513, '2026-03-01'],
    [11_016, '2000-02-29'],
    [-1, '1969-12-31'],
  ])('day %i is %s and back', (day, date) => {
    expect(fromDayNumber(day)).toBe(date);
    expect(toDayNumber(date)).toBe(day);
  });
});
