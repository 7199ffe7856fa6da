// Applies prisma/migrations at run time, without Prisma's native schema engine (it cannot be
// downloaded on our machines). Kept deliberately small and compatible with Prisma's own bookkeeping:
// the same advisory lock, the same `_prisma_migrations` table and checksum (sha256 hex of migration.sql),
// so `npx prisma migrate deploy` / `migrate status` on a production server see the database as up to date.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SqlDriver } from './sql-driver.js';

export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../prisma/migrations');
const PRISMA_ADVISORY_LOCK = 72707369; // the key Prisma's schema engine locks on

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/** Applies every migration not yet recorded, each in its own transaction, under Prisma's advisory lock. */
export async function migrate(driver: SqlDriver, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const files = readMigrations(dir);
  return driver.withConnection(async (conn) => {
    await conn.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK})`);
    try {
      await conn.exec(BOOKKEEPING);
      const rows = await conn.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
      const applied: string[] = [];
      for (const file of files) {
        const recorded = done.get(file.name);
        if (recorded !== undefined) {
          if (recorded !== file.checksum) {
            throw new Error(`migration ${file.name} was changed after it was applied (checksum differs); add a new migration instead`);
          }
          continue;
        }
        // The whole file runs as one script inside one transaction: a failing migration leaves nothing
        // half-applied and is not recorded, so it can be fixed and re-run.
        await conn.exec('BEGIN');
        try {
          await conn.exec(file.sql);
          await conn.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), now(), 1)`,
            [randomUUID(), file.checksum, file.name],
          );
          await conn.exec('COMMIT');
        } catch (error) {
          await conn.exec('ROLLBACK');
          throw new Error(`migration ${file.name} failed: ${(error as Error).message}`);
        }
        applied.push(file.name);
      }
      return { applied, alreadyApplied: done.size };
    } finally {
      await conn.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK})`);
    }
  });
}
