// A school with its parsed policy, looked up by slug or id. The policy is stored as the YAML the school
// wrote (so it can be shown and re-checked) and parsed on the way out; a stored policy that no longer
// parses is a deployment error, reported with its field paths.
import type { PrismaClient } from '../db/client.js';
import { parseStoredPolicy } from '../policy/load.js';
import type { Policy } from '../policy/schema.js';

export interface SchoolWithPolicy {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  policy: Policy;
}

export class UnknownSchoolError extends Error {}

export async function loadSchool(prisma: PrismaClient, where: { slug: string } | { id: string }): Promise<SchoolWithPolicy> {
  const school = await prisma.school.findUnique({ where });
  if (!school) {
    const known = (await prisma.school.findMany({ select: { slug: true }, orderBy: { slug: 'asc' } })).map((s) => s.slug);
    const label = 'slug' in where ? where.slug : where.id;
    throw new UnknownSchoolError(`no school "${label}"${known.length ? `; schools: ${known.join(', ')}` : '; add one with `rollcall school add` or `rollcall demo`'}`);
  }
  const parsed = parseStoredPolicy(school.policyYaml);
  if (!parsed.ok) throw new Error(`the stored policy of ${school.slug} is invalid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return { id: school.id, slug: school.slug, name: school.name, timezone: school.timezone, policy: parsed.policy };
}

export async function loadAllSchools(prisma: PrismaClient): Promise<SchoolWithPolicy[]> {
  const rows = await prisma.school.findMany({ select: { id: true }, orderBy: { slug: 'asc' } });
  return Promise.all(rows.map((r) => loadSchool(prisma, { id: r.id })));
}
