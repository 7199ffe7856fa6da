// vitest globalSetup: migrate one template database per run so each test file only copies it.
// The template's location goes to the workers through the environment (they inherit it when forked).
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { isPostgresUrl, openDatabase } from '../../src/db/client.js';

export const TEMPLATE_DB_NAME = () => process.env.ROLLCALL_TEST_TEMPLATE_DB ?? 'rollcall_test_template';
export const TEMPLATE_DUMP_FILE = () => process.env.ROLLCALL_TEST_TEMPLATE ?? '';

export default async function setup(): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (isPostgresUrl(url)) {
    const name = `rollcall_tpl_${process.pid}`;
    process.env.ROLLCALL_TEST_TEMPLATE_DB = name;
    const prefix = `rollcall_t${process.pid}_`;
    process.env.ROLLCALL_TEST_DB_PREFIX = prefix;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const t = new URL(url);
    t.pathname = `/${name}`;
    const db = await openDatabase({ url: t.toString(), migrate: true });
    await db.close();
    return async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const made = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${prefix}%`]);
      for (const { datname } of made.rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-template-'));
  const db = await openDatabase({ dataDir: join(dir, 'pglite'), migrate: true });
  await db.close();
  const reopened = await PGlite.create({ dataDir: join(dir, 'pglite') });
  const dump = await reopened.dumpDataDir('gzip');
  await reopened.close();
  const file = join(dir, 'template.tar.gz');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.ROLLCALL_TEST_TEMPLATE = file;
  return async () => rmSync(dir, { recursive: true, force: true });
}
