// A school's register for a period without shipping every mark: plain present marks (/ and \, nine in
// ten) come back as counts per pupil and code, and only the other marks come back as marks. For the
// weekly tier run this is a tenth of the data and no per-mark work in the database beyond counting.
// Two statements on two connections, which PostgreSQL runs side by side: measured faster than one
// statement doing both (string_agg cannot be split across workers on PostgreSQL 15).
import type { SqlDriver } from '../db/client.js';
import { PLAIN_PRESENT_CODES, codeRuleSpans, type CountedSessions, type IsoDate, type Mark } from '../rules/index.js';

export interface LeanRegister {
  /** Every mark in [from, to] whose code is not a plain present code, per pupil (in no set order). */
  otherMarks: Map<string, Mark[]>;
  /** Per pupil: plain present sessions in [countFrom, to], for summariseAttendance's `counted`. */
  counted: Map<string, CountedSessions[]>;
}

export async function loadLeanRegister(
  sql: SqlDriver,
  schoolId: string,
  range: { from: IsoDate; to: IsoDate },
  countFrom: IsoDate,
): Promise<LeanRegister> {
  const [otherMarks, counted] = await Promise.all([loadOtherMarks(sql, schoolId, range), countPlainMarks(sql, schoolId, countFrom, range.to)]);
  return { otherMarks, counted };
}

async function loadOtherMarks(sql: SqlDriver, schoolId: string, range: { from: IsoDate; to: IsoDate }): Promise<Map<string, Mark[]>> {
  const rows = await withStatementSettings(sql, (q) => q<{ p: string; d: string; s: string; c: string; l: number | null }>(
    `SELECT "pupilId" AS p, to_char(date, 'YYYY-MM-DD') AS d, session AS s, code AS c, "minutesLate" AS l
       FROM "SessionMark"
      WHERE "schoolId" = $1 AND date BETWEEN $2::date AND $3::date AND code <> ALL($4::text[])`,
    [schoolId, range.from, range.to, PLAIN_PRESENT_CODES],
  ));
  const byPupil = new Map<string, Mark[]>();
  for (const r of rows) {
    let list = byPupil.get(r.p);
    if (!list) byPupil.set(r.p, (list = []));
    list.push({ date: r.d, session: r.s === 'AM' ? 'AM' : 'PM', code: r.c, minutesLate: r.l });
  }
  return byPupil;
}

/**
 * One count column per code-rule span and plain code, so each column's sessions all read alike
 * (CountedSessions); one row per pupil with a mark in [from, to].
 */
async function countPlainMarks(sql: SqlDriver, schoolId: string, from: IsoDate, to: IsoDate): Promise<Map<string, CountedSessions[]>> {
  const params: unknown[] = [schoolId, from, to];
  const columns: CountedSessions[] = [];
  const selects: string[] = [];
  for (const span of codeRuleSpans(from, to)) {
    // A span that is the whole scan needs no date condition (the usual case: no code change in the year).
    const whole = span.from === from && span.to === to;
    for (const code of PLAIN_PRESENT_CODES) {
      params.push(code);
      const c = params.length;
      if (!whole) params.push(span.from, span.to);
      const when = whole ? `code = $${c}` : `code = $${c} AND date BETWEEN $${c + 1}::date AND $${c + 2}::date`;
      selects.push(`, count(*) FILTER (WHERE ${when})::int AS c${columns.length}`);
      columns.push({ code, date: span.from, sessions: 0 });
    }
  }
  const counted = new Map<string, CountedSessions[]>();
  if (columns.length === 0) return counted;
  const rows = await withStatementSettings(sql, (q) => q<Record<string, number | string>>(
    `SELECT "pupilId" AS p${selects.join('')}
       FROM "SessionMark"
      WHERE "schoolId" = $1 AND date BETWEEN $2::date AND $3::date
      GROUP BY "pupilId"`,
    params,
  ));
  for (const row of rows) {
    const list: CountedSessions[] = [];
    columns.forEach((col, i) => {
      const sessions = Number(row[`c${i}`]);
      if (sessions > 0) list.push({ code: col.code, date: col.date, sessions });
    });
    counted.set(String(row.p), list);
  }
  return counted;
}

type Query = <T>(text: string, params: unknown[]) => Promise<T[]>;

/**
 * Runs a statement in a read-only transaction with settings for it alone (measured on PostgreSQL 15, 2
 * cores, 10 schools): JIT off, because the planner takes the school's share of pupils for the whole
 * table's, and that cost estimate switches JIT on, which took 20-80 ms a school and saved nothing; and no
 * parallel workers, because the two statements already run side by side (a quarter faster without).
 */
async function withStatementSettings<T>(sql: SqlDriver, fn: (q: Query) => Promise<T>): Promise<T> {
  return sql.withConnection(async (conn) => {
    await conn.exec('BEGIN READ ONLY; SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0');
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
