// A school's policy as stored on its School row (policyYaml), for jobs and the trust digest that start
// from a school id. A policy that no longer parses is reported, not guessed at.

import type { PrismaClient } from '../db/client.js';
import { parseStoredPolicy } from '../policy/load.js';
import type { Policy } from '../policy/schema.js';

export type SchoolPolicy =
  | { ok: true; schoolId: string; name: string; policy: Policy }
  | { ok: false; schoolId: string; name: string; problem: string };

export async function loadSchoolPolicy(prisma: PrismaClient, schoolId: string): Promise<SchoolPolicy> {
  const school = await prisma.school.findUnique({ where: { id: schoolId }, select: { name: true, policyYaml: true } });
  if (!school) return { ok: false, schoolId, name: schoolId, problem: 'no such school' };
  const parsed = parseStoredPolicy(school.policyYaml);
  if (!parsed.ok) {
    return { ok: false, schoolId, name: school.name, problem: `policy file does not load: ${parsed.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; ')}` };
  }
  return { ok: true, schoolId, name: school.name, policy: parsed.policy };
}
