// The policy's home-visit triggers (firstDay.homeVisitTriggers) applied to one case. The ladder says when
// a visit is considered; the triggers say whether. Rollcall records no medical evidence, so "days without
// medical evidence" is read as days absent in the current run (every such day lacks recorded evidence).
import type { Policy } from '../../policy/schema.js';

export interface HomeVisitFacts {
  dayOfAbsence: number;
  contactMade: boolean;
  vulnerable: boolean;
}

/** Why a home visit is due, or null when no trigger is met. */
export function homeVisitReason(policy: Policy, facts: HomeVisitFacts): string | null {
  const t = policy.firstDay.homeVisitTriggers;
  if (t.consecutiveDays !== undefined && facts.dayOfAbsence >= t.consecutiveDays) return `${facts.dayOfAbsence} consecutive days absent`;
  if (t.daysWithoutMedicalEvidence !== undefined && facts.dayOfAbsence >= t.daysWithoutMedicalEvidence) {
    return `${facts.dayOfAbsence} days absent with no medical evidence recorded`;
  }
  if (t.noContact && !facts.contactMade) return 'no contact with a parent or carer';
  if (t.vulnerable && facts.vulnerable) return 'a vulnerable pupil absent without explanation';
  return null;
}

export function hasHomeVisitTriggers(policy: Policy): boolean {
  const t = policy.firstDay.homeVisitTriggers;
  return t.consecutiveDays !== undefined || t.daysWithoutMedicalEvidence !== undefined || t.noContact === true || t.vulnerable === true;
}

/** Without a home-visit step in the ladder, triggers are checked once the day's last step has fallen due. */
export function needsSeparateHomeVisitCheck(policy: Policy): boolean {
  return hasHomeVisitTriggers(policy) && !policy.firstDay.ladder.some((s) => s.action === 'home-visit');
}
