// Pieces every Prisma-based importer (pupils, contacts, staff) shares: the transaction settings, the
// field-by-field comparison that tells "updated" from "unchanged", and the audit rows for what changed.

import type { Prisma } from '../db/generated/client.js';
import { fromDbDate } from './db-dates.js';
import { auditActor, type RegisterActor } from './types.js';

export type Tx = Prisma.TransactionClient;

/** A whole school's pupils in one transaction takes seconds on PGlite: well over Prisma's 5 s default. */
export const IMPORT_TX = { timeout: 600_000, maxWait: 60_000 } as const;

/** The fields of `next` (undefined = not given, so not compared) that differ from `current`. */
export function changedFields(current: Record<string, unknown>, next: Record<string, unknown>): string[] {
  return Object.keys(next).filter((key) => next[key] !== undefined && !same(current[key], next[key]));
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return fromDbDate(a) === fromDbDate(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** Drops undefined entries so Prisma leaves those columns alone. */
export function definedOnly<T extends Record<string, unknown>>(data: T): Partial<T> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string;
  /** Names only: values stay out of the audit log (it is read more widely than pupil records). */
  data: Prisma.InputJsonValue;
}

export async function writeAudit(tx: Tx, schoolId: string, actor: RegisterActor, changes: readonly AuditChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.auditEvent.createMany({
    data: changes.map((c) => ({
      schoolId,
      actor: auditActor(actor),
      actorRole: actor.role,
      action: c.action,
      entityType: c.entityType,
      entityId: c.entityId,
      data: c.data,
    })),
  });
}

export async function pupilIdsByUpn(tx: Tx, schoolId: string): Promise<Map<string, string>> {
  const pupils = await tx.pupil.findMany({ where: { schoolId }, select: { id: true, upn: true } });
  return new Map(pupils.map((p) => [p.upn, p.id]));
}

export function unknownPupil(upn: string): string {
  return `no pupil with UPN ${upn} at this school (import pupils.csv first, or check the UPN)`;
}
