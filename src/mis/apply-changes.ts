// Applies what a register source read through the same import path as the CSV files (src/register): each
// kind is one batch, validated whole and written all or nothing, marks merged set-based with every changed
// mark kept as an amendment. Pupils come before contacts, marks and leavers; if the pupils batch is
// refused, the batches that need it are not tried. Errors name the MIS's record ids, never values.
//
// Marks are the exception to "one bad record refuses its batch": a mark the import cannot take (a Saturday
// trip mark, a mark in a half term the policy dates wrongly, a mark outside the pupil's dates) is held back
// on its own and the rest of the batch is written, still as one unit. The issue's "all or nothing per
// batch" is about never writing half of what was accepted; refusing every mark of the day for one record
// only the MIS can correct would leave the whole school's lists stale. See importMarks.

import type { Database } from '../db/client.js';
import type { Policy } from '../policy/schema.js';
import type { CsvRow } from '../register/csv.js';
import { fromDbDate, fromDbDateOrNull } from '../register/db-dates.js';
import { importContacts } from '../register/import-contacts.js';
import { importMarks } from '../register/import-marks.js';
import { importPupils } from '../register/import-pupils.js';
import { importStaff } from '../register/import-staff.js';
import { changeCount, type ImportKind, type ImportResult, type RegisterActor } from '../register/types.js';
import type { SchoolWithPolicy } from '../register/schools.js';
import type { RegisterChanges, SourceRow } from './source.js';

export interface AppliedChanges {
  results: Partial<Record<ImportKind | 'leavers', ImportResult>>;
  /** One line per refused record or skipped batch; empty when everything applied. */
  errors: string[];
  /**
   * What the import took but remarks on, by MIS record: a present symbol in the other session, marks left
   * outside a pupil's new dates, a pupil with fewer than two contacts.
   */
  warnings: string[];
  /** MIS marks kept out of the register, each by record with its reason; the rest of their batch was written. */
  heldBack: string[];
  marksChanged: boolean;
}

const PUPIL_FLAGS = ['sen_status', 'ehcp', 'fsm', 'eal', 'looked_after', 'child_protection_plan', 'social_worker', 'young_carer'] as const;

export async function applyChanges(db: Database, school: SchoolWithPolicy, policy: Policy, changes: RegisterChanges, actor: RegisterActor): Promise<AppliedChanges> {
  const out: AppliedChanges = { results: {}, errors: [], warnings: [], heldBack: [], marksChanged: false };
  const run = async (kind: ImportKind | 'leavers', rows: SourceRow[], apply: (csv: CsvRow[]) => Promise<ImportResult>): Promise<boolean> => {
    if (rows.length === 0) return true;
    const result = await apply(rows.map((r, i) => ({ line: i + 1, values: r.values })));
    out.results[kind] = result;
    const record = (line: number) => (line > 0 && rows[line - 1] ? `record ${rows[line - 1]!.ref}: ` : '');
    for (const e of result.errors) out.errors.push(`${kind}: ${record(e.line)}${e.reason}`);
    for (const e of result.heldBack ?? []) out.heldBack.push(`${kind}: ${markWords(rows[e.line - 1])}: ${e.reason}`);
    // An import's warnings are text that starts with the file line it is about, when it is about one.
    for (const w of result.warnings) {
      const line = /^line (\d+): /.exec(w);
      out.warnings.push(`${kind}: ${line ? `${record(Number(line[1]))}${w.slice(line[0].length)}` : w}`);
    }
    return result.errors.length === 0;
  };

  await run('staff', await withRoles(db, school.id, policy, changes.staff), (rows) => importStaff(db.prisma, school, { rows, unreadable: [], actor }));
  const pupilsOk = await run('pupils', await withPupilDefaults(db, school.id, changes.pupils), (rows) => importPupils(db.prisma, school, { rows, unreadable: [], actor }));
  if (!pupilsOk) {
    out.errors.push('contacts, marks and leavers were not applied because the pupils were refused');
    return out;
  }
  await run('contacts', changes.contacts, (rows) => importContacts(db.prisma, school, { rows, unreadable: [], actor }));
  const columns = new Set(changes.markColumns);
  await run('marks', changes.marks, (rows) => importMarks(db.sql, school, { rows, unreadable: [], actor }, columns, { source: 'mis' }));
  const marks = out.results.marks;
  out.marksChanged = !!marks && marks.errors.length === 0 && changeCount(marks) > 0;
  await run('leavers', await leaverRows(db, school.id, changes.leavers), (rows) => importPupils(db.prisma, school, { rows, unreadable: [], actor }));
  await saveLinks(db, school.id, changes.links);
  return out;
}

