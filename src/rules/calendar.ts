// When the school meets. Built once from the policy file's CalendarData plus the built-in bank holidays,
// then answers school-day and school-week questions from precomputed indexes (no per-call scanning), so
// rules over a whole school of pupils stay linear.
//
// A school day is a weekday inside a term, outside its half-term breaks, not an INSET day, not a bank
// holiday, and with at least one session left after closures. Closures (planned # or unexpected Y4) remove
// sessions: a day whose every session is closed is not a school day. A school week is a Monday-start week
// with at least one session (penalty-notice regulations, reg 9A of SI 2007/1867).

import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays.js';
import {
  addDays, conventionalSchoolYearStart, fromDayNumber, isIsoDate, mondayOf, schoolYearLabel, toDayNumber, weekdayIndex,
} from './dates.js';
import type { CalendarData, IsoDate, Session, Term } from './types.js';

const BOTH: readonly Session[] = ['AM', 'PM'];
const AM_ONLY: readonly Session[] = ['AM'];
const PM_ONLY: readonly Session[] = ['PM'];
const NONE: readonly Session[] = [];

const built = new WeakMap<CalendarData, SchoolCalendar>();

/**
 * The calendar for a policy's calendar data, built once per data object. Stored policies are parsed
 * once and frozen (policy/load.ts), so every request for a school shares one calendar; building one
 * indexes two school years day by day. Pure: the same data always gives an equal calendar.
 */
export function calendarOf(data: CalendarData): SchoolCalendar {
  let calendar = built.get(data);
  if (!calendar) {
    calendar = new SchoolCalendar(data);
    built.set(data, calendar);
  }
  return calendar;
}

export class SchoolCalendar {
  /** The policy's calendar as given (INSET days, closures and their reasons: see no-session.ts). */
  readonly data: CalendarData;
  readonly terms: readonly Term[];
  /** First and last dates of the known terms; outside them nothing is a school day. */
  readonly firstDay: IsoDate;
  readonly lastDay: IsoDate;
  private readonly startDay: number;
  private readonly sessionsByOffset: (readonly Session[])[];
  /** schoolDaysBefore[i] = school days in [firstDay, firstDay + i). Length = days in range + 1. */
  private readonly schoolDaysBefore: Int32Array;
  private readonly schoolDays: IsoDate[];
  private readonly schoolWeekMondays: IsoDate[];
  private readonly weekIndexByMonday = new Map<IsoDate, number>();
  /** Caches so hot lookups never parse a date: date -> offset from firstDay, offset -> school week index. */
  private readonly offsetByDate = new Map<IsoDate, number>();
  private readonly weekIndexByOffset: Int32Array;
  /** First day of each school year the terms name (its earliest term's start), by the year it begins in. */
  private readonly yearStarts = new Map<number, IsoDate>();
  /** Built-in and the policy's extra bank holidays. */
  private readonly bankHolidays: ReadonlySet<IsoDate>;

  constructor(data: CalendarData) {
    checkDates(data);
    this.data = data;
    this.terms = [...data.terms].sort((a, b) => a.start.localeCompare(b.start));
    const first = this.terms[0];
    if (!first) throw new RangeError('The school calendar needs at least one term');
    this.firstDay = first.start;
    this.lastDay = this.terms.reduce((max, t) => (t.end > max ? t.end : max), first.end);
    this.startDay = toDayNumber(this.firstDay);
    // A year starts with its first term only when that term begins after July: a calendar listing a year
    // from its spring term on does not know when the year began.
    for (const term of this.terms) {
      const year = Number(term.year.slice(0, 4));
      if (!this.yearStarts.has(year)) this.yearStarts.set(year, term.start.slice(5, 7) >= '08' ? term.start : `${year}-09-01`);
    }
    const length = toDayNumber(this.lastDay) - this.startDay + 1;

    this.bankHolidays = new Set<IsoDate>([...ENGLAND_AND_WALES_BANK_HOLIDAYS, ...(data.extraBankHolidays ?? [])]);
    const noSchool = new Set<IsoDate>([...this.bankHolidays, ...data.insetDays]);
    const closed = new Map<IsoDate, Set<Session>>();
    for (const c of data.closures) {
      const set = closed.get(c.date) ?? new Set<Session>();
      for (const s of c.sessions ?? BOTH) set.add(s);
      closed.set(c.date, set);
    }
    const inTerm = new Uint8Array(length);
    for (const term of this.terms) {
      for (let d = toDayNumber(term.start); d <= toDayNumber(term.end); d++) inTerm[d - this.startDay] = 1;
      for (const br of term.breaks) {
        for (let d = toDayNumber(br.start); d <= toDayNumber(br.end); d++) {
          if (d >= this.startDay && d - this.startDay < length) inTerm[d - this.startDay] = 0;
        }
      }
    }

    this.sessionsByOffset = new Array<readonly Session[]>(length);
    this.schoolDaysBefore = new Int32Array(length + 1);
    this.schoolDays = [];
    this.schoolWeekMondays = [];
    for (let i = 0; i < length; i++) {
      const date = fromDayNumber(this.startDay + i);
      this.offsetByDate.set(date, i);
      let sessions = NONE;
      if (inTerm[i] === 1 && weekdayIndex(this.startDay + i) < 5 && !noSchool.has(date)) {
        const shut = closed.get(date);
        sessions = !shut ? BOTH : shut.has('AM') ? (shut.has('PM') ? NONE : PM_ONLY) : shut.has('PM') ? AM_ONLY : BOTH;
      }
      this.sessionsByOffset[i] = sessions;
      this.schoolDaysBefore[i + 1] = (this.schoolDaysBefore[i] ?? 0) + (sessions.length > 0 ? 1 : 0);
      if (sessions.length > 0) {
        this.schoolDays.push(date);
        const monday = mondayOf(date);
        if (!this.weekIndexByMonday.has(monday)) {
          this.weekIndexByMonday.set(monday, this.schoolWeekMondays.length);
          this.schoolWeekMondays.push(monday);
        }
      }
    }
    this.weekIndexByOffset = new Int32Array(length);
    for (let i = 0; i < length; i++) {
      const monday = fromDayNumber(this.startDay + i - weekdayIndex(this.startDay + i));
      this.weekIndexByOffset[i] = this.weekIndexByMonday.get(monday) ?? -1;
    }
  }

