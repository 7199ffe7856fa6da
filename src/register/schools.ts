// A school: created from its policy file, updated when the policy is re-applied, and read back with its
// parsed policy. The policy is validated first (src/policy); the school's name and timezone are the ones
// the policy states. loadSchool is the one way any part of Rollcall reads a school.

import type { PrismaClient } from '../db/client.js';
import type { Prisma, School } from '../db/generated/client.js';
import { parsePolicy, parseStoredPolicy, type PolicyParseResult } from '../policy/load.js';
import type { Policy } from '../policy/schema.js';
import { RollcallError } from '../errors/rollcall-error.js';
import { auditActor, type RegisterActor } from './types.js';

export interface SchoolInput {
  /** Short stable id used on the command line and in URLs, e.g. "st-lukes". */
  slug: string;
  policyYaml: string;
  /** Defaults to the policy's school.name. */
  name?: string;
  /** Defaults to the policy's school.timezone. */
  timezone?: string;
}

export interface SchoolSaved {
  school: School;
  created: boolean;
  /** False when the school already had exactly this name, timezone and policy. */
  changed: boolean;
  /** Where the policy disagrees with the law (it still applies). */
  warnings: { path: string; message: string }[];
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export async function addOrUpdateSchool(
  prisma: PrismaClient,
  input: SchoolInput,
  actor: RegisterActor,
  parse: (yamlText: string) => PolicyParseResult = parsePolicy,
): Promise<SchoolSaved> {
  if (!SLUG.test(input.slug)) {
    throw new RollcallError('INVALID_INPUT', `"${input.slug}" is not a school id: use lower-case letters, digits and hyphens, e.g. st-lukes`);
  }
  const parsed = parse(input.policyYaml);
  if (!parsed.ok) {
    const lines = parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n');
    throw new RollcallError('INVALID_POLICY', `The policy for ${input.slug} cannot be used:\n${lines}`, { issues: parsed.errors });
  }
  const fields = {
    name: input.name ?? parsed.policy.school.name,
    timezone: input.timezone ?? parsed.policy.school.timezone,
    policyYaml: input.policyYaml,
  };
  return prisma.$transaction(async (tx) => {
    const existing = await tx.school.findUnique({ where: { slug: input.slug } });
    const audit = (schoolId: string, action: string, changedFields: string[]) =>
      tx.auditEvent.create({
        data: {
          schoolId,
          actor: auditActor(actor),
          actorRole: actor.role,
          action,
          entityType: 'School',
          entityId: schoolId,
          data: { slug: input.slug, fields: changedFields, warnings: parsed.warnings.length },
        },
      });
    if (!existing) {
      const school = await tx.school.create({ data: { slug: input.slug, ...fields } });
      await audit(school.id, 'school.created', Object.keys(fields));
      return { school, created: true, changed: true, warnings: parsed.warnings };
    }
    const changedFields = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => existing[k] !== fields[k]);
    if (changedFields.length === 0) return { school: existing, created: false, changed: false, warnings: parsed.warnings };
    const school = await tx.school.update({ where: { id: existing.id }, data: fields });
    await audit(school.id, changedFields.includes('policyYaml') ? 'school.policy-updated' : 'school.updated', changedFields);
    return { school, created: false, changed: true, warnings: parsed.warnings };
  });
}

export interface SchoolWithPolicy {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  policy: Policy;
}

/** The client, or a transaction: a timer handler reads through its own (PGlite has one session). */
type SchoolReader = Pick<Prisma.TransactionClient, 'school'>;

/**
 * A school and its parsed policy, by slug or id. The policy is stored as the YAML the school wrote and
 * parsed on the way out; one that no longer parses is a deployment error, reported with its field paths.
 */
export async function loadSchool(db: SchoolReader, where: { slug: string } | { id: string }): Promise<SchoolWithPolicy> {
  const school = await db.school.findUnique({ where });
  if (school) return withPolicy(school);
  const known = await db.school.findMany({ select: { slug: true }, orderBy: { slug: 'asc' }, take: 20 });
  const label = 'slug' in where ? where.slug : where.id;
  const hint = known.length > 0 ? `Schools set up: ${known.map((s) => s.slug).join(', ')}.` : 'No school is set up yet: add one with `rollcall school add` or `rollcall demo`.';
  throw new RollcallError('UNKNOWN_SCHOOL', `There is no school "${label}". ${hint}`);
}

export async function loadAllSchools(db: SchoolReader): Promise<SchoolWithPolicy[]> {
  return (await db.school.findMany({ orderBy: { slug: 'asc' } })).map(withPolicy);
}

function withPolicy(school: School): SchoolWithPolicy {
  const parsed = parseStoredPolicy(school.policyYaml);
  if (!parsed.ok) throw new Error(`the stored policy of ${school.slug} is invalid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return { id: school.id, slug: school.slug, name: school.name, timezone: school.timezone, policy: parsed.policy };
}
