// The staff roles a policy file may name, and which of them the law lets issue a penalty notice. Roles are
// plain kebab-case words so a policy reads like the school's own staffing; a school with another role
// (e.g. 'community-cohesion-leader') lists it under roles.extra, so a misspelt role is still caught.

export const KNOWN_ROLES: readonly string[] = [
  'headteacher', 'executive-headteacher', 'head-of-school', 'deputy-headteacher', 'assistant-headteacher',
  'senior-attendance-champion', 'slt', 'dsl', 'deputy-dsl', 'senco',
  'attendance-officer', 'pastoral-assistant', 'office', 'office-manager', 'class-teacher',
  'governor', 'trust-lead',
];

/**
 * PN07 reg 10: a head teacher, or a deputy or assistant head the head teacher has authorised. An executive
 * headteacher is accepted as the head teacher; a "head of school" only qualifies if they are one of these.
 */
export const PENALTY_NOTICE_ROLES: readonly string[] = [
  'headteacher', 'executive-headteacher', 'deputy-headteacher', 'assistant-headteacher',
];

/** The people who set Rollcall up for a school and can fix it: add it to a team or channel, correct its files. */
export const ADMIN_ROLES: readonly string[] = ['headteacher', 'executive-headteacher', 'head-of-school', 'office-manager'];

/** Senior leaders: they may tick off any tier action and read the digest, whatever the policy's duties say. */
export const SENIOR_ROLES: readonly string[] = [
  'headteacher', 'executive-headteacher', 'head-of-school', 'deputy-headteacher', 'assistant-headteacher', 'senior-attendance-champion', 'slt',
];
