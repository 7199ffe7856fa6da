// Shared fixtures for the jobs tests: a school row to hang timers and messages on, and a second
// "replica" on the same database (its own connection pool on PostgreSQL; PGlite is one process, so there
// a replica is a second service instance over the same client).
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database, type PrismaClient } from '../../src/db/client.js';

export async function createSchool(prisma: PrismaClient, slug = `school-${randomBytes(4).toString('hex')}`): Promise<string> {
  const school = await prisma.school.create({ data: { slug, name: `School ${slug}`, policyYaml: '' } });
  return school.id;
}

export async function openReplica(db: Database): Promise<Database> {
  if (db.kind === 'pglite') return { ...db, close: async () => undefined };
  const rows = await db.sql.query<{ name: string }>('SELECT current_database() AS name');
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.pathname = `/${rows[0]!.name}`;
  return openDatabase({ url: url.toString(), migrate: false });
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
