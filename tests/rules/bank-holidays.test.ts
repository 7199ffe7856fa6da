import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAY_YEARS, ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../src/rules/bank-holidays.js';
import { addDays, toDayNumber, weekdayIndex } from '../../src/rules/dates.js';

// An independent derivation: Easter by the anonymous Gregorian algorithm, the fixed Monday holidays, and the
// GOV.UK substitution rule for Christmas, Boxing Day and New Year's Day falling at a weekend.
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const weekday = (d: string): number => weekdayIndex(toDayNumber(d));
const firstMonday = (year: number, month: number): string => {
  let d = `${year}-${String(month).padStart(2, '0')}-01`;
  while (weekday(d) !== 0) d = addDays(d, 1);
  return d;
};
const lastMonday = (year: number, month: number): string => {
  let d = addDays(`${month === 12 ? year + 1 : year}-${String((month % 12) + 1).padStart(2, '0')}-01`, -1);
  while (weekday(d) !== 0) d = addDays(d, -1);
  return d;
};
const nextWeekday = (d: string, taken: Set<string>): string => {
  let x = d;
  while (weekday(x) >= 5 || taken.has(x)) x = addDays(x, 1);
  return x;
};

function derived(year: number): string[] {
  const easter = easterSunday(year);
  const newYear = nextWeekday(`${year}-01-01`, new Set());
  const christmas = nextWeekday(`${year}-12-25`, new Set());
  const boxing = nextWeekday(`${year}-12-26`, new Set([christmas]));
  return [newYear, addDays(easter, -2), addDays(easter, 1), firstMonday(year, 5), lastMonday(year, 5), lastMonday(year, 8), christmas, boxing].sort();
}

describe('England and Wales bank holidays', () => {
  for (let year = BANK_HOLIDAY_YEARS.from; year <= BANK_HOLIDAY_YEARS.to; year++) {
    it(`matches the rules for ${year}`, () => {
      const listed = ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((d) => d.startsWith(`${year}-`)).sort();
      expect(listed).toEqual(derived(year));
    });
  }

  it.each([
    ['2026', ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']],
    ['2027', ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28']],
  ])('lists the published %s dates', (year, dates) => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((d) => d.startsWith(`${year}-`))).toEqual(dates);
  });

  it('has only weekdays', () => {
    for (const d of ENGLAND_AND_WALES_BANK_HOLIDAYS) expect(weekday(d)).toBeLessThan(5);
  });
});
