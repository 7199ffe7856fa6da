// schoolFacts without loading the plain present marks: the same figures (attendance, days absent this
// term, national threshold, open Ns, tier) from counts of / and \ plus every other mark. For the weekly
// tier run over a trust, where shipping a year of marks per pupil cost more than all the rules.
// Why it is exact: summariseAttendance takes the counts (each read with the rules of its code-rule span),
// and the threshold and N-code rules only look at G/N/O/U and N, which are never plain present codes.
import type { SqlDriver } from '../db/client.js';
import type { Policy } from '../policy/schema.js';
import type { IsoDate, Mark, SchoolCalendar } from '../rules/index.js';
import { loadRoll } from './load-register.js';
import { loadLeanRegister } from './load-lean-register.js';
import { factsContext, lookbackStart, type PupilFacts } from './pupil-facts.js';

export interface LeanPupilFacts extends Omit<PupilFacts, 'marks'> {
  /**
   * The counted marks from lookbackStart(date) to the date except plain present ones (/ and \): PupilFacts.marks
   * without the plain present ones, in no set order.
   */
  otherMarks: readonly Mark[];
}

export interface LeanSchoolFacts {
  date: IsoDate;
  calendar: SchoolCalendar;
  pupils: LeanPupilFacts[];
}

export async function leanSchoolFacts(sql: SqlDriver, schoolId: string, policy: Policy, date: IsoDate): Promise<LeanSchoolFacts> {
  const facts = factsContext(policy, date);
  // Only the school year's plain marks are counted: the term figure is absence sessions, and a plain
  // present mark is never an absence (tests/rules/counted-marks.test.ts).
  const [roll, register] = await Promise.all([
    loadRoll(sql, schoolId, date),
    loadLeanRegister(sql, schoolId, { from: lookbackStart(facts.calendar, date), to: date }, facts.yearStart, facts.calendar),
  ]);
  const pupils = roll.map((pupil): LeanPupilFacts => {
    const { marks, ...rest } = facts.of(pupil, register.otherMarks.get(pupil.id) ?? [], register.counted.get(pupil.id));
    return { pupil, otherMarks: marks, ...rest };
  });
  return { date, calendar: facts.calendar, pupils };
}
