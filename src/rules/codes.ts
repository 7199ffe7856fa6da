// Which register code means what on a given date. The switch to the 2024 code set happened on
// 19 Aug 2024; a mark keeps its original code for ever and is read with the rules of its own date.

import { CODES_2024, CODES_PRE_2024, type CodeRegime, type CodeRule } from './code-table.js';
import { addDays, formatDate } from './dates.js';
import type { IsoDate } from './types.js';

export const REGIME_2024_FROM: IsoDate = '2024-08-19';
/** F (extended family holiday) was withdrawn from 1 Sep 2013. */
export const F_WITHDRAWN_FROM: IsoDate = '2013-09-01';
/** What an MIS shows for a session with no code: not a code, a gap to fill. */
export const NO_MARK = '-';

const byCode = (rules: readonly CodeRule[]): ReadonlyMap<string, CodeRule> => new Map(rules.map((r) => [r.code, r]));
const RULES_2024 = byCode(CODES_2024);
const RULES_PRE_2024 = byCode(CODES_PRE_2024);
const VALID_2024 = CODES_2024.map((r) => r.code);
const VALID_PRE_2024 = CODES_PRE_2024.map((r) => r.code);
const VALID_2013_TO_2024 = VALID_PRE_2024.filter((c) => c !== 'F');

/**
 * Every date on which some code's reading changes. codeOn(code, d) is the same for every d between two
 * consecutive entries, so marks can be counted by code per span (codeRuleSpans) and read once per span.
 * Add a date here whenever codeOn gains one.
 */
export const CODE_RULE_CHANGES: readonly IsoDate[] = [F_WITHDRAWN_FROM, REGIME_2024_FROM];

/** [from, to] cut at CODE_RULE_CHANGES: within each span every code reads as it does on the span's start. */
export function codeRuleSpans(from: IsoDate, to: IsoDate): { from: IsoDate; to: IsoDate }[] {
  const spans: { from: IsoDate; to: IsoDate }[] = [];
  let start = from;
  for (const change of CODE_RULE_CHANGES) {
    if (change <= start || change > to) continue;
    spans.push({ from: start, to: addDays(change, -1) });
    start = change;
  }
  if (start <= to) spans.push({ from: start, to });
  return spans;
}

/**
 * Present in the morning (/) and afternoon (\): nine marks in ten. In every regime they are present, on
 * site, not late and count toward no threshold or run (tests/rules/codes.test.ts holds this), so bulk
 * readers may count them instead of loading them (src/reports/lean-facts.ts). The database counts them
 * too: the plain_mark_counts migration's trigger and SessionMark_other_marks_idx (schema.prisma) name
 * these two codes in SQL, so a change here needs a migration (tests/db/plain-mark-counts.test.ts).
 */
export const PLAIN_PRESENT_CODES: readonly string[] = ['/', '\\'];

export function regimeOn(date: IsoDate): CodeRegime {
  return date < REGIME_2024_FROM ? 'pre-2024' : '2024';
}

/** The rule for a code on a date, or undefined when the code was not a register code that day. */
export function codeOn(code: string, date: IsoDate): CodeRule | undefined {
  if (date >= REGIME_2024_FROM) return RULES_2024.get(code);
  if (code === 'F' && date >= F_WITHDRAWN_FROM) return undefined;
  return RULES_PRE_2024.get(code);
}

export function validCodesOn(date: IsoDate): string[] {
  if (date >= REGIME_2024_FROM) return [...VALID_2024];
  return [...(date >= F_WITHDRAWN_FROM ? VALID_2013_TO_2024 : VALID_PRE_2024)];
}

/** N, or a session with no code at all: nobody knows yet why the pupil is not here. */
export function isUnexplained(code: string | null | undefined): boolean {
  return isNoMark(code) || code === 'N';
}

export function isNoMark(code: string | null | undefined): boolean {
  return code === null || code === undefined || code.trim() === '' || code === NO_MARK;
}

const SINCE_2024 = `since ${formatDate(REGIME_2024_FROM)}`;
const BEFORE_2024 = `before ${formatDate(REGIME_2024_FROM)}`;

/** Old codes withdrawn in 2024, with what to use instead. */
const WITHDRAWN_IN_2024: Readonly<Record<string, string>> = {
  H: 'use C for agreed exceptional leave or G for an unagreed holiday',
  J: 'use J1 for leave to attend an interview, now an authorised absence',
  Y: 'use Y1-Y7 or Q for the reason the pupil could not attend; Y4 when the school closed unexpectedly',
};

/** 2024 codes written on an older date, with what the register used then. */
const INTRODUCED_IN_2024: Readonly<Record<string, string>> = {
  J1: 'use J for an interview',
  C1: 'use C for other authorised circumstances',
  C2: 'use C for other authorised circumstances',
  K: 'use B for education off site',
  Q: 'use Y for unable to attend',
  Y1: 'use Y for unable to attend',
  Y2: 'use Y for unable to attend',
  Y3: 'use Y for unable to attend',
  Y4: 'use Y (or # for a planned closure)',
  Y5: 'use Y for unable to attend',
  Y6: 'use Y for unable to attend',
  Y7: 'use Y for unable to attend',
};

/** A message for staff naming why the code cannot be used on that date and which codes can. */
export function explainInvalidCode(code: string, date: IsoDate): string {
  const shown = code.trim() === '' ? '(blank)' : code;
  const allowed = `Codes allowed on ${formatDate(date)}: ${validCodesOn(date).join(' ')}`;
  if (codeOn(code, date)) return `${shown} is a valid register code on ${formatDate(date)}.`;
  if (isNoMark(code)) return `${shown} is not a code: every session needs one. ${allowed}`;
  const upper = code.trim().toUpperCase();
  if (upper !== code && codeOn(upper, date)) {
    return `${shown} is not a register code; did you mean ${upper}? ${allowed}`;
  }
  if (code === 'F') {
    return `F is not a register code since ${formatDate(F_WITHDRAWN_FROM)} (${WITHDRAWN_IN_2024.H}). ${allowed}`;
  }
  const withdrawn = WITHDRAWN_IN_2024[code];
  if (withdrawn && date >= REGIME_2024_FROM) {
    return `${code} is not a register code ${SINCE_2024} (${withdrawn}). ${allowed}`;
  }
  const introduced = INTRODUCED_IN_2024[code];
  if (introduced && date < REGIME_2024_FROM) {
    return `${code} is not a register code ${BEFORE_2024}, when the 2024 codes began (${introduced}). ${allowed}`;
  }
  return `${shown} is not a register code. ${allowed}`;
}

export type { CodeRule, CodeRegime, StatisticalCategory } from './code-table.js';
export { CODES_2024, CODES_PRE_2024 } from './code-table.js';
