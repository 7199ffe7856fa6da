// Detectors behind the "triggers needing a decision": each reads one pupil's marks and says when a
// threshold was first met and under which period key, so the TriggerHit row (pupil, kind, periodKey) is
// written once. Pure; wording and owners are added in triggers.ts.
//
// Period keys, decided:
// - Rolling school-week thresholds (national 10 in 10, local e.g. 12 in 12): every time the threshold is
//   met is a new decision. After a hit, counting restarts the day after it was met (the sessions that met
//   it are not counted again), which is what nationalThreshold's `since` is for. Key: the date met.
// - Year counts (a local threshold without weeks, unauthorised leave not required to be consecutive):
//   once per school year. Key: '2026-27'.
// - Lateness: once per threshold per window (school year, term or half term, as the policy says).
//   Key: '<window>:<lates>', e.g. '2026-27-autumn-1:5'.
// - Consecutive unauthorised leave, 20-day and 10-day runs: once per run. Key: the run's first day.
// - Sickness return: once per school year (the law allows one return per period per year; Rollcall
//   raises the first, staff judge any later one). Key: '2026-27'.

import {
  REGIME_2024_FROM, addDays, codeOn, sessionsInSchoolWeeksThreshold, type IsoDate, type Mark, type SchoolCalendar,
  type SchoolWeeksThreshold,
} from '../../rules/index.js';

export interface Detected {
  periodKey: string;
  firstMetOn: IsoDate;
  /** Numbers for the sentence staff read. */
  facts: Record<string, string | number>;
}

const ORDER = { AM: 0, PM: 1 } as const;
export function bySession(a: Mark, b: Mark): number {
  return a.date === b.date ? ORDER[a.session] - ORDER[b.session] : a.date < b.date ? -1 : 1;
}

/** Every time a rolling threshold was met after `after` (exclusive), up to asOf, oldest first. */
export function rollingThresholdHits(
  marks: readonly Mark[],
  calendar: SchoolCalendar,
  threshold: SchoolWeeksThreshold,
  asOf: IsoDate,
  after: IsoDate | null,
): Detected[] {
  const hits: Detected[] = [];
  let since = after === null ? REGIME_2024_FROM : addDays(after, 1);
  if (since < REGIME_2024_FROM) since = REGIME_2024_FROM;
  for (let guard = 0; guard < 500; guard++) {
    const r = sessionsInSchoolWeeksThreshold(marks, calendar, { ...threshold, ignoreBefore: since }, asOf);
    if (r.metOn === null) break;
    hits.push({
      periodKey: r.metOn,
      firstMetOn: r.metOn,
      facts: { sessions: r.sessionsInWindow.length, firstWeek: r.window?.firstWeek ?? r.metOn, firstSession: r.sessionsInWindow[0]?.date ?? r.metOn },
    });
    since = addDays(r.metOn, 1);
  }
  return hits;
}

/** The date the count of marks with these codes in [from, asOf] reached `needed`, or null. */
export function countReachedOn(marks: readonly Mark[], codes: ReadonlySet<string>, from: IsoDate, asOf: IsoDate, needed: number): IsoDate | null {
  const dates = marks.filter((m) => m.date >= from && m.date <= asOf && codes.has(m.code)).sort(bySession);
  return dates.length >= needed ? (dates[needed - 1]?.date ?? null) : null;
}

/**
 * Runs of consecutive register sessions all coded with `codes` (another code breaks a run; days with no
 * school have no marks and so do not), that reached `needed` sessions on or before asOf.
 */
export function consecutiveSessionRuns(marks: readonly Mark[], codes: ReadonlySet<string>, asOf: IsoDate, needed: number): Detected[] {
  const ordered = marks.filter((m) => m.date <= asOf && !(codeOn(m.code, m.date)?.category === 'not-possible')).sort(bySession);
  const hits: Detected[] = [];
  let start: Mark | undefined;
  let length = 0;
  for (const m of ordered) {
    if (!codes.has(m.code)) {
      start = undefined;
      length = 0;
      continue;
    }
    start ??= m;
    length++;
    if (length === needed) hits.push({ periodKey: start.date, firstMetOn: m.date, facts: { sessions: needed, from: start.date } });
  }
  return hits;
}

/** The half of the term (split at its breaks) containing the date: 1, 2, ... */
export function halfTermOf(calendar: SchoolCalendar, date: IsoDate): { key: string; start: IsoDate } | null {
  const term = calendar.termOf(date);
  if (!term) return null;
  let start = term.start;
  let index = 1;
  for (const br of [...term.breaks].sort((a, b) => a.start.localeCompare(b.start))) {
    if (date < br.start) break;
    start = addDays(br.end, 1);
    index++;
  }
  return { key: `${term.year}-${term.name}-${index}`, start };
}
