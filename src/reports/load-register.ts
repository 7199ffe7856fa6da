// Loads a school's roll and register for a period in one round trip per table. Marks come back packed
// per pupil (one string per pupil, parsed here) because shipping 380,000 rows one by one through the
// driver costs more than the attendance rules themselves.
import type { SqlDriver } from '../db/client.js';
import type { IsoDate, Mark, Session } from '../rules/types.js';
import type { PupilFlags } from '../rules/vulnerability.js';

export interface RollPupil extends PupilFlags {
  id: string;
  upn: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  yearGroup: string;
  className: string;
  gender: string | null;
  admissionDate: IsoDate;
  leavingDate: IsoDate | null;
}

/** Pupils on roll on the date: admitted on or before it and not left before it. */
export async function loadRoll(sql: SqlDriver, schoolId: string, onDate: IsoDate): Promise<RollPupil[]> {
  return sql.query<RollPupil>(
    `SELECT id, upn, "firstName", "lastName", "preferredName", "yearGroup", "className", gender,
            to_char("admissionDate", 'YYYY-MM-DD') AS "admissionDate",
            to_char("leavingDate", 'YYYY-MM-DD') AS "leavingDate",
            "senStatus", ehcp, fsm, eal, "lookedAfter", "childProtectionPlan", "socialWorker", "youngCarer"
       FROM "Pupil"
      WHERE "schoolId" = $1 AND "admissionDate" <= $2::date AND ("leavingDate" IS NULL OR "leavingDate" >= $2::date)
      ORDER BY "yearGroup", "className", "lastName", "firstName"`,
    [schoolId, onDate],
  );
}

/** Each mark packs as YYYYMMDD + A|P + minutes late (may be empty) + ':' + code, joined by ';' (unpack). */
const PACKED_MARKS = `string_agg(to_char(date, 'YYYYMMDD') || left(session, 1) || coalesce("minutesLate"::text, '') || ':' || code, ';')`;

/** Every mark of the school's pupils in [from, to] (or only these pupils'), grouped by pupil id. */
export async function loadMarks(sql: SqlDriver, schoolId: string, from: IsoDate, to: IsoDate, onlyPupils?: readonly string[]): Promise<Map<string, Mark[]>> {
  if (onlyPupils && onlyPupils.length === 0) return new Map();
  const rows = await sql.query<{ pupilId: string; packed: string }>(
    `SELECT "pupilId", ${PACKED_MARKS} AS packed
       FROM "SessionMark"
      WHERE "schoolId" = $1 AND date BETWEEN $2::date AND $3::date${onlyPupils ? ` AND "pupilId" = ANY($4::text[])` : ''}
      GROUP BY "pupilId"`,
    onlyPupils ? [schoolId, from, to, onlyPupils] : [schoolId, from, to],
  );
  const byPupil = new Map<string, Mark[]>();
  for (const row of rows) byPupil.set(row.pupilId, unpack(row.packed));
  return byPupil;
}

/** N marks dated before `before`, by pupil: an N never replaced is open however old it is (reg 10(7)-(9)). */
export async function loadNMarksBefore(sql: SqlDriver, schoolId: string, before: IsoDate): Promise<Map<string, Mark[]>> {
  // code = 'N' written as a constant, so the planner can use the partial index of N marks.
  const rows = await sql.query<{ pupilId: string; packed: string }>(
    `SELECT "pupilId", ${PACKED_MARKS} AS packed
       FROM "SessionMark"
      WHERE "schoolId" = $1 AND code = 'N' AND date < $2::date
      GROUP BY "pupilId"`,
    [schoolId, before],
  );
  return new Map(rows.map((row) => [row.pupilId, unpack(row.packed)]));
}

function unpack(packed: string): Mark[] {
  const marks: Mark[] = [];
  for (const item of packed.split(';')) {
    const colon = item.indexOf(':');
    const date = `${item.slice(0, 4)}-${item.slice(4, 6)}-${item.slice(6, 8)}`;
    const session: Session = item[8] === 'A' ? 'AM' : 'PM';
    const late = item.slice(9, colon);
    marks.push({ date, session, code: item.slice(colon + 1), minutesLate: late === '' ? null : Number(late) });
  }
  return marks;
}
