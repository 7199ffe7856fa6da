// The attendance facts of every pupil on roll on a date, under the national rules and the school's
// tier model. The pupils report, tiers, the digest and the morning list all start from here, so the
// figures staff see in chat and in the terminal are one computation.
import type { SqlDriver } from '../db/client.js';
import type { Policy } from '../policy/schema.js';
import { tierModelOf } from '../policy/schema.js';
import {
  calendarOf,
  SchoolCalendar,
  countedMarks,
  daysAbsent,
  nationalThreshold,
  openNCodes,
  summariseAttendance,
  type AttendanceSummary,
  type CountedSessions,
  type IsoDate,
  type Mark,
  type OpenNCode,
} from '../rules/index.js';
import { evaluateTier, type TierResult } from '../rules/tiers.js';
import { loadMarks, loadNMarksBefore, loadRoll, type RollPupil } from './load-register.js';

export interface PupilFacts {
  pupil: RollPupil;
  /** The marks from lookbackStart to the date that the figures count (countedMarks: held sessions, on roll). */
  marks: readonly Mark[];
  /** School year to date (from the first day of the school's own school year to the date, inclusive). */
  yearToDate: AttendanceSummary;
  /** First date the national threshold was met, looking back to the previous school year's start. */
  nationalThresholdMetOn: IsoDate | null;
  /** Every N mark still unreplaced on the date, of any age (reg 10(7)-(9)), oldest first. */
  openN: OpenNCode[];
  daysAbsentThisTerm: number;
  tier: TierResult;
}

export interface SchoolFacts {
  date: IsoDate;
  calendar: SchoolCalendar;
  pupils: PupilFacts[];
}

/**
 * The first day of the previous school year (the school's own, from its terms): far enough back for a
 * 10-school-week window across the summer.
 */
export function lookbackStart(calendar: SchoolCalendar, date: IsoDate): IsoDate {
  return calendar.previousSchoolYearStart(date);
}

export async function schoolFacts(sql: SqlDriver, schoolId: string, policy: Policy, date: IsoDate): Promise<SchoolFacts> {
  const facts = factsContext(policy, date);
  const from = lookbackStart(facts.calendar, date);
  const [roll, marksByPupil, olderN] = await Promise.all([
    loadRoll(sql, schoolId, date), loadMarks(sql, schoolId, from, date), loadNMarksBefore(sql, schoolId, from),
  ]);
  const pupils = roll.map((pupil): PupilFacts => {
    const marks = marksByPupil.get(pupil.id) ?? [];
    const older = olderN.get(pupil.id);
    const all = older ? [...older, ...marks] : marks;
    return { pupil, ...facts.of(pupil, all) };
  });
  return { date, calendar: facts.calendar, pupils };
}

/**
 * One pupil's facts from their marks as of the date, shared by schoolFacts (every mark) and lean-facts.ts
 * (marks other than plain present ones, plus counts of those): the same code decides both. Marks dated
 * before lookbackStart are only ever N marks, and only open N codes look at them.
 */
export function factsContext(policy: Policy, date: IsoDate) {
  const calendar = calendarOf(policy.calendar);
  const yearStart = calendar.schoolYearStart(date);
  const lookback = lookbackStart(calendar, date);
  const term = calendar.termOf(date);
  const model = tierModelOf(policy);
  return {
    calendar,
    yearStart,
    term,
    /**
     * `allMarks` may hold N marks older than lookbackStart (for open N codes only). `plainCounted`: plain
     * present sessions of the school year to date that are not in `allMarks`, already limited by the
     * caller to the sessions countedMarks keeps (load-lean-register.ts).
     */
    of(pupil: RollPupil, allMarks: readonly Mark[], plainCounted: readonly CountedSessions[] = []): Omit<PupilFacts, 'pupil'> {
      const counted = countedMarks(calendar, pupil, allMarks);
      const marks = counted.some((m) => m.date < lookback) ? counted.filter((m) => m.date >= lookback) : counted;
      const yearToDate = summariseAttendance(marks, yearStart, date, plainCounted);
      // Day-based models (Lutley) count absence sessions / 2 within the current term. Plain present
      // sessions are never absences, so counted ones are not needed here.
      const termDays = term ? daysAbsent(marks, term.start, date) : 0;
      const attendance = yearToDate.possibleSessions > 0 ? { present: yearToDate.presentSessions, possible: yearToDate.possibleSessions } : null;
      return {
        marks,
        yearToDate,
        nationalThresholdMetOn: nationalThreshold(marks, calendar, date).metOn,
        openN: openNCodes(counted, calendar, date),
        daysAbsentThisTerm: termDays,
        tier: evaluateTier(model, { attendance, daysAbsentThisTerm: termDays, term: term?.name ?? 'autumn' }),
      };
    },
  };
}
