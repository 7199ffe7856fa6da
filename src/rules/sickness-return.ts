// The sickness (health absence) return to the local authority, new in 2024 (SI 2024/208 reg 13(9)-(11)):
// due when a pupil coded I is, or will be, unable to attend for at least 15 consecutive school days, or
// at least 15 school days in total in the school year.
//
// Decision: a school day is a sickness day when ANY of its sessions is coded I. A pupil sent home ill at
// lunchtime missed school through sickness that day; erring towards telling the LA is the safer reading of
// an information duty. "Consecutive" means consecutive school days: weekends and holidays neither break
// nor extend a run, any school day without an I breaks it. I marks on non-school days are ignored.

import type { SchoolCalendar } from './calendar.js';
import { addDays } from './dates.js';
import type { IsoDate, Mark } from './types.js';

export const SICKNESS_RETURN_DAYS = 15;

export interface SicknessReturnCheck {
  /** A return is due on the marks so far, or on the expected return date when one was given. */
  met: boolean;
  /** First date in asOf's school year on which the recorded I days reached a ground, or null. */
  metOn: IsoDate | null;
  reason: 'consecutive' | 'total-in-year' | 'expected' | null;
  /** Consecutive sickness days ending with the latest school day on or before asOf (0 if that day is not one). */
  currentRunDays: number;
  /** Sickness days in asOf's school year up to asOf. */
  daysInYear: number;
}

export interface SicknessReturnOptions {
  /** Staff's expectation of the first day back: school days until then are counted as still to come. */
  expectedBackOn?: IsoDate;
}

export function sicknessReturn(
  marks: readonly Mark[],
  calendar: SchoolCalendar,
  asOf: IsoDate,
  options: SicknessReturnOptions = {},
): SicknessReturnCheck {
  const yearStart = calendar.schoolYearStart(asOf);
  const sickDays = new Set<IsoDate>();
  for (const m of marks) if (m.code === 'I' && m.date <= asOf && calendar.isSchoolDay(m.date)) sickDays.add(m.date);
  const ordered = [...sickDays].sort();

  let run = 0;
  let previousIndex = -2;
  let daysInYear = 0;
  let metOn: IsoDate | null = null;
  let reason: SicknessReturnCheck['reason'] = null;
  for (const day of ordered) {
    const index = calendar.schoolDayIndex(day);
    run = index === previousIndex + 1 ? run + 1 : 1;
    previousIndex = index;
    if (day < yearStart) continue;
    daysInYear++;
    if (metOn === null && (run >= SICKNESS_RETURN_DAYS || daysInYear >= SICKNESS_RETURN_DAYS)) {
      metOn = day;
      reason = run >= SICKNESS_RETURN_DAYS ? 'consecutive' : 'total-in-year';
    }
  }

  const latest = calendar.isSchoolDay(asOf) ? asOf : calendar.previousSchoolDay(asOf);
  const currentRunDays = latest !== undefined && ordered[ordered.length - 1] === latest ? run : 0;

  if (metOn === null && options.expectedBackOn !== undefined && currentRunDays > 0) {
    const tomorrow = addDays(asOf, 1);
    const lastDayOff = addDays(options.expectedBackOn, -1);
    const yearEnd = `${Number(yearStart.slice(0, 4)) + 1}-08-31`;
    const toCome = calendar.countSchoolDays(tomorrow, lastDayOff);
    const toComeThisYear = calendar.countSchoolDays(tomorrow, lastDayOff < yearEnd ? lastDayOff : yearEnd);
    if (currentRunDays + toCome >= SICKNESS_RETURN_DAYS || daysInYear + toComeThisYear >= SICKNESS_RETURN_DAYS) {
      return { met: true, metOn: null, reason: 'expected', currentRunDays, daysInYear };
    }
  }
  return { met: metOn !== null, metOn, reason, currentRunDays, daysInYear };
}
