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

/**
 * The school year a term beginning on `start` belongs to, as '2026-27': a school year begins with the
 * first term to begin after July (Education Act 1996 s579), so a term starting on 28 Aug 2026 opens
 * 2026-27 and one starting in July 2027 still belongs to it.
 */
export function schoolYearOfTermStart(start: IsoDate): string {
  const year = Number(start.slice(0, 4));
  return schoolYearLabel(Number(start.slice(5, 7)) >= 8 ? year : year - 1);
}

/** '2026-27' for the school year beginning in 2026. */
export function schoolYearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/**
 * 1 September of the year that, by convention, holds the date (1 Sep to 31 Aug): only for dates whose
 * school year the school's calendar does not give. SchoolCalendar.schoolYearStart follows the terms.
 */
export function conventionalSchoolYearStart(date: IsoDate): IsoDate {
  const year = Number(date.slice(0, 4));
  return `${Number(date.slice(5, 7)) >= 9 ? year : year - 1}-09-01`;
}

/** '19 Aug 2024': the way staff read dates in messages. */
export function formatDate(date: IsoDate): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${Number(date.slice(8, 10))} ${months[Number(date.slice(5, 7)) - 1] ?? '?'} ${date.slice(0, 4)}`;
}
