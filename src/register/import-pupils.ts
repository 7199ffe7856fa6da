// pupils.csv: upserts pupils by UPN. A pupil missing from the file is left alone (leavers carry a
// leaving_date; nobody is deleted by an import, their register history must stay). Dates that now leave
// marks outside them are accepted with a warning naming those marks (pupil-date-marks.ts).

import type { PrismaClient } from '../db/client.js';
import type { SchoolWithPolicy } from './schools.js';
import { toDbDate } from './db-dates.js';
import { changedFields, definedOnly, IMPORT_TX, writeAudit, type AuditChange } from './import-shared.js';
import { marksOutsideNewDates, narrowedDates, type DateChange } from './pupil-date-marks.js';
import { pupilRow, type PupilRow } from './row-schemas.js';
import { emptyResult, type ImportResult, type ImportRows } from './types.js';
import { byLine, findDuplicates, validateRows } from './validate-rows.js';

export async function importPupils(
  prisma: PrismaClient,
  school: SchoolWithPolicy,
  { rows, unreadable, actor, onProgress }: ImportRows,
): Promise<ImportResult> {
  const result = emptyResult('pupils', rows.length + unreadable.length);
  const { valid, errors } = validateRows({ rows, unreadable, onProgress }, pupilRow);
  errors.push(...findDuplicates(valid, (p) => p.upn, 'UPN'));
  if (errors.length > 0) return { ...result, errors: errors.sort(byLine) };

  return prisma.$transaction(async (tx) => {
    const existing = new Map((await tx.pupil.findMany({ where: { schoolId: school.id } })).map((p) => [p.upn, p]));
    const creates: ReturnType<typeof pupilFields>[] = [];
    const audit: AuditChange[] = [];
    const narrowed: DateChange[] = [];
    let done = 0;
    for (const { line, row } of valid) {
      const fields = pupilFields(row);
      const current = existing.get(row.upn);
      if (!current) {
        creates.push(fields);
        continue;
      }
      const change = narrowedDates(line, row.upn, current, fields);
      if (change) narrowed.push(change);
      const changed = changedFields(current, fields);
      if (changed.length === 0) result.unchanged++;
      else {
        await tx.pupil.update({ where: { id: current.id }, data: definedOnly(fields) });
        audit.push({ action: 'pupil.updated', entityType: 'Pupil', entityId: current.id, data: { upn: row.upn, fields: changed } });
        result.updated++;
      }
      if (++done % 500 === 0) onProgress?.({ phase: 'applying', done, total: valid.length });
    }
    if (creates.length > 0) {
      const created = await tx.pupil.createManyAndReturn({
        data: creates.map((f) => ({ ...definedOnly(f), ...required(f), schoolId: school.id })),
        select: { id: true, upn: true },
      });
      for (const p of created) audit.push({ action: 'pupil.created', entityType: 'Pupil', entityId: p.id, data: { upn: p.upn } });
      result.inserted = created.length;
    }
    await writeAudit(tx, school.id, actor, audit);
    result.warnings = await marksOutsideNewDates(tx, narrowed);
    onProgress?.({ phase: 'applying', done: valid.length, total: valid.length });
    return result;
  }, IMPORT_TX);
}

/** Row -> Pupil columns; undefined where the file had no such column. */
function pupilFields(row: PupilRow) {
  return {
    upn: row.upn,
    firstName: row.first_name,
    lastName: row.last_name,
    preferredName: row.preferred_name,
    yearGroup: row.year_group,
    className: row.class,
    dateOfBirth: row.date_of_birth === undefined ? undefined : row.date_of_birth && toDbDate(row.date_of_birth),
    gender: row.gender,
    admissionDate: toDbDate(row.admission_date),
    leavingDate: row.leaving_date === undefined ? undefined : row.leaving_date && toDbDate(row.leaving_date),
    senStatus: row.sen_status,
    ehcp: row.ehcp,
    fsm: row.fsm,
    eal: row.eal,
    lookedAfter: row.looked_after,
    childProtectionPlan: row.child_protection_plan,
    socialWorker: row.social_worker,
    youngCarer: row.young_carer,
  };
}

/** The columns a new Pupil cannot do without, typed as present (the schema required them). */
function required(f: ReturnType<typeof pupilFields>) {
  return { upn: f.upn, firstName: f.firstName, lastName: f.lastName, yearGroup: f.yearGroup, className: f.className, admissionDate: f.admissionDate };
}
