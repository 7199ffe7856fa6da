// Continuous absence counted back over school days from a date: the 20-school-day deletion ground
// (reg 9(1)(i): only G, N or O throughout), the 10-day attendance return (reg 13(7)(b): only G, N, O or U)
// and the "consecutive days absent" shown on the first-day-calling list. Holidays never break a run;
// only school days are looked at. Pass as asOf the last day whose registers are complete.

import type { SchoolCalendar } from './calendar.js';
import type { CodeRule } from './code-table.js';
import { PupilRegister } from './pupil-register.js';
import type { IsoDate, Mark } from './types.js';

export interface AbsenceRun {
  /** School days in the run, ending with the latest school day on or before asOf. */
  days: number;
  firstDay: IsoDate | null;
  lastDay: IsoDate | null;
}

export interface StatutoryRun extends AbsenceRun {
  met: boolean;
}

export const TWENTY_DAY_DELETION_DAYS = 20;
export const TEN_DAY_RETURN_DAYS = 10;

/**
 * The run of school days whose every session has a code meeting `qualifies`. A missing mark breaks it.
 * Callers asking about several dates pass one PupilRegister rather than re-indexing the marks each time.
 */
export function continuousCodedRun(
  marks: readonly Mark[] | PupilRegister,
  calendar: SchoolCalendar,
  asOf: IsoDate,
  qualifies: (rule: CodeRule) => boolean,
): AbsenceRun {
  const register = marks instanceof PupilRegister ? marks : new PupilRegister(marks);
  return countBack(calendar, asOf, undefined, (day) => {
    const ok = calendar.sessionsOn(day).every((s) => {
      const rule = register.rule(day, s);
      return rule !== undefined && qualifies(rule);
    });
    return ok ? 'counts' : 'breaks';
  });
}

/** reg 9(1)(i): at least 20 school days coded only G, N or O (no U, no authorised or other code). */
export function twentyDayDeletionRun(marks: readonly Mark[] | PupilRegister, calendar: SchoolCalendar, asOf: IsoDate): StatutoryRun {
  const run = continuousCodedRun(marks, calendar, asOf, (r) => r.countsForTwentyDayDeletion);
  return { ...run, met: run.days >= TWENTY_DAY_DELETION_DAYS };
}

/** reg 13(7)(b): at least 10 continuous school days coded only G, N, O or U. */
export function tenDayAttendanceReturnRun(marks: readonly Mark[] | PupilRegister, calendar: SchoolCalendar, asOf: IsoDate): StatutoryRun {
  const run = continuousCodedRun(marks, calendar, asOf, (r) => r.countsForTenDayReturn);
  return { ...run, met: run.days >= TEN_DAY_RETURN_DAYS };
}

/**
 * Consecutive school days absent up to asOf, for the unexplained-absence list. A day counts when none of
 * its sessions was attended and at least one was an absence (authorised, unauthorised, N, no mark or an
 * invalid code). A day when the pupil attended any session (/ \ L U or approved activity) ends the run.
 * A day whose sessions are all outside possible sessions (D, Y4, #...) neither counts nor breaks it.
 * The count never reaches before `since` (admission date) nor before the pupil's first mark.
 */
export function consecutiveDaysAbsent(
  marks: readonly Mark[],
  calendar: SchoolCalendar,
  asOf: IsoDate,
  since?: IsoDate,
): AbsenceRun {
  const register = new PupilRegister(marks);
  const firstMark = register.markedDates[0];
  if (firstMark === undefined) return { days: 0, firstDay: null, lastDay: null };
  const floor = since && since > firstMark ? since : firstMark;
  return countBack(calendar, asOf, floor, (day) => {
    let absent = false;
    for (const s of calendar.sessionsOn(day)) {
      const rule = register.rule(day, s);
      if (rule && (rule.onSite || rule.countsAsAttendance)) return 'breaks';
      if (!rule || rule.countsInPossible) absent = true;
    }
    return absent ? 'counts' : 'skips';
  });
}

type DayVerdict = 'counts' | 'breaks' | 'skips';

function countBack(
  calendar: SchoolCalendar,
  asOf: IsoDate,
  floor: IsoDate | undefined,
  verdict: (day: IsoDate) => DayVerdict,
): AbsenceRun {
  let day: IsoDate | undefined = calendar.isSchoolDay(asOf) ? asOf : calendar.previousSchoolDay(asOf);
  let days = 0;
  let firstDay: IsoDate | null = null;
  let lastDay: IsoDate | null = null;
  while (day !== undefined && (floor === undefined || day >= floor)) {
    const v = verdict(day);
    if (v === 'breaks') break;
    if (v === 'counts') {
      days++;
      firstDay = day;
      lastDay ??= day;
    }
    day = calendar.previousSchoolDay(day);
  }
  return { days, firstDay, lastDay };
}
