// A school and its policy read through a transaction. Timer handlers run inside the timer's transaction,
// where reaching for the outer client (services.school on a cold cache) would deadlock PGlite.
import type { SchoolWithPolicy } from '../../core/school-directory.js';
import type { Prisma } from '../../db/generated/client.js';
import { parseStoredPolicy } from '../../policy/load.js';

export async function schoolInTx(tx: Prisma.TransactionClient, id: string): Promise<SchoolWithPolicy> {
  const school = await tx.school.findUniqueOrThrow({ where: { id } });
  const parsed = parseStoredPolicy(school.policyYaml);
  if (!parsed.ok) throw new Error(`the stored policy of ${school.slug} is invalid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return { id: school.id, slug: school.slug, name: school.name, timezone: school.timezone, policy: parsed.policy };
}
