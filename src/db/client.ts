// Opens Rollcall's database: embedded PGlite under ./data by default, a real PostgreSQL when
// DATABASE_URL is a postgres URL. Both go through Prisma driver adapters with the same schema and
// migrations. Callers receive the client; nothing imports a global one.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.js';
import { migrate } from './migrate.js';
import { pgliteDriver, postgresDriver, type SqlDriver } from './sql-driver.js';

export { PrismaClient };
export type { SqlDriver, SqlConnection } from './sql-driver.js';

export interface Database {
  prisma: PrismaClient;
  sql: SqlDriver;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgresql://... for a server; anything else (or nothing) means embedded PGlite. */
  url?: string;
  /** PGlite data folder (default ./data/pglite); 'memory://' for a throwaway database. */
  dataDir?: string;
  /** A PGlite data-folder dump to start from (tests copy one migrated template). */
  loadDataDir?: Blob;
  /** Apply pending migrations on open (default: true for PGlite, false for a server). */
  migrate?: boolean;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the server drops (restart, failover, admin termination) must not crash the
    // process: node-postgres reports it on the pool, and the next query simply opens a new connection.
    pool.on('error', (error) => console.warn(`[db] idle PostgreSQL connection closed: ${error.message}`));
    const sql = postgresDriver(pool);
    if (options.migrate) await migrate(sql);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return { prisma, sql, kind: 'postgres', close: async () => { await prisma.$disconnect(); await sql.close(); } };
  }
  const dataDir = options.dataDir ?? resolve(process.env.ROLLCALL_DATA_DIR ?? 'data', 'pglite');
  // PGlite fails with an opaque "External error" when the folder's parent is missing.
  if (!dataDir.startsWith('memory://')) mkdirSync(dirname(dataDir), { recursive: true });
  const db = await PGlite.create({ dataDir, loadDataDir: options.loadDataDir });
  const sql = pgliteDriver(db);
  if (options.migrate ?? true) await migrate(sql);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return { prisma, sql, kind: 'pglite', close: async () => { await prisma.$disconnect(); await sql.close(); } };
}
