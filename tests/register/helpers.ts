// Shared set-up for the register tests: a minimal valid policy, the CSV fixtures and a fresh school per
// test (one database per file, so each test gets its own school to stay independent).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from '../../src/db/client.js';
import type { School } from '../../src/db/generated/client.js';
import { importFile } from '../../src/register/import.js';
import { addOrUpdateSchool } from '../../src/register/schools.js';
import type { ImportKind, ImportResult, RegisterActor } from '../../src/register/types.js';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/import');

export const ACTOR: RegisterActor = { name: 'Data Manager', role: 'office', staffId: 'S002' };

export function policyYaml(name = 'Test Primary', extraRoles: string[] = []): string {
  return `school:
  name: ${name}
  timezone: Europe/London
register:
  am: { opens: "08:40", lateAfter: "08:50", closes: "09:10" }
  pm: { opens: "13:00", lateAfter: "13:05", closes: "13:15" }
calendar:
  terms:
    - { name: autumn, year: 2026-27, start: "2026-09-02", end: "2026-12-18" }
firstDay:
  parentReportBy: "08:45"
  callOwnerRole: office
  ladder:
    - { id: first-call, after: 0, action: call-first-contact, ownerRole: office }
tiers:
  model: percentage
  bands:
    - { name: concern, belowPct: 90 }
${extraRoles.length > 0 ? `roles:\n  extra: [${extraRoles.join(', ')}]\n` : ''}`;
}

let counter = 0;

export async function newSchool(db: Database, extraRoles: string[] = []): Promise<School> {
  counter += 1;
  const saved = await addOrUpdateSchool(db.prisma, { slug: `school-${counter}`, policyYaml: policyYaml(`School ${counter}`, extraRoles) }, ACTOR);
  return saved.school;
}

export function fixture(kind: ImportKind): string {
  return readFileSync(resolve(FIXTURES, `${kind}.csv`), 'utf8');
}

export function importText(db: Database, school: School, kind: ImportKind, csvText: string): Promise<ImportResult> {
  return importFile(db, { receivedAt: new Date(), schoolSlug: school.slug, kind, csvText, actor: ACTOR });
}

/** A school with the fixture pupils (and optionally their contacts) in place. */
export async function schoolWithPupils(db: Database): Promise<School> {
  const school = await newSchool(db);
  const result = await importText(db, school, 'pupils', fixture('pupils'));
  if (result.errors.length > 0) throw new Error(`fixture pupils did not import: ${JSON.stringify(result.errors)}`);
  return school;
}

export const PUPIL_HEADER =
  'upn,first_name,last_name,preferred_name,year_group,class,date_of_birth,gender,admission_date,leaving_date,sen_status,ehcp,fsm,eal,looked_after,child_protection_plan,social_worker,young_carer';

export function lines(...rows: string[]): string {
  return `${rows.join('\n')}\n`;
}
