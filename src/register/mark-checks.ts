// The checks on marks that need more than the row itself: the code must be a register code on that date
// (national rules), the pupil must be on this school's roll that day, and a session appears once per
// file. Also turns the validated strings into typed marks. Written for ~400,000 rows: numeric keys, no
// per-row copies.

import { codeOn, explainInvalidCode } from '../rules/codes.js';
import { toDayNumber } from '../rules/dates.js';
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

export function checkMarks(
  rows: readonly ValidRow<MarkRow>[],
  roll: ReadonlyMap<string, RollEntry>,
): { marks: CheckedMark[]; errors: RowError[] } {
  const marks: CheckedMark[] = [];
  const errors: RowError[] = [];
  const pupilIndex = new Map<string, number>();
  const dayNumbers = new Map<string, number>();
  const firstLine = new Map<number, number>();
  for (const { line, row } of rows) {
    const upn = row.upn.toUpperCase();
    const session: Session = row.session.toUpperCase() === 'AM' ? 'AM' : 'PM';
    const pupil = roll.get(upn);
    const reason = problemWith(row, upn, pupil);
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
    marks.push({
      pupilId: pupil.id,
      date: row.date,
      session,
      code: row.code,
      minutesLate: row.minutes_late === undefined ? undefined : row.minutes_late === '' ? null : Number(row.minutes_late),
      note: row.note === undefined ? undefined : row.note === '' ? null : row.note.replace(/\s*[\r\n]+\s*/g, ' '),
    });
  }
  return { marks, errors };
}

function problemWith(row: MarkRow, upn: string, pupil: RollEntry | undefined): string | undefined {
  if (!codeOn(row.code, row.date)) return `code ${explainInvalidCode(row.code, row.date)}`;
  if (!pupil) return unknownPupil(upn);
  if (row.date < pupil.admission) return `${row.date} is before ${upn}'s admission date (${pupil.admission})`;
  if (pupil.leaving !== null && row.date > pupil.leaving) return `${row.date} is after ${upn}'s leaving date (${pupil.leaving})`;
  return undefined;
}
