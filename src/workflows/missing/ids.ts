// The names the missing-pupil workflow is addressed by: buttons, forms, durable-timer kinds and the
// logical message keys the card and its thread hang from. Kept in one place so a renamed button can
// never leave an old card pointing nowhere without the compiler noticing.

export const ACTION = {
  claim: 'missing.claim',
  clear: 'missing.clear',
  cover: 'missing.cover',
  found: 'missing.found',
  addArea: 'missing.add-area',
  exportReport: 'missing.export',
  reached: 'missing.contact.reached',
  noAnswer: 'missing.contact.no-answer',
  voicemail: 'missing.contact.voicemail',
  police: 'missing.police',
  wellbeing: 'missing.wellbeing',
  report: 'missing.report',
} as const;

export const VIEW = {
  found: 'missing.found',
  addArea: 'missing.add-area',
  reached: 'missing.reached',
  police: 'missing.police',
  wellbeing: 'missing.wellbeing',
  report: 'missing.report',
} as const;

export const TIMER = {
  halfTime: 'missing.half-time',
  parentDeadline: 'missing.parent-deadline',
} as const;

/** The incident card in the incidents channel; thread replies hang from it. */
export const cardKey = (incidentId: string): string => `incident:${incidentId}`;

/** The parent-contact list posted in the thread when the deadline passes, updated as calls are made. */
export const contactsKey = (incidentId: string): string => `incident:${incidentId}:contacts`;

export const timerKey = (incidentId: string, kind: string): string => `${kind}:${incidentId}`;

/** Button values that name a contact of an incident. */
export function contactValue(incidentId: string, contactId: string): string {
  return `${incidentId}:${contactId}`;
}

export function parseContactValue(value: string): { incidentId: string; contactId: string } | undefined {
  const [incidentId, contactId, ...rest] = value.split(':');
  if (!incidentId || !contactId || rest.length > 0) return undefined;
  return { incidentId, contactId };
}

/** How long a safeguarding message may stay undelivered after it was due before it is escalated. */
export const ESCALATE_AFTER_MS = 60_000;

/** Every message of an open incident is kept trying (incident:<id> is its subject, settled when found). */
export function keptTrying(incidentId: string, purpose: string): { subject: string; purpose: string } {
  return { subject: cardKey(incidentId), purpose };
}

/** The messages the procedure depends on (the raise, half time, the parent alert, the police prompt),
 * due `now`: kept trying, and escalated by every other route if not delivered within ESCALATE_AFTER_MS. */
export function mustArrive(incidentId: string, purpose: string, now: Date): { subject: string; purpose: string; escalateAt: Date } {
  return { ...keptTrying(incidentId, purpose), escalateAt: new Date(now.getTime() + ESCALATE_AFTER_MS) };
}
