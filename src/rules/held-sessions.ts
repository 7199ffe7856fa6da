// Which register entries the figures count: a mark counts only for a session the school's calendar says
// was held (or cannot say about: before its first term or after its last), and only while the pupil was
// on roll. The import refuses marks that break either rule; these functions keep the figures honest about
// marks already stored when the calendar or a pupil's dates change afterwards. Also why a day had no
// session, in the words the import uses to refuse a mark on it.

import type { SchoolCalendar } from './calendar.js';
import { addDays, formatDate, toDayNumber, weekdayIndex } from './dates.js';
import type { IsoDate, Mark, Session } from './types.js';

export type NoSessionKind = 'weekend' | 'bank holiday' | 'school holiday' | 'half term' | 'INSET day' | 'closure';

export interface NoSession {
  kind: NoSessionKind;
  /** E.g. 'a Saturday', 'in the autumn half term (27 Oct 2025 to 31 Oct 2025)', 'a planned closure (polling day)'. */
  words: string;
}

/**
 * Codes a register records for a session the school closed or cancelled (# planned closure, Y4 session
 * cancelled, Y before 19 Aug 2024): accepted on an INSET day or a closure, and counted in no figure.
 */
export const CLOSED_SESSION_CODES: readonly string[] = ['#', 'Y4', 'Y'];

/** Why the school held no such session that day, or null when it did (or the calendar cannot say). */
export function noSessionOn(calendar: SchoolCalendar, date: IsoDate, session: Session): NoSession | null {
  if (calendar.sessionHeld(date, session) !== false) return null;
  const weekday = weekdayIndex(toDayNumber(date));
  if (weekday >= 5) return { kind: 'weekend', words: weekday === 5 ? 'a Saturday' : 'a Sunday' };
  if (calendar.isBankHoliday(date)) return { kind: 'bank holiday', words: 'a bank holiday' };
  const term = calendar.termOf(date);
  if (!term) return { kind: 'school holiday', words: 'in the school holidays (in no term of the calendar)' };
  const holiday = term.breaks.find((b) => b.start <= date && date <= b.end);
  if (holiday) {
    return { kind: 'half term', words: `in the ${term.name} half term (${formatDate(holiday.start)} to ${formatDate(holiday.end)})` };
  }
  if (calendar.data.insetDays.includes(date)) return { kind: 'INSET day', words: 'an INSET day' };
  const closure = calendar.data.closures.find((c) => c.date === date && (c.sessions ?? ['AM', 'PM']).includes(session));
  const reason = closure?.reason ? ` (${closure.reason})` : '';
  return { kind: 'closure', words: `a ${closure?.planned === false ? 'day the school was unexpectedly closed' : 'planned closure'}${reason}` };
}

/** True when a closure code sits on a session closed for an INSET day or a closure: a true record. */
export function recordsClosure(kind: NoSessionKind, code: string): boolean {
  return (kind === 'INSET day' || kind === 'closure') && CLOSED_SESSION_CODES.includes(code);
}

/** The pupil's time on roll, both ends included (no leaving date: still on roll). */
export interface OnRoll {
  admissionDate: IsoDate;
  leavingDate: IsoDate | null;
}

/**
 * The marks the figures count: on a session the calendar does not say was not held, and dated while the
 * pupil was on roll. Returns the same array when every mark counts (the usual case), so callers pay no copy.
 */
export function countedMarks(calendar: SchoolCalendar, onRoll: OnRoll, marks: readonly Mark[]): readonly Mark[] {
  const counts = (m: Mark) =>
    m.date >= onRoll.admissionDate && (onRoll.leavingDate === null || m.date <= onRoll.leavingDate) && calendar.sessionHeld(m.date, m.session) !== false;
  return marks.every(counts) ? marks : marks.filter(counts);
}

/** Dates in [from, to] whose AM (am) or PM (pm) session the calendar says was not held, oldest first. */
export function sessionsNotHeldBetween(calendar: SchoolCalendar, from: IsoDate, to: IsoDate): { am: IsoDate[]; pm: IsoDate[] } {
  const am: IsoDate[] = [];
  const pm: IsoDate[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if (calendar.sessionHeld(date, 'AM') === false) am.push(date);
    if (calendar.sessionHeld(date, 'PM') === false) pm.push(date);
  }
  return { am, pm };
}
