// What a case may say where, on the one privacy rule (core/pupil-names.ts): names, flags and numbers follow
// it; this file adds the unexplained workflow's own parts: reasons only as a category in a channel, and the
// contact list (names and relationships) only in private unless contactDetailsIn is `any`.
import { flagsShown, showsContactDetails, type Audience } from '../../core/pupil-names.js';
import type { Policy } from '../../policy/schema.js';
import { codeOn, type IsoDate, type StatisticalCategory } from '../../rules/index.js';
import type { Vulnerability } from '../../rules/vulnerability.js';
import type { ContactView } from './case-views.js';

export type { Audience } from '../../core/pupil-names.js';

/** "priority", the flags, or nothing. */
export function concernLabel(policy: Policy, vulnerability: Vulnerability, audience: Audience): string | null {
  if (!vulnerability.vulnerable) return null;
  const shown = flagsShown(vulnerability.labels, audience, policy.privacy);
  return shown === null ? null : shown.kind === 'priority' ? 'priority' : shown.labels.join(', ');
}

export function showsContactsIn(policy: Policy, audience: Audience): boolean {
  return audience === 'channel' ? policy.privacy.contactDetailsIn === 'any' : true;
}

export function contactLine(policy: Policy, c: ContactView, audience: Audience): string {
  const numbers = showsContactDetails(audience, policy.privacy);
  const details = numbers ? [c.phone, c.email].filter((v): v is string => !!v) : [];
  return `${c.priority}. ${c.name} (${c.relationship})${details.length ? ` ${details.join(', ')}` : ''}`;
}

const CATEGORY: Record<StatisticalCategory, string> = {
  present: 'present',
  'approved-educational-activity': 'approved educational activity',
  authorised: 'authorised absence',
  unauthorised: 'unauthorised absence',
  'not-possible': 'unable to attend',
  administrative: 'not counted',
};

/** How a resolved case reads: the code only in private, its category in a channel, nothing at `minimal`. */
export function reasonLabel(policy: Policy, code: string, date: IsoDate, audience: Audience): string {
  const rule = codeOn(code, date);
  if (audience === 'private') return rule ? `${code} (${rule.meaning})` : code;
  if (policy.privacy.level === 'minimal') return 'reason recorded';
  return rule ? CATEGORY[rule.category] : 'reason recorded';
}
