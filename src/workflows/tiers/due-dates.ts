// Due dates and elapsed school weeks for tier work. Decisions, written down once:
// - A policy's dueWithinSchoolDays counts school days from the post, the day of the post being day 1:
//   a Monday post with 5 school days is due that Friday; 0 means the day of the post. Holidays do not eat
//   into the time (a post on the last Monday before half term with 5 days is due after the break).
// - Where the calendar in the policy ends before the due date, school days are approximated as calendar
//   days (5 school days = 7 days) so a task still gets a date; the school should add its next year's terms.
// - Monitoring periods and reviews are counted in SCHOOL weeks (weeks the school meets), so a two-week
//   monitoring spell over Christmas still covers two weeks of registers.
// - A task is overdue once its due day has ended in the school's time zone.

import { instantAt } from '../../rules/local-time.js';
import { addDays, type IsoDate, type SchoolCalendar } from '../../rules/index.js';

export function dueDate(calendar: SchoolCalendar, postedOn: IsoDate, schoolDays: number): IsoDate {
  if (schoolDays <= 0) return calendar.isSchoolDay(postedOn) ? postedOn : (calendar.nextSchoolDay(postedOn) ?? postedOn);
  return calendar.addSchoolDays(addDays(postedOn, -1), schoolDays) ?? addDays(postedOn, Math.ceil((schoolDays * 7) / 5) - 1);
}

/** The instant a task due on `date` becomes overdue: the school's midnight at the end of that day. */
export function dueInstant(date: IsoDate, timeZone: string): Date {
  return instantAt(addDays(date, 1), '00:00', timeZone);
}

/** School weeks (weeks with at least one session) from `from` up to the day before `until`. */
export function schoolWeeksElapsed(calendar: SchoolCalendar, from: IsoDate, until: IsoDate): number {
  if (until <= from) return 0;
  return calendar.schoolWeeksBetween(from, addDays(until, -1)).length;
}

/**
 * The Monday on which `weeks` school weeks starting at `from` (a Monday) are complete: the Monday after the
 * last of them. Falls back to calendar weeks past the end of the calendar.
 */
export function afterSchoolWeeks(calendar: SchoolCalendar, from: IsoDate, weeks: number): IsoDate {
  const mondays = calendar.schoolWeeksBetween(from, calendar.lastDay);
  const last = mondays[weeks - 1];
  if (last === undefined) {
    const known = mondays.length;
    const lastKnown = mondays[known - 1];
    return lastKnown === undefined ? addDays(from, 7 * weeks) : addDays(lastKnown, 7 * (weeks - known + 1));
  }
  return addDays(last, 7);
}
