// A fresh, migrated database per test file: PGlite restored from one migrated template by default, or a
// PostgreSQL database cloned from a migrated template when DATABASE_URL points at a server (CI runs the
// suite both ways). Tests receive the client; nothing is shared between files.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { isPostgresUrl, openDatabase, type Database } from '../../src/db/client.js';
import { TEMPLATE_DB_NAME, TEMPLATE_DUMP_FILE } from './db-template.js';

export const usingPostgres = isPostgresUrl(process.env.DATABASE_URL);

export async function createTestDatabase(): Promise<Database> {
  if (usingPostgres) return openServerDatabase(`TEMPLATE ${TEMPLATE_DB_NAME()}`);
  const dump = new Blob([readFileSync(TEMPLATE_DUMP_FILE())]);
  return openDatabase({ dataDir: 'memory://', loadDataDir: dump, migrate: false });
}

/** A database with no migrations applied, on the same backend, for tests of a migration itself. */
export async function createEmptyDatabase(): Promise<Database> {
  if (usingPostgres) return openServerDatabase('');
  return openDatabase({ dataDir: 'memory://', migrate: false });
}

/** A new migrated database on the test server, by URL (for processes a test starts); PostgreSQL runs only. */
export async function createServerDatabaseUrl(template = `TEMPLATE ${TEMPLATE_DB_NAME()}`): Promise<string> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `${process.env.ROLLCALL_TEST_DB_PREFIX ?? 'rollcall_t_'}${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name} ${template}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  // Dropped by the run's teardown (tests/support/db-template.ts), once every worker has exited:
  // dropping here, while the pool's connections may still be closing, killed them mid-shutdown.
  return url.toString();
}

async function openServerDatabase(template: string): Promise<Database> {
  return openDatabase({ url: await createServerDatabaseUrl(template), migrate: false });
}