/**
 * Roles are Rollcall's: a member of staff keeps the roles Rollcall holds, unless the policy names their MIS
 * staff code (mis.roles.byStaffCode); someone new gets those, or the registration teacher's role if they
 * take a register, or none.
 */
async function withRoles(db: Database, schoolId: string, policy: Policy, rows: SourceRow[]): Promise<SourceRow[]> {
  if (rows.length === 0) return rows;
  const existing = new Map((await db.prisma.staffMember.findMany({ where: { schoolId }, select: { staffId: true, roles: true } })).map((s) => [s.staffId, s.roles]));
  const { byStaffCode, registrationTeacher } = policy.mis.roles;
  return rows.map((r) => {
    const id = r.values.staff_id!;
    const takesRegister = (r.values.classes ?? '') !== '' && registrationTeacher !== null;
    const roles = byStaffCode[id] ?? existing.get(id) ?? (takesRegister ? [registrationTeacher!] : []);
    return { ref: r.ref, values: { ...r.values, roles: roles.join(';') } };
  });
}

/** Required pupil columns the source could not fill keep Rollcall's value (N for a new pupil). */
async function withPupilDefaults(db: Database, schoolId: string, rows: SourceRow[]): Promise<SourceRow[]> {
  if (rows.length === 0) return rows;
  const known = new Map((await db.prisma.pupil.findMany({ where: { schoolId } })).map((p) => [p.upn, p]));
  return rows.map((r) => {
    const current = known.get(r.values.upn!.toUpperCase());
    const held: Record<string, string> = current
      ? {
          year_group: current.yearGroup, sen_status: current.senStatus, ehcp: yn(current.ehcp), fsm: yn(current.fsm), eal: yn(current.eal),
          looked_after: yn(current.lookedAfter), child_protection_plan: yn(current.childProtectionPlan), social_worker: yn(current.socialWorker),
          young_carer: yn(current.youngCarer),
        }
      : Object.fromEntries(PUPIL_FLAGS.map((f) => [f, 'N']));
    return { ref: r.ref, values: { ...held, ...r.values } };
  });
}

/** A leaver is their pupil row as Rollcall holds it with the leaving date set (an earlier one stands). */
async function leaverRows(db: Database, schoolId: string, leavers: RegisterChanges['leavers']): Promise<SourceRow[]> {
  if (leavers.length === 0) return [];
  const pupils = new Map((await db.prisma.pupil.findMany({ where: { schoolId, upn: { in: leavers.map((l) => l.upn) } } })).map((p) => [p.upn, p]));
  const rows: SourceRow[] = [];
  for (const l of leavers) {
    const p = pupils.get(l.upn);
    const left = p ? fromDbDateOrNull(p.leavingDate) : null;
    if (!p || (left !== null && left <= l.date)) continue;
    const admission = fromDbDate(p.admissionDate);
    rows.push({
      ref: l.ref,
      values: {
        upn: p.upn, first_name: p.firstName, last_name: p.lastName, year_group: p.yearGroup, class: p.className, admission_date: admission,
        leaving_date: l.date < admission ? admission : l.date, sen_status: p.senStatus, ehcp: yn(p.ehcp), fsm: yn(p.fsm), eal: yn(p.eal),
        looked_after: yn(p.lookedAfter), child_protection_plan: yn(p.childProtectionPlan), social_worker: yn(p.socialWorker), young_carer: yn(p.youngCarer),
      },
    });
  }
  return rows;
}

async function saveLinks(db: Database, schoolId: string, links: RegisterChanges['links']): Promise<void> {
  for (let i = 0; i < links.length; i += 1000) {
    const chunk = links.slice(i, i + 1000);
    const values = chunk.map((_, j) => `($1, $${j * 3 + 2}, $${j * 3 + 3}, $${j * 3 + 4})`).join(', ');
    await db.sql.query(
      `INSERT INTO "MisLink" ("schoolId", kind, "misId", "localKey") VALUES ${values}
       ON CONFLICT ("schoolId", kind, "misId") DO UPDATE SET "localKey" = EXCLUDED."localKey" WHERE "MisLink"."localKey" <> EXCLUDED."localKey"`,
      [schoolId, ...chunk.flatMap((l) => [l.kind, l.misId, l.localKey])],
    );
  }
}

/** Which mark a held-back record is, so the office can find it in the MIS: "record 88 (A123 2026-10-24 AM)". */
function markWords(row: SourceRow | undefined): string {
  if (!row) return 'a record';
  const v = row.values;
  return `record ${row.ref} (${[v.upn, v.date, v.session].filter(Boolean).join(' ')})`;
}

function yn(v: boolean): string {
  return v ? 'Y' : 'N';
}
