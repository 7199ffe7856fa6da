// A school's register for a period without shipping every mark: plain present marks (/ and \, nine in
// ten) come back as counts per pupil and code, and only the other marks come back, packed into one text
// per pupil. For the weekly tier run over a trust.
// Neither part passes over the register's rows: the counts come from PlainMarkCount (per pupil, month and
// code, kept by triggers on SessionMark in the same transaction as the marks: migration
// plain_mark_counts), and the other marks from SessionMark_other_marks_idx, a partial index holding every
// column read here. Both in one statement, so they are read from one snapshot of the register.
// The counts leave out what the figures never count (rules/held-sessions.ts): plain marks on sessions the
// calendar says were not held, and those dated before a pupil's admission or after their leaving date.
// Both are read by index (SessionMark by school and date, by pupil and date) and are normally none.
// Measured on PostgreSQL 15 with a trust's schools: a school's year read this way took a third of the time
// of one pass over its 380,000 marks, which was itself the fastest of the ways that read the marks.
import type { SqlDriver } from '../db/client.js';
import {
  PLAIN_PRESENT_CODES, addDays, codeRuleSpans, fromDayNumber, sessionsNotHeldBetween,
  type CountedSessions, type IsoDate, type Mark, type SchoolCalendar,
} from '../rules/index.js';

export interface LeanRegister {
  /**
   * Every mark in [from, to] whose code is not a plain present code, and every N mark before `from` (an
   * N never replaced stays open), per pupil (in no set order).
   */
  otherMarks: Map<string, Mark[]>;
  /**
   * Per pupil: plain present sessions in [countFrom, to] on sessions the calendar does not say were not
   * held and while the pupil was on roll, for summariseAttendance's `counted`.
   */
  counted: Map<string, CountedSessions[]>;
}

// Other marks travel as "day session code minutes" (day: days since 1970-01-01, as toDayNumber), joined
// by ";". Codes are validated at every way in (import, amendments), and none holds a space or ";".
const FIELD = ' ';
const RECORD = ';';

/** A fixed code as an SQL string literal (the plain present codes hold no quote). */
function literal(code: string): string {
  if (code.includes("'")) throw new Error(`a code with a quote cannot be written as a literal: ${code}`);
  return `'${code}'`;
}

/**
 * The plain present codes as SQL, written as PostgreSQL prints SessionMark_other_marks_idx's predicate:
 * the planner uses that index only for a condition it can prove implies the predicate, so the condition
 * is this constant, not a parameter.
 */
export const PLAIN_PRESENT_SQL = `ARRAY[${PLAIN_PRESENT_CODES.map((code) => `${literal(code)}::text`).join(', ')}]`;

const monthStart = (date: IsoDate): IsoDate => `${date.slice(0, 8)}01`;
const monthEnd = (date: IsoDate): IsoDate => addDays(monthStart(addDays(monthStart(date), 31)), -1);

