// Calendar-date arithmetic on ISO dates (YYYY-MM-DD) without time zones: register dates are local dates,
// so they are handled as whole day numbers (days since 1970-01-01), never as instants.

import type { IsoDate } from './types.js';

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
  return fromDayNumber(n) === value;
}

/** Days since 1970-01-01. Assumes a well-formed date (check with isIsoDate at the boundary). */
export function toDayNumber(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/**
 * The inverse of toDayNumber, by integer arithmetic (Howard Hinnant's civil_from_days) rather than
 * through Date and toISOString: calendars and registers call it for every day and mark, and the
 * string round trip dominated their cost.
 */
export function fromDayNumber(day: number): IsoDate {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Monday ... 6 = Sunday (1970-01-01, day 0, was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function isWeekend(date: IsoDate): boolean {
  return weekdayIndex(toDayNumber(date)) >= 5;
}

/** The Monday that starts the week containing the date. */
export function mondayOf(date: IsoDate): IsoDate {
  const day = toDayNumber(date);
  return fromDayNumber(day - weekdayIndex(day));
}

/** '2026-27' for any date from 1 Sep 2026 to 31 Aug 2027. */
export function schoolYearOf(date: IsoDate): string {
  const start = schoolYearStartYear(date);
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** 1 September of the school year containing the date. */
export function schoolYearStart(date: IsoDate): IsoDate {
  return `${schoolYearStartYear(date)}-09-01`;
}

function schoolYearStartYear(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 9 ? year : year - 1;
}

/** '19 Aug 2024': the way staff read dates in messages. */
export function formatDate(date: IsoDate): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${Number(date.slice(8, 10))} ${months[Number(date.slice(5, 7)) - 1] ?? '?'} ${date.slice(0, 4)}`;
}