  sessionsOn(date: IsoDate): readonly Session[] {
    const i = this.offset(date);
    return i === undefined ? NONE : (this.sessionsByOffset[i] ?? NONE);
  }

  /**
   * Whether the school held this session: true or false wherever the calendar can say (inside its terms'
   * span, and on every weekend and bank holiday), undefined on a weekday before its first term or after its
   * last, where it cannot. Figures count a mark only when this is not false; the import refuses a mark where
   * it is false (no-session.ts says why).
   */
  sessionHeld(date: IsoDate, session: Session): boolean | undefined {
    const i = this.offset(date);
    if (i !== undefined) return (this.sessionsByOffset[i] ?? NONE).includes(session);
    if (this.bankHolidays.has(date)) return false;
    return weekdayIndex(toDayNumber(date)) >= 5 ? false : undefined;
  }

  isBankHoliday(date: IsoDate): boolean {
    return this.bankHolidays.has(date);
  }

  /** True from the first term's first day to the last term's last day. */
  covers(date: IsoDate): boolean {
    return this.firstDay <= date && date <= this.lastDay;
  }

  isSchoolDay(date: IsoDate): boolean {
    return this.sessionsOn(date).length > 0;
  }

  /** Position of a school day in the calendar (0 = first school day), or -1 when the date is not one. */
  schoolDayIndex(date: IsoDate): number {
    return this.isSchoolDay(date) ? this.countBefore(date) : -1;
  }

  /** Both ends included. */
  countSchoolDays(from: IsoDate, to: IsoDate): number {
    if (to < from) return 0;
    return this.countBefore(to, 1) - this.countBefore(from);
  }

  schoolDaysBetween(from: IsoDate, to: IsoDate): IsoDate[] {
    if (to < from) return [];
    return this.schoolDays.slice(this.countBefore(from), this.countBefore(to, 1));
  }

  /** School days strictly after `date` up to and including `asOf`: the age of a mark in school days. */
  schoolDaysAfter(date: IsoDate, asOf: IsoDate): number {
    if (asOf <= date) return 0;
    return this.countBefore(asOf, 1) - this.countBefore(date, 1);
  }

  /**
   * The school day `n` school days after (n > 0) or before (n < 0) the date; the date itself for n = 0.
   * Works from non-school days too. Undefined when the answer lies outside the known terms.
   */
  addSchoolDays(date: IsoDate, n: number): IsoDate | undefined {
    if (n === 0) return date;
    const index = n > 0 ? this.countBefore(date, 1) + n - 1 : this.countBefore(date) + n;
    return this.schoolDays[index];
  }

  previousSchoolDay(date: IsoDate): IsoDate | undefined {
    return this.addSchoolDays(date, -1);
  }

  nextSchoolDay(date: IsoDate): IsoDate | undefined {
    return this.addSchoolDays(date, 1);
  }

  /** The term containing the date (half-term breaks included), or undefined in the holidays between terms. */
  termOf(date: IsoDate): Term | undefined {
    return this.terms.find((t) => t.start <= date && date <= t.end);
  }

