// The attendance codes a policy file may name, taken from the national code table in src/rules/codes.ts:
// thresholds and counts may only name codes in force since 19 Aug 2024; a policy may still *cite* an old
// code (codes.legacyCodesUsed) so that legal-warnings.ts can say what replaced it.

import { CODES_2024, CODES_PRE_2024 } from '../rules/codes.js';

export const CURRENT_CODES: readonly string[] = CODES_2024.map((r) => r.code);
const PRE_2024_CODES: readonly string[] = CODES_PRE_2024.map((r) => r.code);

/** Old codes with the reason a policy should stop citing them (attendance-rules.md 1.5). */
export const WITHDRAWN_CODES: Readonly<Record<string, string>> = {
  H: 'H (agreed family holiday) was withdrawn on 19 Aug 2024: agreed exceptional leave is C, an unagreed holiday is G',
  F: 'F (agreed extended family holiday) was withdrawn in September 2013: use C if agreed, otherwise G',
  J: 'J (interview) became J1 on 19 Aug 2024, and J1 counts as authorised absence, not attendance',
  Y: 'plain Y (exceptional circumstances) was split on 19 Aug 2024 into Y1-Y7 and Q',
};

/** The codes that count towards the national penalty-notice threshold (PN24 reg 5, new PN07 reg 9A). */
export const NATIONAL_THRESHOLD_CODES: readonly string[] = CODES_2024
  .filter((r) => r.countsTowardNationalThreshold)
  .map((r) => r.code);

export function isCurrentCode(code: string): boolean {
  return CURRENT_CODES.includes(code);
}

export function isKnownCode(code: string): boolean {
  return isCurrentCode(code) || PRE_2024_CODES.includes(code);
}
