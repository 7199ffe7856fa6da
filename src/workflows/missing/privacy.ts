// What of a missing pupil may be shown where (src/policy/README.md, "Privacy levels"). Incident channels
// are private safeguarding channels, but the school's policy still decides: `minimal` shows initials,
// `standard` marks a flagged pupil "priority" without saying why, `full` names the flags; parents'
// phone numbers appear in a channel only with `contactDetailsIn: any`, in direct messages unless `never`.
import { flagsShown, showsContactDetails, type Audience, type Privacy } from '../../core/pupil-names.js';

export type { Audience, Privacy } from '../../core/pupil-names.js';

/**
 * The line about the pupil's flags, or null when nothing may (or need) be said. `told` lists the roles
 * told because of the flags.
 */
export function flagsLine(flags: readonly string[], told: readonly string[], audience: Audience, privacy: Privacy): string | null {
  const shown = flagsShown(flags, audience, privacy);
  if (shown === null) return null;
  const toldText = told.length > 0 ? ` Also told: ${told.map(roleLabel).join(', ')}.` : '';
  return shown.kind === 'flags' ? `**Flags:** ${shown.labels.join(', ')}.${toldText}` : `**Priority pupil.**${toldText}`;
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

export const showNumbers = showsContactDetails;

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
