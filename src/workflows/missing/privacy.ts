// What of a missing pupil may be shown where (src/policy/README.md, "Privacy levels"). Incident channels
// are private safeguarding channels, but the school's policy still decides: `minimal` shows initials,
// `standard` marks a flagged pupil "priority" without saying why, `full` names the flags; parents'
// phone numbers appear in a channel only with `contactDetailsIn: any`, in direct messages unless `never`.
import type { Policy } from '../../policy/schema.js';

export type Privacy = Policy['privacy'];
/** A channel post (card, thread, exported file) or a direct message to named staff. */
export type Audience = 'channel' | 'private';

export interface NamedPupil {
  firstName: string;
  preferredName: string | null;
  lastName: string;
}

export function fullName(p: NamedPupil): string {
  return `${p.preferredName ?? p.firstName} ${p.lastName}`;
}

/** The pupil as written in the audience's messages. */
export function pupilName(p: NamedPupil, audience: Audience, privacy: Privacy): string {
  if (audience === 'channel' && privacy.level === 'minimal') return `${initial(p.preferredName ?? p.firstName)}${initial(p.lastName)}`;
  return fullName(p);
}

/** The pupil's first name where the sentence reads better with it ("if Amy is not found"). */
export function pupilShortName(p: NamedPupil, audience: Audience, privacy: Privacy): string {
  return audience === 'channel' && privacy.level === 'minimal' ? pupilName(p, audience, privacy) : (p.preferredName ?? p.firstName);
}

/**
 * The line about the pupil's flags, or null when nothing may (or need) be said. `told` lists the roles
 * told because of the flags.
 */
export function flagsLine(flags: readonly string[], told: readonly string[], audience: Audience, privacy: Privacy): string | null {
  if (flags.length === 0) return null;
  const toldText = told.length > 0 ? ` Also told: ${told.map(roleLabel).join(', ')}.` : '';
  if (audience === 'private' || privacy.level === 'full') return `**Flags:** ${flags.join(', ')}.${toldText}`;
  if (privacy.level === 'standard') return `**Priority pupil.**${toldText}`;
  return null;
}

export interface NamedContact {
  priority: number;
  name: string;
  relationship: string;
  phone: string | null;
}

/** A parent or carer as the audience may see them; the number only where the policy allows it. */
export function contactLabel(c: NamedContact, audience: Audience, privacy: Privacy): string {
  const who = audience === 'channel' && privacy.level === 'minimal' ? `Contact ${c.priority}` : c.name;
  const number = showNumbers(audience, privacy) && c.phone ? `: ${c.phone}` : '';
  return `${who} (${c.relationship})${number}`;
}

export function showNumbers(audience: Audience, privacy: Privacy): boolean {
  return audience === 'channel' ? privacy.contactDetailsIn === 'any' : privacy.contactDetailsIn !== 'never';
}

/** Where the numbers are, when they are not shown here. */
export function numbersNote(audience: Audience, privacy: Privacy): string | null {
  if (showNumbers(audience, privacy)) return null;
  if (privacy.contactDetailsIn === 'never') return 'Phone numbers are not shown in chat: use the school office records.';
  return 'Phone numbers are in the direct message sent to the search lead and the office.';
}

/** 'office' -> 'Office', 'dsl' -> 'DSL', 'class-teacher' -> 'Class teacher'. */
export function roleLabel(role: string): string {
  const upper: Record<string, string> = { dsl: 'DSL', 'deputy-dsl': 'Deputy DSL', senco: 'SENCO', slt: 'SLT' };
  const known = upper[role];
  if (known) return known;
  const words = role.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function initial(name: string): string {
  const first = [...name.trim()][0];
  return first ? `${first.toUpperCase()}.` : '';
}
