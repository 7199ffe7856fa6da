// The checks on marks that need more than the row itself: the code must be a register code on that date
// (national rules), the school must have held that session (its calendar), the pupil must be on this
// school's roll that day, and a session appears once per file. A present symbol in the other session
// (\ in the morning, / in the afternoon) is accepted with a warning. Also turns the validated strings
// into typed marks. Written for ~400,000 rows: numeric keys, no per-row copies, one calendar answer per
// date and session.

import type { SchoolCalendar } from '../rules/calendar.js';
import { codeOn, explainInvalidCode } from '../rules/codes.js';
import { toDayNumber } from '../rules/dates.js';
import { noSessionOn, recordsClosure } from '../rules/held-sessions.js';
import type { IsoDate, Session } from '../rules/types.js';
import { unknownPupil } from './import-shared.js';
import type { MarkRow } from './row-schemas.js';
import type { RowError } from './types.js';
import type { ValidRow } from './validate-rows.js';

export interface RollEntry {
  id: string;
  upn: string;
  admission: IsoDate;
  leaving: IsoDate | null;
}

export interface CheckedMark {
  pupilId: string;
  date: IsoDate;
  session: Session;
  code: string;
  /** undefined when the file has no minutes_late column (the stored value is kept). */
  minutesLate: number | null | undefined;
  /** undefined when the file has no note column; line breaks folded to spaces (the bulk CSV has none). */
  note: string | null | undefined;
}

/** Room for every session of every day up to the year 2149 per pupil in a numeric key. */
const SESSION_SLOTS = 2 ** 17;

export interface MarkChecks {
  marks: CheckedMark[];
  errors: RowError[];
  warnings: RowError[];
  /** Marks on weekdays before the calendar's first term or after its last: it cannot say whether they were held. */
  outsideCalendar: { count: number; from: IsoDate; to: IsoDate } | null;
}

/** Where the marks come from, which decides how a record is corrected: a file is fixed and imported again; the MIS's are fixed there. */
export type MarkSource = 'file' | 'mis';

export function checkMarks(
  rows: readonly ValidRow<MarkRow>[],
  roll: ReadonlyMap<string, RollEntry>,
  calendar: SchoolCalendar,
  source: MarkSource = 'file',
): MarkChecks {
  const marks: CheckedMark[] = [];
  const errors: RowError[] = [];
  const warnings: RowError[] = [];
  const sessionCheck = new Map<string, string | null>();
  const noSession = (date: IsoDate, session: Session, code: string): string | null => {
    const key = `${date}${session}${code}`;
    let answer = sessionCheck.get(key);
    if (answer === undefined) {
      const why = noSessionOn(calendar, date, session);
      answer = why && !recordsClosure(why.kind, code) ? `no ${session} session on ${date}, ${why.words}: ${NOT_HELD[source]}` : null;
      sessionCheck.set(key, answer);
    }
    return answer;
  };
  let outside: MarkChecks['outsideCalendar'] = null;
  const pupilIndex = new Map<string, number>();
  const dayNumbers = new Map<string, number>();
  const firstLine = new Map<number, number>();
  for (const { line, row } of rows) {
    const upn = row.upn.toUpperCase();
    const session: Session = row.session.toUpperCase() === 'AM' ? 'AM' : 'PM';
    const pupil = roll.get(upn);
    const reason = problemWith(row, upn, pupil) ?? noSession(row.date, session, row.code);
    if (reason || !pupil) {
      errors.push({ line, reason: reason ?? unknownPupil(upn) });
      continue;
    }
    let index = pupilIndex.get(pupil.id);
    if (index === undefined) pupilIndex.set(pupil.id, (index = pupilIndex.size));
    let day = dayNumbers.get(row.date);
    if (day === undefined) dayNumbers.set(row.date, (day = toDayNumber(row.date)));
    const key = index * SESSION_SLOTS + day * 2 + (session === 'AM' ? 0 : 1);
    const seen = firstLine.get(key);
    if (seen !== undefined) {
      errors.push({ line, reason: `repeats line ${seen}: ${upn} already has a ${session} mark on ${row.date} in this file` });
      continue;
    }
    firstLine.set(key, line);
    if (!calendar.covers(row.date)) {
      if (!outside) outside = { count: 0, from: row.date, to: row.date };
      outside.count++;
      if (row.date < outside.from) outside.from = row.date;
      if (row.date > outside.to) outside.to = row.date;
    }
    const other = OTHER_SESSION_SYMBOL[session];
    if (row.code === other) warnings.push({ line, reason: `${upn} ${row.date} ${session}: ${other} ${SYMBOL_WORDS[session]}` });
    marks.push({
      pupilId: pupil.id,
      date: row.date,
      session,
      code: row.code,
      minutesLate: row.minutes_late === undefined ? undefined : row.minutes_late === '' ? null : Number(row.minutes_late),
      note: row.note === undefined ? undefined : row.note === '' ? null : row.note.replace(/\s*[\r\n]+\s*/g, ' '),
    });
  }
  return { marks, errors, warnings, outsideCalendar: outside };
}

const NOT_HELD: Record<MarkSource, string> = {
  file: "the school's calendar says it did not meet. If it did, the calendar in its policy is wrong: correct it (rollcall school add <school> --policy FILE) and import again",
  // An unchanged MIS record is read again only by a full sync; one corrected in the MIS, by the next poll.
  mis: "the school's calendar says it did not meet. If the mark is wrong, correct it in the MIS: the next sync reads it. If the school did meet, the calendar in its policy is wrong: correct it (rollcall school add <school> --policy FILE); the nightly reconcile (or rollcall mis sync --school <school> --full) reads the mark again",
};

/** The present symbol of the other session: reg 10(2) gives / to the morning and \ to the afternoon. */
const OTHER_SESSION_SYMBOL: Record<Session, string> = { AM: '\\', PM: '/' };
const SYMBOL_WORDS: Record<Session, string> = {
  AM: 'is the afternoon present mark; the morning one is /. Imported as present; correct it in the MIS',
  PM: 'is the morning present mark; the afternoon one is \\. Imported as present; correct it in the MIS',
};

function problemWith(row: MarkRow, upn: string, pupil: RollEntry | undefined): string | undefined {
  if (!codeOn(row.code, row.date)) return `code ${explainInvalidCode(row.code, row.date)}`;
  if (!pupil) return unknownPupil(upn);
  if (row.date < pupil.admission) return `${row.date} is before ${upn}'s admission date (${pupil.admission})`;
  if (pupil.leaving !== null && row.date > pupil.leaving) return `${row.date} is after ${upn}'s leaving date (${pupil.leaving})`;
  return undefined;
}
