// staff.csv: staff and their roles, keyed by staff_id. Roles must be ones the school's policy knows (the
// built-in catalogue plus roles.extra) so a misspelt role cannot silently lose someone their duties.
// Staff missing from the file are left alone; `active` = N takes someone off the list.

import type { PrismaClient } from '../db/client.js';
import type { SchoolWithPolicy } from './schools.js';
import { KNOWN_ROLES } from '../policy/roles.js';
import { changedFields, definedOnly, IMPORT_TX, writeAudit, type AuditChange } from './import-shared.js';
import { staffRow } from './row-schemas.js';
import { emptyResult, type ImportResult, type ImportRows, type RowError } from './types.js';
import { byLine, findDuplicates, validateRows } from './validate-rows.js';

export async function importStaff(
  prisma: PrismaClient,
  school: SchoolWithPolicy,
  { rows, unreadable, actor, onProgress }: ImportRows,
): Promise<ImportResult> {
  const result = emptyResult('staff', rows.length + unreadable.length);
  const { valid, errors } = validateRows({ rows, unreadable, onProgress }, staffRow);
  errors.push(...findDuplicates(valid, (s) => s.staff_id, 'staff_id'));
  errors.push(...findDuplicates(valid.filter(({ row }) => !!row.slack_user_id), (s) => s.slack_user_id ?? '', 'slack_user_id'));
  errors.push(...findDuplicates(valid.filter(({ row }) => !!row.teams_user_id), (s) => s.teams_user_id ?? '', 'teams_user_id'));
  const roles: ReadonlySet<string> = new Set([...KNOWN_ROLES, ...school.policy.roles.extra]);
  for (const { line, row } of valid) {
    const unknown = row.roles.filter((r) => !roles.has(r));
    if (unknown.length > 0) errors.push(unknownRoles(line, unknown, roles));
  }
  if (errors.length > 0) return { ...result, errors: errors.sort(byLine) };

  return prisma.$transaction(async (tx) => {
    const existing = new Map((await tx.staffMember.findMany({ where: { schoolId: school.id } })).map((s) => [s.staffId, s]));
    const audit: AuditChange[] = [];
    for (const { row } of valid) {
      const fields = {
        name: row.name,
        email: row.email,
        roles: row.roles,
        slackUserId: row.slack_user_id,
        teamsUserId: row.teams_user_id,
        active: row.active,
        classes: row.classes,
      };
      const current = existing.get(row.staff_id);
      if (!current) {
        const made = await tx.staffMember.create({ data: { ...definedOnly(fields), name: row.name, staffId: row.staff_id, schoolId: school.id } });
        audit.push({ action: 'staff.created', entityType: 'StaffMember', entityId: made.id, data: { staffId: row.staff_id, roles: row.roles } });
        result.inserted++;
        continue;
      }
      const changed = changedFields(current, fields);
      if (changed.length === 0) {
        result.unchanged++;
        continue;
      }
      await tx.staffMember.update({ where: { id: current.id }, data: definedOnly(fields) });
      // Role changes are the ones that matter for access, so they are kept in full.
      const data = changed.includes('roles') ? { staffId: row.staff_id, fields: changed, roles: row.roles } : { staffId: row.staff_id, fields: changed };
      audit.push({ action: 'staff.updated', entityType: 'StaffMember', entityId: current.id, data });
      result.updated++;
    }
    await writeAudit(tx, school.id, actor, audit);
    onProgress?.({ phase: 'applying', done: valid.length, total: valid.length });
    return result;
  }, IMPORT_TX);
}

/** The catalogue plus the policy's own extra roles (the catalogue alone if the stored policy no longer parses). */
function unknownRoles(line: number, unknown: string[], roles: ReadonlySet<string>): RowError {
  const list = unknown.map((r) => `"${r}"`).join(', ');
  return {
    line,
    reason: `roles: ${list} ${unknown.length > 1 ? 'are not roles' : 'is not a role'} this school uses (known: ${[...roles].join(', ')}; add others under roles.extra in the policy)`,
  };
}
