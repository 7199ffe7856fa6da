// A small school calendar for 2025-26 and 2026-27 (terms, half terms, INSET days, closures), plus helpers
// that write marks for a pupil, shared by the rules tests.

import { SchoolCalendar } from '../../src/rules/calendar.js';
import type { CalendarData, IsoDate, Mark, Session } from '../../src/rules/types.js';

export const CALENDAR_DATA: CalendarData = {
  terms: [
    { name: 'autumn', year: '2025-26', start: '2025-09-01', end: '2025-12-19', breaks: [{ start: '2025-10-27', end: '2025-10-31' }] },
    { name: 'spring', year: '2025-26', start: '2026-01-05', end: '2026-03-27', breaks: [{ start: '2026-02-16', end: '2026-02-20' }] },
    { name: 'summer', year: '2025-26', start: '2026-04-13', end: '2026-07-22', breaks: [{ start: '2026-05-25', end: '2026-05-29' }] },
    { name: 'autumn', year: '2026-27', start: '2026-09-01', end: '2026-12-18', breaks: [{ start: '2026-10-26', end: '2026-10-30' }] },
    { name: 'spring', year: '2026-27', start: '2027-01-04', end: '2027-03-25', breaks: [{ start: '2027-02-15', end: '2027-02-19' }] },
    { name: 'summer', year: '2026-27', start: '2027-04-12', end: '2027-07-21', breaks: [{ start: '2027-05-31', end: '2027-06-04' }] },
  ],
  insetDays: ['2025-09-01', '2025-09-02', '2026-09-01', '2026-09-02', '2027-01-04'],
  closures: [
    { date: '2026-11-13', sessions: ['PM'], reason: 'parents evening', planned: true },
    { date: '2026-12-02', reason: 'snow', planned: false },
  ],
};

export const calendar = new SchoolCalendar(CALENDAR_DATA);

/** A pupil's marks: one per listed session on each date. */
export function marksOn(dates: readonly IsoDate[], code: string, sessions: readonly Session[] = ['AM', 'PM']): Mark[] {
  return dates.flatMap((date) => sessions.map((session) => ({ date, session, code })));
}

/** Marks for every session the school holds on each school day in [from, to]. */
export function marksFor(cal: SchoolCalendar, from: IsoDate, to: IsoDate, code: string): Mark[] {
  return cal.schoolDaysBetween(from, to).flatMap((date) => cal.sessionsOn(date).map((session) => ({ date, session, code })));
}

export function mark(date: IsoDate, session: Session, code: string, minutesLate?: number): Mark {
  return minutesLate === undefined ? { date, session, code } : { date, session, code, minutesLate };
}
