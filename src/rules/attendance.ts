// A pupil's attendance over a period, as the DfE counts it (attendance-rules.md 1.4): each session is read
// with the code set in force on its date, so a 2023 J still counts as present and a 2023 H as authorised.
// Persistent absence (10%+) and severe absence (50%+) are statistical flags on actual possible sessions.

import { codeOn, isNoMark } from './codes.js';
import type { IsoDate, Mark } from './types.js';

export interface AttendanceSummary {
  from: IsoDate;
  to: IsoDate;
  possibleSessions: number;
  /** Attending sessions: / \ L plus approved educational activity. */
  presentSessions: number;
  approvedEducationalActivity: number;
  authorisedSessions: number;
  unauthorisedSessions: number;
  /** authorised + unauthorised. */
  absenceSessions: number;
  /** L only (U is an unauthorised absence, counted in uSessions). */
  lateSessions: number;
  uSessions: number;
  /** Sessions with a code outside possible sessions (D X Q Y* Z #). */
  notPossibleSessions: number;
  /** '-' or blank: not counted anywhere, every session needs a code. */
  noMarkSessions: number;
  /** Codes not valid on their date (e.g. H in 2025): not counted, to be corrected. */
  invalidCodeSessions: number;
  /** Percentage with one decimal, null when there were no possible sessions. */
  attendancePct: number | null;
  absencePct: number | null;
  /** Absence is 10% or more of possible sessions. */
  persistentAbsence: boolean;
  /** Absence is 50% or more of possible sessions. */
  severeAbsence: boolean;
}

/**
 * `sessions` sessions coded `code`, all dated in the summary's period and all read as the code reads on
 * `date` (one codeRuleSpans span): how a bulk reader passes marks it counted instead of loading.
 */
export interface CountedSessions {
  code: string;
  date: IsoDate;
  sessions: number;
}

/**
 * Sessions with date in [from, to], both included, plus any `counted` sessions (already in the period,
 * not in `marks`). Linear in the number of marks.
 */
export function summariseAttendance(marks: readonly Mark[], from: IsoDate, to: IsoDate, counted: readonly CountedSessions[] = []): AttendanceSummary {
  let possible = 0;
  let present = 0;
  let aea = 0;
  let authorised = 0;
  let unauthorised = 0;
  let late = 0;
  let u = 0;
  let notPossible = 0;
  let noMark = 0;
  let invalid = 0;
  const tally = (code: string, date: IsoDate, n: number) => {
    if (isNoMark(code)) {
      noMark += n;
      return;
    }
    const rule = codeOn(code, date);
    if (!rule) {
      invalid += n;
      return;
    }
    if (rule.countsInPossible) possible += n;
    else notPossible += n;
    if (rule.countsAsAttendance) present += n;
    if (rule.category === 'approved-educational-activity') aea += n;
    else if (rule.category === 'authorised') authorised += n;
    else if (rule.category === 'unauthorised') unauthorised += n;
    if (rule.late) late += n;
    if (code === 'U') u += n;
  };
  for (const mark of marks) {
    if (mark.date < from || mark.date > to) continue;
    tally(mark.code, mark.date, 1);
  }
  for (const c of counted) if (c.sessions > 0) tally(c.code, c.date, c.sessions);
  const absence = authorised + unauthorised;
  return {
    from,
    to,
    possibleSessions: possible,
    presentSessions: present,
    approvedEducationalActivity: aea,
    authorisedSessions: authorised,
    unauthorisedSessions: unauthorised,
    absenceSessions: absence,
    lateSessions: late,
    uSessions: u,
    notPossibleSessions: notPossible,
    noMarkSessions: noMark,
    invalidCodeSessions: invalid,
    attendancePct: percentage(present, possible),
    absencePct: percentage(absence, possible),
    // Integer comparisons, so exactly 10% and exactly 50% are caught without float error.
    persistentAbsence: possible > 0 && absence * 10 >= possible,
    severeAbsence: possible > 0 && absence * 2 >= possible,
  };
}

/** One decimal place, rounded half up; null when nothing was possible. */
export function percentage(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.round((part * 1000) / whole) / 10;
}

/**
 * Days absent for day-based tier models such as Lutley's: absence sessions / 2, so two half days make a day
 * (sessions-halved, 4.5 allowed), or only days where every marked, possible session was an absence
 * (whole-days). Policies say which they mean.
 */
export function daysAbsent(
  marks: readonly Mark[],
  from: IsoDate,
  to: IsoDate,
  method: 'sessions-halved' | 'whole-days' = 'sessions-halved',
): number {
  if (method === 'sessions-halved') return summariseAttendance(marks, from, to).absenceSessions / 2;
  const dayState = new Map<IsoDate, boolean>();
  for (const mark of marks) {
    if (mark.date < from || mark.date > to || isNoMark(mark.code)) continue;
    const rule = codeOn(mark.code, mark.date);
    if (!rule || !rule.countsInPossible) continue;
    const absent = !rule.countsAsAttendance;
    dayState.set(mark.date, (dayState.get(mark.date) ?? true) && absent);
  }
  let days = 0;
  for (const absent of dayState.values()) if (absent) days++;
  return days;
}
