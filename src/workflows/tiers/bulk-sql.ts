// Bulk inserts and updates inside a Prisma transaction: one statement per table with every row passed
// as parallel text arrays (unnest), instead of Prisma's createMany, which binds one parameter per value
// and took seconds for a thousand rows through the driver adapters. Values are cast by the given column
// types; conflicts on unique keys are skipped, and the rows actually inserted are returned.

import type { Prisma } from '../../db/generated/client.js';

export interface BulkColumn {
  name: string;
  /** SQL type to cast the text to: 'text', 'date', 'jsonb', 'timestamp(3)', 'integer'. */
  type: string;
}

export async function bulkInsert<R>(
  tx: Prisma.TransactionClient,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly (string | null)[])[],
  returning: string,
): Promise<R[]> {
  if (rows.length === 0) return [];
  const out: R[] = [];
  for (let start = 0; start < rows.length; start += 5000) {
    const chunk = rows.slice(start, start + 5000);
    const arrays = columns.map((_, c) => chunk.map((row) => row[c] ?? null));
    const names = columns.map((c) => `"${c.name}"`).join(', ');
    const selects = columns.map((c, i) => `u.c${i}::${c.type}`).join(', ');
    const unnest = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
    const aliases = columns.map((_, i) => `c${i}`).join(', ');
    const sql = `INSERT INTO "${table}" (${names}) SELECT ${selects} FROM unnest(${unnest}) AS u(${aliases}) ON CONFLICT DO NOTHING RETURNING ${returning}`;
    out.push(...(await tx.$queryRawUnsafe<R[]>(sql, ...arrays)));
  }
  return out;
}
