// contacts.csv: each pupil's emergency contacts in calling order, keyed by UPN + priority. For every pupil
// the file mentions, the file is the whole list: a priority no longer listed is removed, so nobody calls a
// contact the MIS has dropped. Pupils the file does not mention keep their contacts.

import type { PrismaClient } from '../db/client.js';
import type { Prisma } from '../db/generated/client.js';
import type { SchoolWithPolicy } from './schools.js';
import { changedFields, definedOnly, IMPORT_TX, pupilIdsByUpn, unknownPupil, writeAudit, type AuditChange } from './import-shared.js';
import { contactRow } from './row-schemas.js';
import { emptyResult, type ImportResult, type ImportRows } from './types.js';
import { byLine, findDuplicates, validateRows } from './validate-rows.js';

/** Every seed policy asks for at least two emergency contacts per pupil. */
export const MIN_CONTACTS = 2;

export async function importContacts(
  prisma: PrismaClient,
  school: SchoolWithPolicy,
  { rows, unreadable, actor, onProgress }: ImportRows,
): Promise<ImportResult> {
  const result = emptyResult('contacts', rows.length + unreadable.length);
  const { valid, errors } = validateRows({ rows, unreadable, onProgress }, contactRow);
  errors.push(...findDuplicates(valid, (c) => `${c.upn}/${c.priority}`, 'UPN and priority'));

  return prisma.$transaction(async (tx) => {
    const pupils = await pupilIdsByUpn(tx, school.id);
    for (const { line, row } of valid) if (!pupils.has(row.upn)) errors.push({ line, reason: unknownPupil(row.upn) });
    if (errors.length > 0) return { ...result, errors: errors.sort(byLine) };

    const pupilIds = [...new Set(valid.map(({ row }) => pupils.get(row.upn)!))];
    const existing = await tx.emergencyContact.findMany({ where: { pupilId: { in: pupilIds } } });
    const byKey = new Map(existing.map((c) => [`${c.pupilId}/${c.priority}`, c]));
    const listed = new Set<string>();
    const audit: AuditChange[] = [];
    const creates: Prisma.EmergencyContactCreateManyInput[] = [];
    for (const { row } of valid) {
      const pupilId = pupils.get(row.upn)!;
      const key = `${pupilId}/${row.priority}`;
      listed.add(key);
      const fields = {
        name: row.name,
        relationship: row.relationship,
        phone: row.phone,
        email: row.email,
        livesWithPupil: row.lives_with_pupil,
        parentalResponsibility: row.parental_responsibility,
      };
      const current = byKey.get(key);
      const entity = { upn: row.upn, priority: row.priority };
      if (!current) {
        creates.push({ ...definedOnly(fields), name: row.name, relationship: row.relationship, schoolId: school.id, pupilId, priority: row.priority });
        continue;
      }
      const changed = changedFields(current, fields);
      if (changed.length === 0) {
        result.unchanged++;
        continue;
      }
      await tx.emergencyContact.update({ where: { id: current.id }, data: definedOnly(fields) });
      audit.push({ action: 'contact.updated', entityType: 'EmergencyContact', entityId: current.id, data: { ...entity, fields: changed } });
      result.updated++;
    }
    if (creates.length > 0) {
      const made = await tx.emergencyContact.createManyAndReturn({ data: creates, select: { id: true, pupilId: true, priority: true } });
      for (const c of made) {
        audit.push({ action: 'contact.created', entityType: 'EmergencyContact', entityId: c.id, data: { pupilId: c.pupilId, priority: c.priority } });
      }
      result.inserted = made.length;
    }
    const dropped = existing.filter((c) => !listed.has(`${c.pupilId}/${c.priority}`));
    if (dropped.length > 0) {
      await tx.emergencyContact.deleteMany({ where: { id: { in: dropped.map((c) => c.id) } } });
      for (const c of dropped) {
        audit.push({ action: 'contact.removed', entityType: 'EmergencyContact', entityId: c.id, data: { pupilId: c.pupilId, priority: c.priority } });
      }
      result.removed = dropped.length;
    }
    await writeAudit(tx, school.id, actor, audit);
    result.warnings = fewContacts(valid.map(({ row }) => row.upn));
    onProgress?.({ phase: 'applying', done: valid.length, total: valid.length });
    return result;
  }, IMPORT_TX);
}

function fewContacts(upns: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const upn of upns) counts.set(upn, (counts.get(upn) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n < MIN_CONTACTS)
    .map(([upn, n]) => `pupil ${upn} has ${n} emergency contact${n === 1 ? '' : 's'}; the policy expects at least ${MIN_CONTACTS}`);
}