  /** The school year holding the date, as '2026-27' (see schoolYearStart). */
  schoolYearOf(date: IsoDate): string {
    return schoolYearLabel(this.schoolYearBeginning(date));
  }

  /**
   * The first day of the school year holding the date. A school year begins with the first term to begin
   * after July (Education Act 1996 s579) and runs to the day before the next one begins, so it is the
   * school's own: an autumn term starting on 28 August starts the year then, and the days between the
   * end of the summer term and a term starting on 3 September still belong to the year before. A year
   * the calendar names no term for starts on 1 September.
   */
  schoolYearStart(date: IsoDate): IsoDate {
    const year = this.schoolYearBeginning(date);
    return this.yearStarts.get(year) ?? `${year}-09-01`;
  }

  /** The first day of the school year before the one holding the date. */
  previousSchoolYearStart(date: IsoDate): IsoDate {
    return this.schoolYearStart(addDays(this.schoolYearStart(date), -1));
  }

  /** The calendar year the school year holding the date begins in. */
  private schoolYearBeginning(date: IsoDate): number {
    const conventional = Number(conventionalSchoolYearStart(date).slice(0, 4));
    const next = this.yearStarts.get(conventional + 1);
    if (next !== undefined && next <= date) return conventional + 1;
    const own = this.yearStarts.get(conventional);
    return own !== undefined && own > date ? conventional - 1 : conventional;
  }

  /** The Monday of the date's week when the school meets that week, otherwise undefined. */
  schoolWeekOf(date: IsoDate): IsoDate | undefined {
    const monday = mondayOf(date);
    return this.weekIndexByMonday.has(monday) ? monday : undefined;
  }

  /** Position of the date's school week (0 = first school week), or -1 when the school does not meet that week. */
  schoolWeekIndex(date: IsoDate): number {
    const i = this.offset(date);
    if (i !== undefined) return this.weekIndexByOffset[i] ?? -1;
    return this.weekIndexByMonday.get(mondayOf(date)) ?? -1;
  }

  /** Mondays of the school weeks touching [from, to], oldest first. */
  schoolWeeksBetween(from: IsoDate, to: IsoDate): IsoDate[] {
    const lo = this.weeksBefore(mondayOf(from));
    const hi = this.weeksBefore(mondayOf(to), true);
    return this.schoolWeekMondays.slice(lo, Math.max(lo, hi));
  }

  /**
   * The last `n` school weeks ending with the week of `date` (or, if the school does not meet that week,
   * the latest school week before it), oldest first. Fewer than n at the start of the calendar.
   */
  previousSchoolWeeks(date: IsoDate, n: number): IsoDate[] {
    const end = this.weeksBefore(mondayOf(date), true);
    return this.schoolWeekMondays.slice(Math.max(0, end - n), end);
  }

  /** Index of the latest school week starting on or before the date's Monday, or -1 before the first one. */
  latestSchoolWeekIndex(date: IsoDate): number {
    return this.weeksBefore(mondayOf(date), true) - 1;
  }

  /** School days in [firstDay, date) (or [firstDay, date] when inclusive is 1). */
  private countBefore(date: IsoDate, inclusive: 0 | 1 = 0): number {
    const i = this.offset(date);
    if (i !== undefined) return this.schoolDaysBefore[i + inclusive] ?? 0;
    return date < this.firstDay ? 0 : this.schoolDays.length;
  }

  /** Count of school-week Mondays before `monday` (or up to and including it). Binary search. */
  private weeksBefore(monday: IsoDate, inclusive = false): number {
    let lo = 0;
    let hi = this.schoolWeekMondays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.schoolWeekMondays[mid] ?? '';
      if (m < monday || (inclusive && m === monday)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private offset(date: IsoDate): number | undefined {
    return this.offsetByDate.get(date);
  }
}

function checkDates(data: CalendarData): void {
  const bad = (where: string, d: string): never => {
    throw new RangeError(`School calendar: ${where} has "${d}", which is not a date written YYYY-MM-DD`);
  };
  for (const t of data.terms) {
    for (const d of [t.start, t.end]) if (!isIsoDate(d)) bad(`${t.year} ${t.name} term`, d);
    if (t.end < t.start) throw new RangeError(`School calendar: ${t.year} ${t.name} term ends before it starts`);
    for (const b of t.breaks) for (const d of [b.start, b.end]) if (!isIsoDate(d)) bad(`${t.year} ${t.name} break`, d);
  }
  for (const d of data.insetDays) if (!isIsoDate(d)) bad('an INSET day', d);
  for (const c of data.closures) if (!isIsoDate(c.date)) bad('a closure', c.date);
  for (const d of data.extraBankHolidays ?? []) if (!isIsoDate(d)) bad('an extra bank holiday', d);
}
