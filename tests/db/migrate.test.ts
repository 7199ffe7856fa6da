import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createTestDatabase } from '../support/db.js';
import { migrate, readMigrations } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/client.js';

const opened: Database[] = [];
afterAll(async () => {
  for (const db of opened) await db.close();
});

function migrationsFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-mig-'));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('migration runner', () => {
  it('records the project migrations the way Prisma does (name, sha256 checksum, finished)', async () => {
    const db = await createTestDatabase();
    opened.push(db);
    const rows = await db.sql.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const files = readMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, r] of rows.entries()) {
      expect(r.checksum).toBe(createHash('sha256').update(files[i]!.sql).digest('hex'));
      expect(r.finished_at).not.toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }
    // Applying again changes nothing.
    expect((await migrate(db.sql)).applied).toEqual([]);
  });

  it('applies a new migration once, including $$ bodies that a ;-splitter would break', async () => {
    const db = await createTestDatabase();
    opened.push(db);
    const dir = migrationsFolder({
      '29990101000000_fn': `CREATE FUNCTION rollcall_twice(x int) RETURNS int AS $$ BEGIN RETURN x * 2; END; $$ LANGUAGE plpgsql;`,
    });
    const first = await migrate(db.sql, dir);
    expect(first.applied).toEqual(['29990101000000_fn']);
    expect((await db.sql.query<{ v: number }>('SELECT rollcall_twice(21) AS v'))[0]!.v).toBe(42);
    expect((await migrate(db.sql, dir)).applied).toEqual([]);
  });

  it('leaves nothing half-applied and records nothing when a migration fails', async () => {
    const db = await createTestDatabase();
    opened.push(db);
    const dir = migrationsFolder({ '29990101000000_bad': 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;' });
    await expect(migrate(db.sql, dir)).rejects.toThrow(/29990101000000_bad failed/);
    const tables = await db.sql.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`);
    expect(tables).toHaveLength(0);
    const recorded = await db.sql.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_bad'`);
    expect(recorded).toHaveLength(0);
  });

  it('refuses a migration edited after it was applied', async () => {
    const db = await createTestDatabase();
    opened.push(db);
    const dir = migrationsFolder({ '29990101000000_t': 'CREATE TABLE edited_later (id int);' });
    await migrate(db.sql, dir);
    writeFileSync(join(dir, '29990101000000_t', 'migration.sql'), 'CREATE TABLE edited_later (id bigint);');
    await expect(migrate(db.sql, dir)).rejects.toThrow(/changed after it was applied/);
  });
});
