// The triggers that need a person's decision, for one pupil in one week, in the school's words and with
// the roles who decide. National rules cannot be switched off by the policy: the 10-in-10 threshold, the
// sickness return, the 20-day and 10-day grounds always run. Removal grounds are raised as "reasonable
// enquiries with the local authority needed": Rollcall never removes a pupil from roll. Pure.

import {
  NATIONAL_THRESHOLD, REGIME_2024_FROM, addDays, formatDate, sicknessReturn,
  type IsoDate, type Mark, type SchoolCalendar,
} from '../../rules/index.js';
import type { Policy } from '../../policy/schema.js';
import { countReachedOn, consecutiveSessionRuns, halfTermOf, rollingThresholdHits, type Detected } from './trigger-detect.js';
import { continuousRunHit, notReturnedFromLeave } from './trigger-runs.js';

export interface TriggerPupilInput {
  pupilId: string;
  marks: readonly Mark[];
  dateOfBirth: IsoDate | null;
  /** Latest firstMetOn per trigger kind recorded before this week: rolling thresholds restart after it. */
  lastHits: ReadonlyMap<string, IsoDate>;
}

export interface TriggerWeek {
  calendar: SchoolCalendar;
  weekStart: IsoDate;
  asOf: IsoDate;
  policy: Policy;
}

export interface TriggerHitPlan {
  pupilId: string;
  kind: string;
  periodKey: string;
  firstMetOn: IsoDate;
  /** What was met, in plain words. */
  what: string;
  /** The decision to take. */
  decision: string;
  /** Roles who may take it; the first owns the task. */
  roles: string[];
  /** False for older hits found in the same run (history); only the latest per kind gets a task. */
  latest: boolean;
  /** How many times this threshold was found met in the same run. */
  times: number;
}

const G_N_O_U = 'G, N, O, U';

