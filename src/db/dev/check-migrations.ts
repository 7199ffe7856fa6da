// `npm run db:check`: exit 1 when schema.prisma and prisma/migrations disagree (a forgotten migration).
import { diffMigrationsToSchema, isEmptyDiff } from './schema-engine.js';

const sql = await diffMigrationsToSchema();
if (isEmptyDiff(sql)) {
  console.log('schema.prisma and prisma/migrations agree.');
  process.exit(0);
}
console.error('schema.prisma and prisma/migrations disagree. Run `npm run db:migration -- <name>`. Missing SQL:\n' + sql);
process.exit(1);
