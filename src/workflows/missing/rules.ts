// The missing-pupil procedure as pure rules (seeds 000/002 section 11, attendance-rules.md 3.11): when the
// half-time reminder and the parent deadline fall, how far the search has got, which flags bring extra
// people in, who may close an incident, and when the emergency-contact list counts as exhausted (the
// point at which the police are called). Follow-up work is in follow-up.ts. No I/O, no clock.
import type { Policy } from '../../policy/schema.js';
import { vulnerabilityOf, type VulnerabilityFlags } from '../../rules/vulnerability.js';

export type MissingPolicy = Policy['missingPupil'];

export const INCIDENT_STATUS = { searching: 'searching', found: 'found' } as const;
export const AREA_STATUS = { unsearched: 'unsearched', claimed: 'claimed', clear: 'clear' } as const;
export type AreaStatus = (typeof AREA_STATUS)[keyof typeof AREA_STATUS];

export const CONTACT_OUTCOMES = ['reached', 'no-answer', 'voicemail'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const WELLBEING_VALUES = ['safe-and-well', 'upset', 'hurt', 'needs-medical-help'] as const;
export type Wellbeing = (typeof WELLBEING_VALUES)[number];
export const WELLBEING: Readonly<Record<Wellbeing, string>> = {
  'safe-and-well': 'Safe and well',
  upset: 'Upset: being looked after',
  hurt: 'Hurt: first aid given',
  'needs-medical-help': 'Needs medical help',
};

export function isWellbeing(value: string): value is Wellbeing {
  return (WELLBEING_VALUES as readonly string[]).includes(value);
}

export function wellbeingLabel(value: string | null): string {
  if (value === null) return 'Not recorded yet';
  return isWellbeing(value) ? WELLBEING[value] : value;
}

export interface Deadlines {
  /** Null when the policy switches the half-time reminder off. */
  halfTimeAt: Date | null;
  parentDeadlineAt: Date;
}

export function deadlinesFor(reportedAt: Date, mp: MissingPolicy): Deadlines {
  const ms = mp.parentNotifyAfterMinutes * 60_000;
  return {
    halfTimeAt: mp.halfTimeReminder ? new Date(reportedAt.getTime() + ms / 2) : null,
    parentDeadlineAt: new Date(reportedAt.getTime() + ms),
  };
}

export interface SearchProgress {
  clear: number;
  claimed: number;
  total: number;
}

export function searchProgress(areas: readonly { status: string }[]): SearchProgress {
  return {
    clear: areas.filter((a) => a.status === AREA_STATUS.clear).length,
    claimed: areas.filter((a) => a.status === AREA_STATUS.claimed).length,
    total: areas.length,
  };
}

export type PupilFlagFacts = VulnerabilityFlags;

/** The flags that bring the policy's flaggedPupilNotifyRoles in (seed section 11 step 9, plus a CP plan). */
export function pupilFlags(p: PupilFlagFacts): string[] {
  return vulnerabilityOf(p).labels;
}

/** Roles told because of the pupil's flags (none when the pupil has none). */
export function rolesForFlags(mp: MissingPolicy, flags: readonly string[]): string[] {
  return flags.length > 0 ? [...mp.flaggedPupilNotifyRoles] : [];
}

/** Everyone DM'd when a pupil goes missing or is found. */
export function rolesToNotify(mp: MissingPolicy, flags: readonly string[]): string[] {
  return unique([...mp.notifyRoles, ...rolesForFlags(mp, flags)]);
}

/** Who may record a pupil as found: the search lead, the point of contact, the DSL and the head. */
export function resolverRoles(policy: Policy): string[] {
  const mp = policy.missingPupil;
  return unique([mp.leadRole, ...policy.roles.duties.missingPupilLead, mp.pointOfContactRole, 'dsl', 'headteacher']);
}

export function mayResolve(roles: readonly string[], policy: Policy): boolean {
  return resolverRoles(policy).some((r) => roles.includes(r));
}

/** Who is told to call parents and the police: the lead and the point of contact. */
export function alertRoles(mp: MissingPolicy): string[] {
  return unique([mp.leadRole, mp.pointOfContactRole]);
}

const HEARD_YES = 'Has heard from the pupil.';
const HEARD_NO = 'Has not heard from the pupil.';

/** A reached contact's answer is kept at the start of the attempt's note (ContactAttempt has no flag for it). */
export function reachedNote(heardFromPupil: boolean, note: string | undefined): string {
  const head = heardFromPupil ? HEARD_YES : HEARD_NO;
  return note && note.trim() !== '' ? `${head} ${note.trim()}` : head;
}

export function heardFromPupil(attempt: { outcome: string; note: string | null }): boolean {
  return attempt.outcome === 'reached' && (attempt.note ?? '').startsWith(HEARD_YES);
}

export interface ContactsStatus {
  total: number;
  /** Contacts with at least one attempt. */
  tried: number;
  reached: number;
  heardFromPupil: boolean;
  /** Every contact tried and nobody has heard from the pupil: the policy's "contacts exhausted". */
  exhausted: boolean;
}

export function contactsStatus(
  contactIds: readonly string[],
  attempts: readonly { contactId: string | null; outcome: string; note: string | null }[],
): ContactsStatus {
  const triedIds = new Set(attempts.map((a) => a.contactId).filter((id): id is string => id !== null));
  const tried = contactIds.filter((id) => triedIds.has(id)).length;
  const reached = new Set(attempts.filter((a) => a.outcome === 'reached').map((a) => a.contactId)).size;
  const heard = attempts.some(heardFromPupil);
  return { total: contactIds.length, tried, reached, heardFromPupil: heard, exhausted: !heard && tried === contactIds.length };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
