// What can come of trying to reach a family, in the words staff log them, and which ladder steps an
// attempt of each kind completes (a call completes "call the first contact", a text "send a text"...).
import type { LadderStep } from './ladder.js';

export const CONTACT_OUTCOMES = [
  'reached', 'no-answer', 'voicemail', 'wrong-number', 'text-sent', 'email-sent', 'home-visit', 'police-welfare-check',
] as const;

export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<ContactOutcome, string> = {
  reached: 'Reached',
  'no-answer': 'No answer',
  voicemail: 'Left voicemail',
  'wrong-number': 'Wrong number',
  'text-sent': 'Text sent',
  'email-sent': 'Email sent',
  'home-visit': 'Home visit',
  'police-welfare-check': 'Police welfare check',
};

export function isContactOutcome(value: string): value is ContactOutcome {
  return (CONTACT_OUTCOMES as readonly string[]).includes(value);
}

/** Short words staff use for an outcome (and the Teams and Slack command hints show). */
const ALIASES: Readonly<Record<string, ContactOutcome>> = {
  text: 'text-sent', texted: 'text-sent', sms: 'text-sent', email: 'email-sent', emailed: 'email-sent', noanswer: 'no-answer', visit: 'home-visit',
};

/** Accepts what people type: "No answer", "no_answer", "NO-ANSWER", "text". */
export function parseOutcome(value: string): ContactOutcome | undefined {
  const v = value.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return isContactOutcome(v) ? v : ALIASES[v];
}

const CALLS: readonly ContactOutcome[] = ['reached', 'no-answer', 'voicemail', 'wrong-number'];

/** Ladder actions an attempt with this outcome carries out. */
export function actionsDoneBy(outcome: ContactOutcome): LadderStep['action'][] {
  if (CALLS.includes(outcome)) return ['call-first-contact', 'call-next-contact'];
  switch (outcome) {
    case 'text-sent':
      return ['text'];
    case 'email-sent':
      return ['email'];
    case 'home-visit':
      return ['home-visit'];
    case 'police-welfare-check':
      return ['police-safe-and-well-check'];
    default:
      return [];
  }
}
