// Whether a ladder step that has fallen due still needs doing for this case, and what exactly: the contact
// to try, or why a home visit is needed. Pure: the case as it stands is a parameter.
import type { Policy } from '../../policy/schema.js';
import type { CaseView, ContactView } from './case-views.js';
import { homeVisitReason } from './home-visit.js';
import { HOME_VISIT_CHECK } from './keys.js';
import { stepApplies, type CaseState, type LadderStep } from './ladder.js';
import type { Nudge } from './nudges.js';

const PARENT_CONTACT: readonly LadderStep['action'][] = ['call-first-contact', 'call-next-contact', 'text', 'email', 'letter'];

/** The ladder step with this id, or the home-visit check armed when the ladder has no home-visit step. */
export function stepById(policy: Policy, stepId: string): LadderStep | undefined {
  if (stepId === HOME_VISIT_CHECK) {
    return { id: HOME_VISIT_CHECK, day: 1, after: 0, action: 'home-visit', ownerRole: policy.roles.duties.safeguarding[0] ?? 'dsl', when: 'always' };
  }
  return policy.firstDay.ladder.find((s) => s.id === stepId);
}

export function decideStep(policy: Policy, c: CaseView, step: LadderStep, contacts: readonly ContactView[]): Nudge | null {
  if (c.status !== 'open' || c.stepsDone.has(step.id)) return null;
  const state: CaseState = {
    dayOfAbsence: c.dayOfAbsence, vulnerability: c.vulnerability, socialWorker: c.pupil.socialWorker,
    contactMade: c.contactMade, attempts: c.attempts.length, stepsDone: c.stepsDone,
  };
  if (PARENT_CONTACT.includes(step.action) && state.contactMade) return null;
  // Someone is already on the phone: the first-call reminder is moot.
  if (step.action === 'call-first-contact' && state.attempts > 0) return null;
  if (step.action === 'home-visit') {
    const reason = homeVisitReason(policy, { dayOfAbsence: c.dayOfAbsence, contactMade: c.contactMade, vulnerable: c.vulnerability.vulnerable });
    const ladderSays = step.id !== HOME_VISIT_CHECK && stepApplies(step, state);
    if (!reason && !ladderSays) return null;
    return { step, reason: reason ?? (c.contactMade ? null : 'no contact with a parent or carer') };
  }
  if (!stepApplies(step, state)) return null;
  if (!PARENT_CONTACT.includes(step.action)) return { step };
  const tried = new Set(c.attempts.map((a) => a.contact?.id).filter((id): id is string => !!id));
  if (step.action === 'call-next-contact') {
    const next = contacts.slice(1).find((k) => !tried.has(k.id));
    return { step, contact: next ?? (contacts.length > 0 ? null : undefined) };
  }
  return { step, ...(contacts[0] ? { contact: contacts[0] } : {}) };
}

/** Who is told: the claimant for calls and messages to parents, otherwise the step's owner role. */
export function recipientsFor(policy: Policy, c: CaseView, step: LadderStep): { staffIds?: string[]; roles?: string[] } {
  if (step.action === 'notify-dsl') return { roles: [...new Set([...policy.roles.duties.safeguarding, 'dsl'])] };
  if (PARENT_CONTACT.includes(step.action) && c.claimedBy) return { staffIds: [c.claimedBy.id] };
  return { roles: [step.ownerRole] };
}

export function isParentContact(step: LadderStep): boolean {
  return PARENT_CONTACT.includes(step.action);
}
