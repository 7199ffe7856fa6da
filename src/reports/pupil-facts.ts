// The attendance facts of every pupil on roll on a date, under the national rules and the school's
// tier model. The pupils report, tiers, the digest and the morning list all start from here, so the
// figures staff see in chat and in the terminal are one computation.
import type { SqlDriver } from '../db/client.js';
import type { Policy } from '../policy/schema.js';
import { tierModelOf } from '../policy/schema.js';
import {
  calendarOf,
  SchoolCalendar,
  addDays,
  daysAbsent,
  nationalThreshold,
  openNCodes,
  schoolYearStart,
  summariseAttendance,
  type AttendanceSummary,
  type CountedSessions,
  type IsoDate,
  type Mark,
} from '../rules/index.js';
import { evaluateTier, type TierResult } from '../rules/tiers.js';
import { loadMarks, loadRoll, type RollPupil } from './load-register.js';

export interface PupilFacts {
  pupil: RollPupil;
  marks: Mark[];
  /** School year to date (1 Sep to the date, inclusive). */
  yearToDate: AttendanceSummary;
  /** First date the national threshold was met, looking back to the previous school year's start. */
  nationalThresholdMetOn: IsoDate | null;
  openNCodes: number;
  daysAbsentThisTerm: number;
  tier: TierResult;
}

export interface SchoolFacts {
  date: IsoDate;
  calendar: SchoolCalendar;
  pupils: PupilFacts[];
}

/** The previous school year's 1 September: far enough back for a 10-school-week window across the summer. */
export function lookbackStart(date: IsoDate): IsoDate {
  return schoolYearStart(addDays(schoolYearStart(date), -1));
}

export async function schoolFacts(sql: SqlDriver, schoolId: string, policy: Policy, date: IsoDate): Promise<SchoolFacts> {
  const [roll, marksByPupil] = await Promise.all([loadRoll(sql, schoolId, date), loadMarks(sql, schoolId, lookbackStart(date), date)]);
  const facts = factsContext(policy, date);
  const pupils = roll.map((pupil): PupilFacts => {
    const marks = marksByPupil.get(pupil.id) ?? [];
    return { pupil, marks, ...facts.of(marks) };
  });
  return { date, calendar: facts.calendar, pupils };
}

/**
 * One pupil's facts from their marks as of the date, shared by schoolFacts (every mark) and lean-facts.ts
 * (marks other than plain present ones, plus counts of those): the same code decides both.
 */
export function factsContext(policy: Policy, date: IsoDate) {
  const calendar = calendarOf(policy.calendar);
  const yearStart = schoolYearStart(date);
  const term = calendar.termOf(date);
  const model = tierModelOf(policy);
  return {
    calendar,
    yearStart,
    term,
    /** `counted`: plain present sessions of the school year to date that are not in `marks`. */
    of(marks: readonly Mark[], counted: readonly CountedSessions[] = []): Omit<PupilFacts, 'pupil' | 'marks'> {
      const yearToDate = summariseAttendance(marks, yearStart, date, counted);
      // Day-based models (Lutley) count absence sessions / 2 within the current term. Plain present
      // sessions are never absences, so counted ones are not needed here.
      const termDays = term ? daysAbsent(marks, term.start, date) : 0;
      return {
        yearToDate,
        nationalThresholdMetOn: nationalThreshold(marks, calendar, date).metOn,
        openNCodes: openNCodes(marks, calendar, date).length,
        daysAbsentThisTerm: termDays,
        tier: evaluateTier(model, { attendancePct: yearToDate.attendancePct, daysAbsentThisTerm: termDays, term: term?.name ?? 'autumn' }),
      };
    },
  };
}
