// Opens Rollcall's database: embedded PGlite under ./data by default, a real PostgreSQL when
// DATABASE_URL is a postgres URL. Both go through Prisma driver adapters with the same schema and
// migrations. Callers receive the client; nothing imports a global one. Each backend's driver is loaded
// only when that backend is opened (a bot on PostgreSQL never loads PGlite, and local mode never loads pg).
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaClient } from './generated/client.js';
import { clusterTemplate } from './cluster-template.js';
import { lockDataFolder, type DataFolderLock } from './data-folder-lock.js';
import { migrate } from './migrate.js';
import { defaultDataDir, isPostgresUrl } from './where.js';
import { pgliteDriver, postgresDriver, type SqlDriver } from './sql-driver.js';

export { PrismaClient, isPostgresUrl };
export type { SqlDriver, SqlConnection } from './sql-driver.js';

export interface Database {
  prisma: PrismaClient;
  sql: SqlDriver;
  kind: 'pglite' | 'postgres';
  /** The embedded data folder's lock (this process is its one owner); absent on a server or in memory. */
  lock?: DataFolderLock;
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
  /** Named in the embedded data folder's lock, for the message another process gets (default: this command line). */
  command?: string;
}

function commandLine(): string {
  return ['rollcall', ...process.argv.slice(2).filter((a) => !a.startsWith('-')).slice(0, 2)].join(' ');
}

/**
 * PostgreSQL settings inside PGlite. Its default 128 MB of shared buffers is allocated at open and kept
 * for the life of the process; 32 MB holds a school's working set (the pages come from the operating
 * system's file cache when not), and measured as fast on the app's queries while local mode holds ~110 MB
 * less.
 */
const PGLITE_SETTINGS = ['-c', 'shared_buffers=32MB'];

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (isPostgresUrl(url)) {
    const [{ default: pg }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the server drops (restart, failover, admin termination) must not crash the
    // process: node-postgres reports it on the pool, and the next query simply opens a new connection.
    pool.on('error', (error) => console.warn(`[db] idle PostgreSQL connection closed: ${error.message}`));
    const sql = postgresDriver(pool);
    if (options.migrate) await migrate(sql);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return { prisma, sql, kind: 'postgres', close: async () => { await prisma.$disconnect(); await sql.close(); } };
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  const inMemory = dataDir.startsWith('memory://');
  // PGlite fails with an opaque "External error" when the folder's parent is missing.
  if (!inMemory) mkdirSync(dirname(dataDir), { recursive: true });
  // Taken before PGlite touches the folder, so a refused process has written nothing.
  const lock = inMemory ? undefined : await lockDataFolder(resolve(dataDir), options.command ?? commandLine());
  let pglite: PGlite | undefined;
  try {
    const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
    const fresh = !inMemory && !existsSync(join(dataDir, 'PG_VERSION'));
    const loadDataDir = options.loadDataDir ?? (fresh ? clusterTemplate() : undefined);
    // As start parameters: PGlite's postgresqlconf option would replace the folder's whole postgresql.conf.
    pglite = await PGlite.create({ dataDir, startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS], ...(loadDataDir ? { loadDataDir } : {}) });
    const sql = pgliteDriver(pglite);
    if (options.migrate ?? true) await migrate(sql);
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    const close = async () => {
      try {
        await prisma.$disconnect();
        await sql.close();
      } finally {
        lock?.release();
      }
    };
    return { prisma, sql, kind: 'pglite', ...(lock ? { lock } : {}), close };
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}