export async function loadLeanRegister(
  sql: SqlDriver,
  schoolId: string,
  range: { from: IsoDate; to: IsoDate },
  countFrom: IsoDate,
  calendar: SchoolCalendar,
): Promise<LeanRegister> {
  const params: unknown[] = [schoolId];
  const param = (value: unknown) => `$${params.push(value)}::date`;
  const notHeld = sessionsNotHeldBetween(calendar, countFrom, range.to);
  const am = `$${params.push(notHeld.am)}::date[]`;
  const pm = `$${params.push(notHeld.pm)}::date[]`;
  const either = `$${params.push([...new Set([...notHeld.am, ...notHeld.pm])])}::date[]`;
  const notHeldAt = (m: string) => `((${m}session = 'AM' AND ${m}date = ANY(${am})) OR (${m}session = 'PM' AND ${m}date = ANY(${pm})))`;
  // Per code-rule span (so each column's sessions all read alike: CountedSessions), the counts of the
  // whole months it touches, less the marks in those months that fall outside it. Those are few or none:
  // a school year starts near a month's start, and the weekly run reads up to last Friday.
  const columns: CountedSessions[] = [];
  const selects: string[] = [];
  const parts: string[] = [];
  codeRuleSpans(countFrom, range.to).forEach((span, s) => {
    const firstMonth = param(monthStart(span.from));
    const [from, to] = [param(span.from), param(span.to)];
    parts.push(`SELECT "pupilId" AS p, ${s} AS s, code, sessions AS n FROM "PlainMarkCount"
                 WHERE "schoolId" = $1 AND month BETWEEN ${firstMonth} AND ${param(monthStart(span.to))}`);
    parts.push(`SELECT "pupilId", ${s}, code, -count(*)::int FROM "SessionMark"
                 WHERE "schoolId" = $1 AND code = ANY(${PLAIN_PRESENT_SQL})
                   AND (date BETWEEN ${firstMonth} AND ${param(addDays(span.from, -1))}
                     OR date BETWEEN ${param(addDays(span.to, 1))} AND ${param(monthEnd(span.to))})
                 GROUP BY 1, 3`);
    parts.push(`SELECT "pupilId", ${s}, code, -count(*)::int FROM "SessionMark"
                 WHERE "schoolId" = $1 AND code = ANY(${PLAIN_PRESENT_SQL}) AND date = ANY(${either})
                   AND date BETWEEN ${from} AND ${to} AND ${notHeldAt('')}
                 GROUP BY 1, 3`);
    // Off roll: before admission, after leaving (on held sessions only: the part above took the others).
    for (const offRoll of [
      `p."admissionDate" > ${from} AND m.date >= ${from} AND m.date < p."admissionDate" AND m.date <= ${to}`,
      `p."leavingDate" < ${to} AND m.date > p."leavingDate" AND m.date >= ${from} AND m.date <= ${to}`,
    ]) {
      parts.push(`SELECT m."pupilId", ${s}, m.code, -count(*)::int FROM "Pupil" p JOIN "SessionMark" m ON m."pupilId" = p.id
                   WHERE p."schoolId" = $1 AND ${offRoll} AND m.code = ANY(${PLAIN_PRESENT_SQL}) AND NOT ${notHeldAt('m.')}
                   GROUP BY 1, 3`);
    }
    for (const code of PLAIN_PRESENT_CODES) {
      selects.push(`sum(n) FILTER (WHERE s = ${s} AND code = ${literal(code)})::int AS c${columns.length}`);
      columns.push({ code, date: span.from, sessions: 0 });
    }
  });
  const rows = await withStatementSettings(sql, (q) => q<Record<string, number | string | null>>(
    `WITH counted AS (
       SELECT p${selects.map((s) => `, ${s}`).join('')} FROM (${parts.join(' UNION ALL ')}) AS x GROUP BY p
     ), other AS (
       SELECT p, string_agg((date - DATE '1970-01-01')::text || '${FIELD}' || session || '${FIELD}' || code || '${FIELD}' || coalesce("minutesLate"::text, ''), '${RECORD}') AS o
         FROM (SELECT "pupilId" AS p, date, session, code, "minutesLate" FROM "SessionMark"
                WHERE "schoolId" = $1 AND date BETWEEN ${param(range.from)} AND ${param(range.to)} AND code <> ALL (${PLAIN_PRESENT_SQL})
               UNION ALL
               SELECT "pupilId", date, session, code, "minutesLate" FROM "SessionMark"
                WHERE "schoolId" = $1 AND code = 'N' AND date < ${param(range.from)}) AS marks
        GROUP BY 1
     )
     SELECT coalesce(counted.p, other.p) AS p, other.o${columns.map((_, i) => `, counted.c${i}`).join('')}
       FROM counted FULL JOIN other ON counted.p = other.p`,
    params,
  ));
  const otherMarks = new Map<string, Mark[]>();
  const counted = new Map<string, CountedSessions[]>();
  const dates = new Map<string, IsoDate>();
  for (const row of rows) {
    const pupilId = String(row.p);
    if (row.o !== null && row.o !== undefined) otherMarks.set(pupilId, unpackMarks(String(row.o), dates));
    const list: CountedSessions[] = [];
    columns.forEach((col, i) => {
      const sessions = Number(row[`c${i}`]);
      if (sessions > 0) list.push({ code: col.code, date: col.date, sessions });
    });
    if (list.length > 0) counted.set(pupilId, list);
  }
  return { otherMarks, counted };
}

/** The marks packed by the statement above; `dates` shares the date strings of a school's read. */
export function unpackMarks(packed: string, dates = new Map<string, IsoDate>()): Mark[] {
  const marks: Mark[] = [];
  for (const record of packed.split(RECORD)) {
    const a = record.indexOf(FIELD);
    const b = record.indexOf(FIELD, a + 1);
    const c = record.indexOf(FIELD, b + 1);
    const late = record.slice(c + 1);
    const day = record.slice(0, a);
    let date = dates.get(day);
    if (date === undefined) dates.set(day, (date = fromDayNumber(Number(day))));
    marks.push({
      date,
      session: record.slice(a + 1, b) === 'AM' ? 'AM' : 'PM',
      code: record.slice(b + 1, c),
      minutesLate: late === '' ? null : Number(late),
    });
  }
  return marks;
}

type Query = <T>(text: string, params: unknown[]) => Promise<T[]>;

/**
 * Runs a statement in a read-only transaction with settings for it alone (measured on PostgreSQL 15, 2
 * cores, 10 schools, when this read still passed over every mark): JIT off, because the planner takes
 * the school's share of rows for the whole table's, and that cost estimate can switch JIT on, which took
 * 20-80 ms a school and saved nothing; no parallel workers, because a trust's schools are read at once
 * (their Monday jobs fire together), so the cores are busy already; and work_mem for the per-pupil
 * aggregates, because the planner expects ten times too many groups for the same reason and at the
 * default 4 MB may spill to disk (the other marks' aggregate takes about 2.5 MB for 1,000 pupils).
 */
async function withStatementSettings<T>(sql: SqlDriver, fn: (q: Query) => Promise<T>): Promise<T> {
  return sql.withConnection(async (conn) => {
    await conn.exec("BEGIN READ ONLY; SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL work_mem = '64MB'");
    try {
      const result = await fn((text, params) => conn.query(text, params));
      await conn.exec('COMMIT');
      return result;
    } catch (error) {
      await conn.exec('ROLLBACK');
      throw error;
    }
  });
}
