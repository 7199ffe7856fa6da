// Which pupils' triggers need every mark, when the weekly run has loaded only the marks other than plain
// present ones (/ and \, src/reports/lean-facts.ts). Most detectors look only at their own codes (G N O U,
// I, C, the policy's late and local codes) or, for the 10- and 20-day runs, treat a plain mark exactly as
// a missing one (neither qualifies, so both break a run). Two do read plain marks:
// - consecutive unauthorised leave: a present session between two G sessions breaks the run. Without the
//   plain marks runs can only get longer, so if none reaches the length on the other marks, none does.
// - not back from leave: any attendance since the leave ended means the pupil is back. Without the plain
//   marks the ground can only be met more often, so if it is not met on the other marks, it is not met.
// Those two are checked on the other marks; a pupil for whom either might be met gets every mark loaded.
// A policy that counts a plain code itself (a late or local threshold on /) needs every mark for everyone.
// Pure.

import { PLAIN_PRESENT_CODES, type IsoDate, type Mark, type SchoolCalendar } from '../../rules/index.js';
import type { Policy } from '../../policy/schema.js';
import { consecutiveSessionRuns } from './trigger-detect.js';
import { notReturnedFromLeave } from './trigger-runs.js';
import { leaveReturnDays } from './triggers.js';

/** True when the policy's own trigger codes include a plain present code. */
export function policyCountsPlainMarks(policy: Policy): boolean {
  const codes = [
    ...policy.localThresholds.flatMap((t) => t.codes),
    ...policy.lateness.counts,
    ...(policy.unauthorisedLeave?.codes ?? []),
  ];
  return codes.some((c) => PLAIN_PRESENT_CODES.includes(c));
}

/** Whether detectTriggers might decide differently for this pupil once the plain marks are added back. */
export function triggersNeedEveryMark(otherMarks: readonly Mark[], week: { calendar: SchoolCalendar; asOf: IsoDate; policy: Policy }): boolean {
  const { calendar, asOf, policy } = week;
  const leave = policy.unauthorisedLeave;
  if (leave?.consecutive && consecutiveSessionRuns(otherMarks, new Set(leave.codes), asOf, leave.sessions).length > 0) return true;
  return notReturnedFromLeave(otherMarks, calendar, asOf, leaveReturnDays(policy)) !== null;
}
