// What a pupil's row may say where (policy.privacy). A channel is treated as not private: names follow the
// level (initials at `minimal`), vulnerability shows as "priority" at `standard` and as the flags only at
// `full`, reasons only as a category, and parents' numbers only when contactDetailsIn is `any`. Private
// answers to the member of staff working the case carry the flags and, unless `never`, the numbers.
import type { Policy } from '../../policy/schema.js';
import { codeOn, type IsoDate, type StatisticalCategory } from '../../rules/index.js';
import type { ContactView } from './case-views.js';
import { displayName, type ListPupil } from './morning-list.js';
import type { Vulnerability } from '../../rules/vulnerability.js';

export type Audience = 'channel' | 'private';

export function pupilLabel(policy: Policy, pupil: Pick<ListPupil, 'firstName' | 'lastName' | 'preferredName'>, audience: Audience): string {
  if (audience === 'channel' && policy.privacy.level === 'minimal') {
    return `${initial(pupil.preferredName ?? pupil.firstName)}${initial(pupil.lastName)}`;
  }
  return displayName(pupil);
}

function initial(name: string): string {
  const first = [...name.trim()][0];
  return first ? `${first.toUpperCase()}.` : '';
}

/** "priority", the flags, or nothing. */
export function concernLabel(policy: Policy, vulnerability: Vulnerability, audience: Audience): string | null {
  if (!vulnerability.vulnerable) return null;
  if (audience === 'private' || policy.privacy.level === 'full') return vulnerability.labels.join(', ');
  return policy.privacy.level === 'standard' ? 'priority' : null;
}

export function showsContactsIn(policy: Policy, audience: Audience): boolean {
  return audience === 'channel' ? policy.privacy.contactDetailsIn === 'any' : true;
}

export function contactLine(policy: Policy, c: ContactView, audience: Audience): string {
  const numbers = audience === 'private' ? policy.privacy.contactDetailsIn !== 'never' : policy.privacy.contactDetailsIn === 'any';
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
