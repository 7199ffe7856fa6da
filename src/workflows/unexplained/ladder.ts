// The school's first-day escalation ladder (policy.firstDay.ladder) applied to one case: which steps apply
// to this pupil, when each falls due, and what the next one is. Pure: times come in as parameters.
import type { Policy } from '../../policy/schema.js';
import { instantAt, minutesBetween } from '../../rules/local-time.js';
import type { IsoDate } from '../../rules/types.js';
import type { Vulnerability } from '../../rules/vulnerability.js';

export type LadderStep = Policy['firstDay']['ladder'][number];

export interface CaseState {
  /** School day of the absence run (1 = first day absent). */
  dayOfAbsence: number;
  vulnerability: Vulnerability;
  socialWorker: boolean;
  /** Someone has spoken to a parent/carer (a 'reached' attempt). */
  contactMade: boolean;
  /** Contact attempts so far (any outcome). */
  attempts: number;
  /** Steps already done or notified (by step id). */
  stepsDone: ReadonlySet<string>;
}

export const ACTION_LABELS: Record<LadderStep['action'], string> = {
  'call-first-contact': 'Call the first contact',
  'call-next-contact': 'Call the next contact',
  text: 'Send a text',
  email: 'Send an email',
  letter: 'Send a letter',
  'notify-dsl': 'Tell the DSL',
  'inform-social-worker': 'Tell the social worker',
  'home-visit': 'Home visit',
  'police-safe-and-well-check': 'Ask the police for a safe and well check',
};

/** Does this step apply to this case at all (its `when` condition)? */
export function stepApplies(step: LadderStep, state: CaseState): boolean {
  switch (step.when) {
    case 'always':
      return true;
    case 'vulnerable':
      return state.vulnerability.vulnerable;
    case 'social-worker':
      return state.socialWorker;
    case 'no-contact':
      return !state.contactMade;
    case 'ongoing-concern':
      // Continued concern: still no contact on a later day, or a vulnerable pupil still unresolved.
      return !state.contactMade && (state.dayOfAbsence > 1 || state.vulnerability.vulnerable);
  }
}

/** Minutes after the AM register closes at which the step falls due on its day. */
export function stepOffsetMinutes(step: LadderStep, amCloses: string): number {
  return typeof step.after === 'number' ? step.after : minutesBetween(amCloses, step.after);
}

/** When the step falls due, for an absence whose run's `day` 1 was `firstDay` and today is `date`. */
export function stepDueAt(step: LadderStep, policy: Policy, date: IsoDate): Date {
  const close = instantAt(date, policy.register.am.closes, policy.school.timezone);
  return new Date(close.getTime() + stepOffsetMinutes(step, policy.register.am.closes) * 60_000);
}

/** Steps for today's day of absence that apply and are not done, in ladder order. */
export function pendingSteps(policy: Policy, state: CaseState): LadderStep[] {
  const day = Math.max(1, state.dayOfAbsence);
  return policy.firstDay.ladder.filter((s) => {
    if (state.stepsDone.has(s.id) || !stepApplies(s, state)) return false;
    // A step for an earlier day still applies on a later day if it never happened; later days wait.
    if (s.day > day) return false;
    // Once a parent is reached, calls and messages to parents stop; safeguarding steps stay.
    if (state.contactMade && ['call-first-contact', 'call-next-contact', 'text', 'email', 'letter'].includes(s.action)) return false;
    return true;
  });
}

export function nextStepText(policy: Policy, state: CaseState): string {
  const next = pendingSteps(policy, state)[0];
  if (!next) return state.contactMade ? 'Record the reason and code' : 'Keep trying contacts';
  const time = typeof next.after === 'number' ? `${next.after} min after register closes` : `by ${next.after}`;
  return `${ACTION_LABELS[next.action]} (${next.ownerRole}, ${next.day > 1 ? `day ${next.day}, ` : ''}${time})`;
}
