// Continuous-absence grounds checked over the school days of the week just gone, so a run that reached its
// length mid-week and then ended (the pupil came back on Friday) is still raised. The run functions in
// src/rules count back from a date; these call them only for pupils with a qualifying mark that week, to
// keep a whole school's weekly run linear. Pure.

import {
  PupilRegister, codeOn, tenDayAttendanceReturnRun, twentyDayDeletionRun, type IsoDate, type Mark, type SchoolCalendar, type StatutoryRun,
} from '../../rules/index.js';
import type { Detected } from './trigger-detect.js';

const GNO = new Set(['G', 'N', 'O']);
const GNOU = new Set(['G', 'N', 'O', 'U']);

/** A 20-day (G/N/O) or 10-day (G/N/O/U) run that reached its length on a school day in `week`. */
export function continuousRunHit(
  marks: readonly Mark[],
  calendar: SchoolCalendar,
  week: { from: IsoDate; to: IsoDate },
  days: 20 | 10,
): Detected | null {
  const codes = days === 20 ? GNO : GNOU;
  if (!marks.some((m) => m.date >= week.from && m.date <= week.to && codes.has(m.code))) return null;
  const register = new PupilRegister(marks);
  const run = (d: IsoDate): StatutoryRun => (days === 20 ? twentyDayDeletionRun(register, calendar, d) : tenDayAttendanceReturnRun(register, calendar, d));
  for (const day of calendar.schoolDaysBetween(week.from, week.to)) {
    const r = run(day);
    if (r.met && r.firstDay !== null) {
      return { periodKey: r.firstDay, firstMetOn: calendar.addSchoolDays(r.firstDay, days - 1) ?? day, facts: { days: r.days } };
    }
  }
  return null;
}

/**
 * reg 9(1)(h): leave of absence (C) ended and the pupil has not attended in the `schoolDays` school days
 * straight after it, every session of them coded G, N, O or U (an authorised code such as I means the
 * school has a reason and the ground is not met). Only while the pupil is still not back by asOf.
 */
export function notReturnedFromLeave(marks: readonly Mark[], calendar: SchoolCalendar, asOf: IsoDate, schoolDays: number): Detected | null {
  let leaveEnd: IsoDate | null = null;
  for (const m of marks) if (m.code === 'C' && m.date <= asOf && (leaveEnd === null || m.date > leaveEnd)) leaveEnd = m.date;
  if (leaveEnd === null) return null;
  const after = calendar.schoolDaysBetween(calendar.nextSchoolDay(leaveEnd) ?? asOf, asOf).filter((d) => d > (leaveEnd ?? d));
  if (after.length < schoolDays) return null;
  const byDate = new Map<IsoDate, Mark[]>();
  for (const m of marks) {
    if (m.date <= leaveEnd || m.date > asOf) continue;
    const list = byDate.get(m.date) ?? [];
    list.push(m);
    byDate.set(m.date, list);
  }
  // Still not back: no attendance at all since the leave ended.
  for (const list of byDate.values()) {
    if (list.some((m) => { const r = codeOn(m.code, m.date); return !!r && (r.countsAsAttendance || r.onSite); })) return null;
  }
  const firstDays = after.slice(0, schoolDays);
  const unauthorisedThroughout = firstDays.every((d) => {
    const list = byDate.get(d) ?? [];
    return list.length > 0 && list.every((m) => GNOU.has(m.code));
  });
  if (!unauthorisedThroughout) return null;
  const metOn = firstDays[firstDays.length - 1] ?? asOf;
  return { periodKey: leaveEnd, firstMetOn: metOn, facts: { days: schoolDays } };
}
