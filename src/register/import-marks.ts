// marks.csv: a register export, possibly a whole year for a whole school (~380,000 rows), so this path is
// set-based: validate everything in memory, bulk-load the rows into a temp table on one raw connection,
// then merge with one SQL statement, all inside one BEGIN/COMMIT with the audit row. No per-row queries.
//
// A file is all or nothing: one bad row and nothing is written, because the person importing it can
// correct the file and import it again. The MIS feed (`source: 'mis'`) has bad rows held back instead: its
// records cannot be corrected here, only in the MIS, and refusing the whole read for one of them (a
// Saturday trip mark, a mark in a half term the policy dates wrongly) would stop every mark from arriving
// and leave the whole school's lists stale. Held back, the bad rows stay out of the register and are
// reported with their reasons; the rest are still written as one unit (one transaction, one audit row),
// so what is written is never half of what was accepted. Their reasons say to correct them in the MIS.

import type { SqlConnection, SqlDriver } from '../db/client.js';
import { calendarOf } from '../rules/calendar.js';
import type { SchoolWithPolicy } from './schools.js';
import { checkMarks, type CheckedMark, type MarkChecks, type MarkSource, type RollEntry } from './mark-checks.js';
import {
  CREATE_STAGING, csvField, mergeSql, STAGING_COLUMNS, STAGING_TABLE, type MergeCounts,
} from './mark-merge-sql.js';
import { markRow } from './row-schemas.js';
import { auditActor, emptyResult, type ImportResult, type ImportRows, type ProgressListener, type RegisterActor } from './types.js';
import { byLine, validateRows } from './validate-rows.js';

/** The reason written on every amendment an import makes. */
export const IMPORT_AMENDMENT_REASON = 'MIS import';
const CHUNK = 50_000;

export async function importMarks(
  sql: SqlDriver,
  school: SchoolWithPolicy,
  { rows, unreadable, actor, onProgress }: ImportRows,
  columns: ReadonlySet<string>,
  options: { source?: MarkSource } = {},
): Promise<ImportResult> {
  const result = emptyResult('marks', rows.length + unreadable.length);
  const calendar = calendarOf(school.policy.calendar);
  const { valid, errors } = validateRows({ rows, unreadable, onProgress }, markRow);

  // PGlite runs one unit of work at a time: nothing in here may call Prisma.
  return sql.withConnection(async (conn) => {
    await conn.exec('BEGIN');
    try {
      await conn.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rollcall.register.${school.id}`]);
      const checked = checkMarks(valid, await loadRoll(conn, school.id), calendar, options.source);
      errors.push(...checked.errors);
      result.warnings = markWarnings(checked);
      if (options.source === 'mis') result.heldBack = errors.splice(0).sort(byLine);
      if (errors.length > 0) {
        await conn.exec('ROLLBACK');
        return { ...result, errors: errors.sort(byLine) };
      }
      const marks = checked.marks;
      await conn.exec(CREATE_STAGING);
      await loadChunks(conn, marks, STAGING_TABLE, STAGING_COLUMNS, stagingLine, onProgress);
      await conn.exec(`ANALYZE ${STAGING_TABLE}`);
      onProgress?.({ phase: 'applying', done: 0, total: marks.length });
      const [counts] = await conn.query<MergeCounts>(
        mergeSql({ minutesLate: columns.has('minutes_late'), note: columns.has('note') }),
        [school.id, IMPORT_AMENDMENT_REASON, actor.name, actor.role, auditActor(actor)],
      );
      result.inserted = counts?.inserted ?? 0;
      result.amended = counts?.amended ?? 0;
      result.updated = (counts?.touched ?? 0) - result.amended;
      result.unchanged = marks.length - result.inserted - result.amended - result.updated;
      if (marks.length > result.unchanged) await writeImportAudit(conn, school.id, actor, result, marks);
      await conn.exec('COMMIT');
      onProgress?.({ phase: 'applying', done: marks.length, total: marks.length });
      return result;
    } catch (err) {
      await conn.exec('ROLLBACK');
      throw err;
    }
  });
}

function markWarnings(checked: MarkChecks): string[] {
  const warnings = checked.warnings.map((w) => `line ${w.line}: ${w.reason}`);
  const outside = checked.outsideCalendar;
  if (outside) {
    const dated = outside.from === outside.to ? outside.from : `${outside.from} to ${outside.to}`;
    warnings.push(`${outside.count} mark${outside.count === 1 ? ' is' : 's are'} dated ${dated}, outside the terms in the school's calendar: kept and counted as held, but the national threshold cannot place ${outside.count === 1 ? 'it' : 'them'} in school weeks until the policy lists those terms`);
  }
  return warnings;
}

async function loadRoll(conn: SqlConnection, schoolId: string): Promise<Map<string, RollEntry>> {
  const pupils = await conn.query<RollEntry>(
    `SELECT id, upn, "admissionDate"::text AS admission, "leavingDate"::text AS leaving FROM "Pupil" WHERE "schoolId" = $1`,
    [schoolId],
  );
  return new Map(pupils.map((p) => [p.upn, p]));
}

function dateRange(marks: readonly CheckedMark[]): { from: string; to: string } | undefined {
  if (marks.length === 0) return undefined;
  let from = marks[0]!.date;
  let to = from;
  for (const m of marks) {
    if (m.date < from) from = m.date;
    if (m.date > to) to = m.date;
  }
  return { from, to };
}

async function loadChunks(
  conn: SqlConnection,
  marks: readonly CheckedMark[],
  table: string,
  columns: string[],
  lineOf: (m: CheckedMark) => string,
  onProgress?: ProgressListener,
): Promise<void> {
  for (let start = 0; start < marks.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, marks.length);
    let csv = '';
    for (let i = start; i < end; i++) csv += `${lineOf(marks[i]!)}\n`;
    await conn.copyCsv(table, columns, csv);
    onProgress?.({ phase: 'loading', done: end, total: marks.length });
  }
}

/** pupil_id,date,session,code,minutes_late,note: ids, dates and codes never need quoting (validated). */
function stagingLine(m: CheckedMark): string {
  return `${m.pupilId},${m.date},${m.session},${m.code},${csvField(m.minutesLate)},${csvField(m.note)}`;
}

async function writeImportAudit(conn: SqlConnection, schoolId: string, actor: RegisterActor, result: ImportResult, marks: readonly CheckedMark[]) {
  const data = {
    kind: 'marks',
    rows: result.rows,
    inserted: result.inserted,
    updated: result.updated,
    amended: result.amended,
    unchanged: result.unchanged,
    ...dateRange(marks),
  };
  await conn.query(
    `INSERT INTO "AuditEvent" ("schoolId", actor, "actorRole", action, "entityType", data) VALUES ($1, $2, $3, 'register.import', 'SessionMark', $4::jsonb)`,
    [schoolId, auditActor(actor), actor.role, JSON.stringify(data)],
  );
}
