// N means "circumstances not yet established" and must be amended within 5 school days (SI 2024/208
// reg 10(7)-(9)). The product escalates at age 4 and forces a resolution at age 5.

import type { SchoolCalendar } from './calendar.js';
import type { IsoDate, Mark } from './types.js';

/** Age in school days at which an open N is due (resolve today) and overdue (a compliance breach). */
export const N_DUE_AGE = 4;
export const N_OVERDUE_AGE = 5;

export interface OpenNCode {
  mark: Mark;
  /** School days after the session, up to and including asOf: 0 on the day itself. */
  ageSchoolDays: number;
  /** Age 4: it must be resolved before the next school day's registers. */
  due: boolean;
  /** Age 5 or more. */
  overdue: boolean;
  /** The fifth school day after the session, when an unresolved N becomes a breach (undefined past the calendar). */
  overdueOn: IsoDate | undefined;
  /**
   * What to write if nothing else is established: U when the pupil arrived after the register closed
   * (reg 10(8)(b)), L when minutesLate shows they arrived before it closed, otherwise O (reg 10(9)(b)).
   */
  suggestedCode: 'O' | 'U' | 'L';
}

export interface OpenNCodeOptions {
  /**
   * How long the register stays open, in minutes after the time minutesLate is measured from. When given,
   * an arrival within it suggests L; without it any recorded late arrival suggests U.
   */
  registerOpenMinutes?: number;
}

/** Every N on or before asOf, oldest first. */
export function openNCodes(
  marks: readonly Mark[],
  calendar: SchoolCalendar,
  asOf: IsoDate,
  options: OpenNCodeOptions = {},
): OpenNCode[] {
  const open: OpenNCode[] = [];
  for (const mark of marks) {
    if (mark.code !== 'N' || mark.date > asOf) continue;
    const age = calendar.schoolDaysAfter(mark.date, asOf);
    open.push({
      mark,
      ageSchoolDays: age,
      due: age === N_DUE_AGE,
      overdue: age >= N_OVERDUE_AGE,
      overdueOn: calendar.addSchoolDays(mark.date, N_OVERDUE_AGE),
      suggestedCode: suggestedAmendment(mark, options),
    });
  }
  return open.sort(
    (a, b) => a.mark.date.localeCompare(b.mark.date) || a.mark.session.localeCompare(b.mark.session),
  );
}

export function suggestedAmendment(mark: Mark, options: OpenNCodeOptions = {}): 'O' | 'U' | 'L' {
  const late = mark.minutesLate;
  if (late === null || late === undefined || late <= 0) return 'O';
  const open = options.registerOpenMinutes;
  return open !== undefined && late <= open ? 'L' : 'U';
}
