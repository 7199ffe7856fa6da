// "N sessions with these codes in any M consecutive school weeks": the national penalty-notice threshold
// (10 G/N/O/U sessions in 10 school weeks, SI 2024/210 reg 5) and local ones built the same way (Dudley:
// 12 in 12). School weeks with no sessions are skipped, so a window runs across holidays, terms and years.

import type { SchoolCalendar } from './calendar.js';
import { REGIME_2024_FROM } from './codes.js';
import type { IsoDate, Mark } from './types.js';

export interface SchoolWeeksThreshold {
  sessions: number;
  weeks: number;
  codes: readonly string[];
  /** Sessions before this date do not count (the national threshold ignores pre-19 Aug 2024). */
  ignoreBefore?: IsoDate;
}

export const NATIONAL_THRESHOLD: SchoolWeeksThreshold = {
  sessions: 10,
  weeks: 10,
  codes: ['G', 'N', 'O', 'U'],
  ignoreBefore: REGIME_2024_FROM,
};

export interface ThresholdResult {
  /** Date of the qualifying session that first brought a window to the threshold, or null. */
  metOn: IsoDate | null;
  /** Mondays of the first and last school weeks of that window, when met. */
  window: { firstWeek: IsoDate; lastWeek: IsoDate } | null;
  /** The qualifying sessions in that window up to metOn, oldest first. */
  sessionsInWindow: Mark[];
  /** Qualifying sessions in the `weeks` school weeks ending with asOf's week: how close the pupil is now. */
  currentCount: number;
  /** Qualifying marks dated where the calendar has no school week (missing terms?): not counted. */
  outsideCalendar: number;
}

const SESSION_ORDER = { AM: 0, PM: 1 } as const;

function compareSessions(a: Mark, b: Mark): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return SESSION_ORDER[a.session] - SESSION_ORDER[b.session];
}

export function sessionsInSchoolWeeksThreshold(
  marks: readonly Mark[],
  calendar: SchoolCalendar,
  threshold: SchoolWeeksThreshold,
  asOf: IsoDate,
): ThresholdResult {
  const codes = new Set(threshold.codes);
  const from = threshold.ignoreBefore ?? '';
  let qualifying: { mark: Mark; week: number }[] = [];
  let outsideCalendar = 0;
  let sorted = true;
  for (const mark of marks) {
    if (mark.date < from || mark.date > asOf || !codes.has(mark.code)) continue;
    const week = calendar.schoolWeekIndex(mark.date);
    if (week < 0) {
      outsideCalendar++;
      continue;
    }
    const last = qualifying[qualifying.length - 1];
    if (last && compareSessions(last.mark, mark) >= 0) sorted = false;
    qualifying.push({ mark, week });
  }
  if (!sorted) {
    // Registers normally arrive in order; otherwise sort, and count a session entered twice only once.
    qualifying.sort((a, b) => compareSessions(a.mark, b.mark));
    qualifying = qualifying.filter((q, i) => i === 0 || compareSessions(qualifying[i - 1]?.mark ?? q.mark, q.mark) !== 0);
  }

  const lastWeek = calendar.latestSchoolWeekIndex(asOf);
  let currentCount = 0;
  for (const q of qualifying) if (q.week > lastWeek - threshold.weeks && q.week <= lastWeek) currentCount++;

  // Two pointers: for each session, the window is the `weeks` school weeks ending with its week.
  let left = 0;
  for (let right = 0; right < qualifying.length; right++) {
    const end = qualifying[right];
    if (!end) break;
    while ((qualifying[left]?.week ?? end.week) <= end.week - threshold.weeks) left++;
    if (right - left + 1 >= threshold.sessions) {
      const inWindow = qualifying.slice(left, right + 1).map((q) => q.mark);
      const weeks = calendar.previousSchoolWeeks(end.mark.date, threshold.weeks);
      return {
        metOn: end.mark.date,
        window: { firstWeek: weeks[0] ?? end.mark.date, lastWeek: weeks[weeks.length - 1] ?? end.mark.date },
        sessionsInWindow: inWindow,
        currentCount,
        outsideCalendar,
      };
    }
  }
  return { metOn: null, window: null, sessionsInWindow: [], currentCount, outsideCalendar };
}

/**
 * The national threshold. `since` lets a caller look only after an earlier consideration (for example the
 * day after a penalty notice decision); it can never reach back before 19 Aug 2024.
 */
export function nationalThreshold(
  marks: readonly Mark[],
  calendar: SchoolCalendar,
  asOf: IsoDate,
  since?: IsoDate,
): ThresholdResult {
  const ignoreBefore = since && since > REGIME_2024_FROM ? since : REGIME_2024_FROM;
  return sessionsInSchoolWeeksThreshold(marks, calendar, { ...NATIONAL_THRESHOLD, ignoreBefore }, asOf);
}
