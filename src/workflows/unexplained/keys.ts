// Every name the unexplained-absence workflow shares with the outside: action ids, modal callback ids,
// timer kinds, job names and the idempotency keys of its posts, timers and tasks. One place, so a key
// written by the job and one read by a button press can never drift apart.
import type { IsoDate, Session } from '../../rules/types.js';

export const ACTIONS = {
  claim: 'unexplained.claim',
  logCall: 'unexplained.log-call',
  reason: 'unexplained.reason',
  /** "Record reason" on an N code in the hygiene list (a mark that may have no case). */
  amendN: 'unexplained.amend-n',
} as const;

export const VIEWS = {
  logCall: 'unexplained.log-call',
  reason: 'unexplained.reason',
} as const;

export const TIMER_KIND = 'unexplained.step';

export const JOBS = {
  amClose: 'unexplained.am-close',
  pmClose: 'unexplained.pm-close',
  nCodes: 'unexplained.n-codes',
} as const;

/** The logical message of one session's list (posted once, then updated in place). */
export function listMessageKey(schoolId: string, date: IsoDate, session: Session): string {
  return `unexplained:${schoolId}:${date}:${session}`;
}

export function nCodeMessageKey(schoolId: string, date: IsoDate): string {
  return `n-codes:${schoolId}:${date}`;
}

/** One ladder step (or the home-visit check) of one case. */
export function stepTimerKey(caseId: string, stepId: string): string {
  return `unexplained:${caseId}:${stepId}`;
}

/** A step happens once per absence run (AM and PM cases, later days), whichever case fires it first. */
export function runTaskKey(pupilId: string, runStart: IsoDate, stepId: string): string {
  return `unexplained:${pupilId}:${runStart}:${stepId}`;
}

export function runTaskPrefix(pupilId: string, runStart: IsoDate): string {
  return `unexplained:${pupilId}:${runStart}:`;
}

/** Step id used for the home-visit trigger check when the ladder has no home-visit step of its own. */
export const HOME_VISIT_CHECK = 'home-visit-check';

/** A register session that may have no case: "<pupilId>|<date>|<session>". */
export function markRef(pupilId: string, date: IsoDate, session: Session): string {
  return `${pupilId}|${date}|${session}`;
}

export function parseMarkRef(value: string): { pupilId: string; date: IsoDate; session: Session } | undefined {
  const [pupilId, date, session] = value.split('|');
  if (!pupilId || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || (session !== 'AM' && session !== 'PM')) return undefined;
  return { pupilId, date, session };
}
