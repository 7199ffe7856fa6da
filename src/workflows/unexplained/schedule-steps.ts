// A new case's escalation ladder as durable timers, scheduled in the transaction that opens the case. Steps
// for this day of absence (and earlier days' steps not yet taken in the run) fall due at the policy's
// times, and none before the register closed (a PM case's morning steps are due at the PM close). The time
// is kept even when it has passed (a late start): the step fires at once but says when it was due.
// Conditions that can change before then (contact made, resolved) are checked when the timer fires.
import type { ScheduleTimerInput } from '../../jobs/index.js';
import type { Policy } from '../../policy/schema.js';
import type { IsoDate } from '../../rules/types.js';
import { HOME_VISIT_CHECK, stepTimerKey, TIMER_KIND } from './keys.js';
import { stepDueAt, type LadderStep } from './ladder.js';
import { needsSeparateHomeVisitCheck } from './home-visit.js';

export interface CaseToArm {
  schoolId: string;
  caseId: string;
  date: IsoDate;
  dayOfAbsence: number;
  vulnerable: boolean;
  socialWorker: boolean;
  /** Step ids already taken in this absence run. */
  stepsDone: ReadonlySet<string>;
}

export function stepsToArm(policy: Policy, c: Omit<CaseToArm, 'schoolId' | 'caseId' | 'date'>): LadderStep[] {
  return policy.firstDay.ladder.filter(
    (s) =>
      s.day <= c.dayOfAbsence &&
      !c.stepsDone.has(s.id) &&
      !(s.when === 'vulnerable' && !c.vulnerable) &&
      !(s.when === 'social-worker' && !c.socialWorker),
  );
}

/** The timers of a new case's ladder, to schedule in the transaction that opens it. */
export function ladderTimers(policy: Policy, c: CaseToArm, closedAt: Date): ScheduleTimerInput[] {
  const timer = (stepId: string, dueAt: Date): ScheduleTimerInput => ({
    schoolId: c.schoolId, key: stepTimerKey(c.caseId, stepId), kind: TIMER_KIND, dueAt, payload: { caseId: c.caseId, stepId },
  });
  let latest = closedAt;
  const timers = stepsToArm(policy, c).map((step) => {
    const due = stepDueAt(step, policy, c.date);
    const dueAt = due > closedAt ? due : closedAt;
    if (dueAt > latest) latest = dueAt;
    return timer(step.id, dueAt);
  });
  if (needsSeparateHomeVisitCheck(policy) && !c.stepsDone.has(HOME_VISIT_CHECK)) timers.push(timer(HOME_VISIT_CHECK, latest));
  return timers;
}

/** Every timer key a case can have, for cancelling them when it is resolved. */
export function allStepKeys(policy: Policy, caseId: string): string[] {
  return [...policy.firstDay.ladder.map((s) => stepTimerKey(caseId, s.id)), stepTimerKey(caseId, HOME_VISIT_CHECK)];
}