export function localKind(name: string): string {
  return `local:${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

export function detectTriggers(p: TriggerPupilInput, week: TriggerWeek): TriggerHitPlan[] {
  const { policy, calendar, asOf } = week;
  const out: TriggerHitPlan[] = [];
  const add = (kind: string, hits: Detected[], words: (d: Detected) => { what: string; decision: string; roles: string[] }) => {
    hits.forEach((d, i) => out.push({ pupilId: p.pupilId, kind, periodKey: d.periodKey, firstMetOn: d.firstMetOn, ...words(d), latest: i === hits.length - 1, times: hits.length }));
  };
  const roles = policy.roles;
  const consider = nonEmpty(roles.penaltyNotice.consider, ['headteacher']);
  const pnDecision = policy.penaltyNotices.route === 'request-la'
    ? 'Consider whether to ask the local authority for a penalty notice, as soon as practicable'
    : 'Consider whether to issue a penalty notice or refer to the local authority, as soon as practicable';
  const yearStart = calendar.schoolYearStart(asOf);
  const year = calendar.schoolYearOf(asOf);

  add('national-threshold', rollingThresholdHits(p.marks, calendar, NATIONAL_THRESHOLD, asOf, p.lastHits.get('national-threshold') ?? null), (d) => ({
    what: `National threshold met on ${formatDate(d.firstMetOn)}: ${d.facts.sessions} unauthorised sessions (${G_N_O_U}) within 10 school weeks`,
    decision: pnDecision,
    roles: consider,
  }));

  for (const t of policy.localThresholds) {
    const kind = localKind(t.name);
    const codes = new Set(t.codes);
    const hits = t.schoolWeeks === undefined
      ? yearCount(p.marks, codes, yearStart, asOf, t.sessions, year)
      : rollingThresholdHits(p.marks, calendar, { sessions: t.sessions, weeks: t.schoolWeeks, codes: t.codes, ignoreBefore: REGIME_2024_FROM }, asOf, p.lastHits.get(kind) ?? null);
    const span = t.schoolWeeks === undefined ? 'this school year' : `within ${t.schoolWeeks} school weeks`;
    add(kind, hits, (d) => ({
      what: `${t.name}: ${t.sessions} sessions (${t.codes.join(', ')}) ${span}, met on ${formatDate(d.firstMetOn)}`,
      decision: t.purpose === 'penalty-notice' ? `Consider a penalty notice: ${t.referTo}` : `Refer to ${t.referTo}`,
      roles: t.purpose === 'penalty-notice' ? consider : nonEmpty(roles.duties.tierActions, ['attendance-officer']),
    }));
  }

  const window = latenessWindow(calendar, policy.lateness.window, asOf);
  if (window) {
    const lateCodes = new Set(policy.lateness.counts);
    for (const t of [...policy.lateness.thresholds].sort((a, b) => a.lates - b.lates)) {
      const on = countReachedOn(p.marks, lateCodes, window.start, asOf, t.lates);
      if (on === null) continue;
      add('lateness', [{ periodKey: `${window.key}:${t.lates}`, firstMetOn: on, facts: {} }], () => ({
        what: `${t.lates} late arrivals (${policy.lateness.counts.join(', ')}) ${window.words}, reached on ${formatDate(on)}`,
        decision: t.action,
        roles: [t.ownerRole],
      }));
    }
  }

  const leave = policy.unauthorisedLeave;
  if (leave && !(leave.fromAgeYears !== undefined && p.dateOfBirth !== null && ageOn(p.dateOfBirth, asOf) < leave.fromAgeYears)) {
    const codes = new Set(leave.codes);
    const hits = leave.consecutive
      ? consecutiveSessionRuns(p.marks, codes, asOf, leave.sessions).filter((d) => d.firstMetOn >= yearStart)
      : yearCount(p.marks, codes, yearStart, asOf, leave.sessions, year);
    add('unauthorised-leave', hits, (d) => ({
      what: `${leave.sessions}${leave.consecutive ? ' consecutive' : ''} sessions of unauthorised leave (${leave.codes.join(', ')})${leave.consecutive ? ` from ${formatDate(d.periodKey)}` : ' this school year'}, reached on ${formatDate(d.firstMetOn)}`,
      decision: `Refer to ${leave.referTo}`,
      roles: nonEmpty(roles.duties.tierActions, ['attendance-officer']),
    }));
  }

  const sick = sicknessReturn(p.marks, calendar, asOf);
  if (sick.metOn !== null) {
    add('sickness-return', [{ periodKey: year, firstMetOn: sick.metOn, facts: {} }], (d) => ({
      what: sick.reason === 'consecutive'
        ? `Off sick (I) for 15 consecutive school days, reached on ${formatDate(d.firstMetOn)}`
        : `Off sick (I) for 15 school days this school year, reached on ${formatDate(d.firstMetOn)}`,
      decision: 'Make the sickness (health absence) return to the local authority as soon as possible',
      roles: nonEmpty(roles.duties.laReturns, ['office']),
    }));
  }

  const lastWeek = { from: addDays(week.weekStart, -7), to: asOf };
  const enquiries = policy.removalFromRoll.referTo ? ` (${policy.removalFromRoll.referTo})` : '';
  const twenty = continuousRunHit(p.marks, calendar, lastWeek, 20);
  if (twenty) {
    add('twenty-day-absence', [twenty], (d) => ({
      what: `Absent 20 school days in a row coded only G, N or O since ${formatDate(d.periodKey)} (removal ground, reg 9(1)(i))`,
      decision: `Reasonable enquiries with the local authority needed${enquiries}, jointly, before any removal from roll. Rollcall never removes a pupil`,
      roles: nonEmpty(roles.duties.removalFromRoll, ['headteacher']),
    }));
  }
  const ten = continuousRunHit(p.marks, calendar, lastWeek, 10);
  if (ten) {
    add('ten-day-absence', [ten], (d) => ({
      what: `Absent 10 school days in a row coded only ${G_N_O_U} since ${formatDate(d.periodKey)}`,
      decision: 'Reasonable enquiries with the local authority needed; include in the continuous-absence return to the LA',
      roles: unique([...roles.duties.laReturns, ...roles.duties.safeguarding], ['office']),
    }));
  }
  const leaveDays = leaveReturnDays(policy);
  const notBack = notReturnedFromLeave(p.marks, calendar, asOf, leaveDays);
  if (notBack && notBack.firstMetOn >= yearStart) {
    add('not-returned-from-leave', [notBack], (d) => ({
      what: `Not back within ${leaveDays} school days after leave of absence ended on ${formatDate(d.periodKey)} (removal ground, reg 9(1)(h))`,
      decision: `Reasonable enquiries with the local authority needed${enquiries}, jointly, before any removal from roll. Rollcall never removes a pupil`,
      roles: nonEmpty(roles.duties.removalFromRoll, ['headteacher']),
    }));
  }
  return out;
}

/** School days after leave of absence within which a pupil not back is a removal ground (reg 9(1)(h)). */
export function leaveReturnDays(policy: Policy): number {
  return Math.min(policy.removalFromRoll.afterLeaveSchoolDays, 10);
}

function yearCount(marks: readonly Mark[], codes: ReadonlySet<string>, yearStart: IsoDate, asOf: IsoDate, needed: number, year: string): Detected[] {
  const on = countReachedOn(marks, codes, yearStart, asOf, needed);
  return on === null ? [] : [{ periodKey: year, firstMetOn: on, facts: {} }];
}

function latenessWindow(calendar: SchoolCalendar, window: Policy['lateness']['window'], asOf: IsoDate): { key: string; start: IsoDate; words: string } | null {
  if (window === 'school-year') return { key: calendar.schoolYearOf(asOf), start: calendar.schoolYearStart(asOf), words: 'this school year' };
  if (window === 'term') {
    const term = calendar.termOf(asOf);
    return term ? { key: `${term.year}-${term.name}`, start: term.start, words: `this ${term.name} term` } : null;
  }
  const half = halfTermOf(calendar, asOf);
  return half ? { key: half.key, start: half.start, words: 'this half term' } : null;
}

export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) >= dateOfBirth.slice(5) ? years : years - 1;
}

function nonEmpty(roles: readonly string[], fallback: string[]): string[] {
  return roles.length > 0 ? [...roles] : fallback;
}

function unique(roles: readonly string[], fallback: string[]): string[] {
  return nonEmpty([...new Set(roles)], fallback);
}
