// Database seams shared by the jobs modules: the "client or transaction" type every writer accepts, running
// a unit of work atomically whichever of the two the caller passed, timestamps for raw SQL, and the audit row.
import type { PrismaClient } from '../db/client.js';
import type { Prisma } from '../db/generated/client.js';

/** A PrismaClient or the `tx` of an interactive transaction (a PrismaClient is assignable to it). */
export type Db = Prisma.TransactionClient;

// A transaction client also has $transaction (savepoints, which PGlite lacks) but never $connect.
export function isRootClient(db: Db | PrismaClient): db is PrismaClient {
  return typeof (db as { $connect?: unknown }).$connect === 'function';
}

/** Runs fn atomically: inside the caller's transaction when given one, otherwise in a new one. */
export async function atomically<T>(db: Db | PrismaClient, fn: (tx: Db) => Promise<T>): Promise<T> {
  return isRootClient(db) ? db.$transaction((tx) => fn(tx)) : fn(db);
}

/**
 * A timestamp parameter for raw SQL against `TIMESTAMP(3)` (no time zone) columns, which Prisma stores in UTC.
 * Cast it with `::timestamp(3)`: Postgres ignores the trailing Z for that type, so the value lands as UTC
 * whatever the session time zone is.
 */
export function sqlTime(at: Date): string {
  return at.toISOString();
}

export interface AuditInput {
  schoolId: string;
  action: string;
  entityType: string;
  entityId: string;
  at: Date;
  data?: Prisma.InputJsonObject;
}

export async function audit(tx: Db, event: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      schoolId: event.schoolId,
      at: event.at,
      actor: 'system',
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      data: event.data,
    },
  });
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message ? `${err.name}: ${err.message}` : err.name;
  return typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
}
