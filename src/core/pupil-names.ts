// How a pupil is named, and what of them may be shown, in each audience: the one copy of the school's
// privacy rule (policy.privacy, src/policy/README.md "Privacy levels") that every workflow follows.
//
//   - The name is the preferred first name when the school gave one (a blank one counts as none), else
//     the legal first name, then the last name: "Amy Brown".
//   - In a channel at `minimal` the name is initials only ("A.B."); lists add the year and class beside it
//     (withClass). Private answers to a member of staff always carry the full name.
//   - Vulnerability: the flags in private and at `full`, "priority" in a channel at `standard`, nothing at
//     `minimal`.
//   - Parents' numbers: in a channel only with `contactDetailsIn: any`; in private unless `never`.
import type { Policy } from '../policy/schema.js';

export type Privacy = Policy['privacy'];

/** A channel post (card, list, thread, exported file) or a private answer / direct message to named staff. */
export type Audience = 'channel' | 'private';

export interface NamedPupil {
  firstName: string;
  preferredName: string | null;
  lastName: string;
}

/** The first name the school uses for the pupil. */
export function firstNameOf(p: NamedPupil): string {
  return p.preferredName?.trim() || p.firstName.trim();
}

/** "Amy Brown": for private answers, reports to named staff and pick lists. */
export function fullName(p: NamedPupil): string {
  return `${firstNameOf(p)} ${p.lastName.trim()}`;
}

/** "A.B." */
export function initials(p: NamedPupil): string {
  return `${initial(firstNameOf(p))}${initial(p.lastName)}`;
}

/** The pupil as written in the audience's messages. */
export function pupilName(p: NamedPupil, audience: Audience, privacy: Privacy): string {
  return audience === 'channel' && privacy.level === 'minimal' ? initials(p) : fullName(p);
}

/** The first name where a sentence reads better with it ("if Amy is not found"); initials where names are not shown. */
export function pupilShortName(p: NamedPupil, audience: Audience, privacy: Privacy): string {
  return audience === 'channel' && privacy.level === 'minimal' ? initials(p) : firstNameOf(p);
}

/** The name with the class beside it, as lists show it: "Amy Brown (3B)", "A.B. (3B)". */
export function withClass(p: NamedPupil & { className: string }, audience: Audience, privacy: Privacy): string {
  return `${pupilName(p, audience, privacy)} (${p.className})`;
}

/** "Year 5" for a numeric year group; anything else ("R", "Y5", "Nursery") as the register has it. */
export function yearLabel(yearGroup: string): string {
  return /^\d+$/.test(yearGroup) ? `Year ${yearGroup}` : yearGroup;
}

/** One key for the ways a year group is written: "Year 5", "Y5", "Yr 5", "5" -> "5"; "Reception", "Year R", "R" -> "r". */
export function yearKey(value: string): string | undefined {
  const v = value.trim().toLowerCase().replace(/^(year|yr|y)\s*/, '');
  if (v === 'reception' || v === 'r') return 'r';
  return /^\d{1,2}$/.test(v) ? String(Number(v)) : undefined;
}

export type FlagsShown = { kind: 'flags'; labels: readonly string[] } | { kind: 'priority' } | null;

/** What may be said of a pupil's vulnerability flags in the audience. */
export function flagsShown(labels: readonly string[], audience: Audience, privacy: Privacy): FlagsShown {
  if (labels.length === 0) return null;
  if (audience === 'private' || privacy.level === 'full') return { kind: 'flags', labels };
  return privacy.level === 'standard' ? { kind: 'priority' } : null;
}

/** Whether parents' phone numbers and emails may be shown in the audience. */
export function showsContactDetails(audience: Audience, privacy: Privacy): boolean {
  return audience === 'channel' ? privacy.contactDetailsIn === 'any' : privacy.contactDetailsIn !== 'never';
}

function initial(name: string): string {
  const first = [...name.trim()][0];
  return first ? `${first.toUpperCase()}.` : '';
}
