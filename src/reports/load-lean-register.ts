// A school's register for a period without shipping every mark: plain present marks (/ and \, nine in
// ten) come back as counts per pupil and code, and only the other marks come back, packed into one text
// per pupil. For the weekly tier run this is a tenth of the data and no per-mark work in the database
// beyond counting.
// One statement, one pass over the school's marks: measured on PostgreSQL 15 with a trust's ten schools
// read at once, two statements (counts, then other marks) read every page twice and took 1.6-2.3 s
// against 1.0 s for one; and a row per pupil instead of a row per mark spares the driver 19,000 row
// objects a school.
import type { SqlDriver } from '../db/client.js';
import { PLAIN_PRESENT_CODES, codeRuleSpans, fromDayNumber, type CountedSessions, type IsoDate, type Mark } from '../rules/index.js';

export interface LeanRegister {
  /** Every mark in [from, to] whose code is not a plain present code, per pupil (in no set order). */
  otherMarks: Map<string, Mark[]>;
  /** Per pupil: plain present sessions in [countFrom, to], for summariseAttendance's `counted`. */
  counted: Map<string, CountedSessions[]>;
}

// Other marks travel as "day session code minutes" (day: days since 1970-01-01, as toDayNumber), joined
// by ";". Codes are validated at every way in (import, amendments), and none holds a space or ";".
const FIELD = ' ';
const RECORD = ';';

export async function loadLeanRegister(
  sql: SqlDriver,
  schoolId: string,
  range: { from: IsoDate; to: IsoDate },
  countFrom: IsoDate,
): Promise<LeanRegister> {
  const params: unknown[] = [schoolId, range.from < countFrom ? range.from : countFrom, range.to, PLAIN_PRESENT_CODES];
  // One count column per code-rule span and plain code, so each column's sessions all read alike
  // (CountedSessions).
  const columns: CountedSessions[] = [];
  const selects: string[] = [];
  for (const span of codeRuleSpans(countFrom, range.to)) {
    const whole = span.from === countFrom && span.to === range.to;
    for (const code of PLAIN_PRESENT_CODES) {
      params.push(code);
      const c = params.length;
      // A span that is the whole count range needs only its start (the usual case: no code change in the year).
      params.push(span.from);
      if (!whole) params.push(span.to);
      const when = whole ? `code = $${c} AND date >= $${c + 1}::date` : `code = $${c} AND date BETWEEN $${c + 1}::date AND $${c + 2}::date`;
      selects.push(`count(*) FILTER (WHERE ${when})::int AS c${columns.length}`);
      columns.push({ code, date: span.from, sessions: 0 });
    }
  }
  params.push(range.from);
  const otherFrom = params.length;
  const rows = await withStatementSettings(sql, (q) => q<Record<string, number | string | null>>(
    `SELECT "pupilId" AS p,
            string_agg((date - DATE '1970-01-01')::text || '${FIELD}' || session || '${FIELD}' || code || '${FIELD}' || coalesce("minutesLate"::text, ''), '${RECORD}')
              FILTER (WHERE code <> ALL($4::text[]) AND date >= $${otherFrom}::date) AS o
            ${selects.map((s) => `, ${s}`).join('')}
       FROM "SessionMark"
      WHERE "schoolId" = $1 AND date BETWEEN $2::date AND $3::date
      GROUP BY "pupilId"`,
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
 * cores, 10 schools): JIT off, because the planner takes the school's share of pupils for the whole
 * table's, and that cost estimate switches JIT on, which took 20-80 ms a school and saved nothing; and no
 * parallel workers, because a trust's schools are read at once (their Monday jobs fire together), so the
 * cores are busy already (a quarter faster without); and work_mem for the per-pupil aggregate, because the
 * planner takes the school's pupils for the whole table's (ten times too many groups) and at the default
 * 4 MB either spills the hash to disk or sorts every mark on disk (32 MB happened to pick the sort: 3x
 * slower). The hash uses about 2.5 MB for 1,000 pupils.
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
