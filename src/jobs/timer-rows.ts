// DurableTimer rows: creating (idempotent on key), cancelling and the retry bookkeeping kept in the payload.
// Usable inside any caller's transaction without holding the timer service; a module-level signal tells
// running services in this process to re-arm their in-process hint.
import { EventEmitter } from 'node:events';
import type { PrismaClient } from '../db/client.js';
import type { DurableTimer, Prisma } from '../db/generated/client.js';
import { systemClock, type Clock } from './clock.js';
import { sqlTime, type Db } from './db.js';

export interface ScheduleTimerInput {
  schoolId: string;
  /** Idempotency key: scheduling an existing key (in any status) changes nothing. */
  key: string;
  /** Selects the handler registered with `timers.on(kind, ...)`. */
  kind: string;
  dueAt: Date;
  payload?: Prisma.InputJsonObject;
}

/** What a handler receives. `attempts` counts earlier failed runs of this timer. */
export interface DueTimer {
  id: string;
  schoolId: string;
  key: string;
  kind: string;
  dueAt: Date;
  payload: Prisma.JsonObject;
  attempts: number;
}

/** Payload field holding retry bookkeeping; stripped before a handler sees the payload. */
export const RETRY_FIELD = '_retry';

export interface RetryMeta {
  attempts: number;
  lastError?: string;
  firstDueAt?: string;
}

/** Emits 'scheduled' with { kind, dueAt } after a timer row is created in this process. */
export const timerSignal = new EventEmitter();
timerSignal.setMaxListeners(0);

export interface TimerScheduled {
  kind: string;
  dueAt: Date;
}

export async function scheduleTimer(
  db: Db | PrismaClient,
  input: ScheduleTimerInput,
  clock: Clock = systemClock,
): Promise<{ id: string; created: boolean }> {
  // One statement, so no transaction of its own: outside the caller's, it has committed when the hint goes.
  const [row] = await scheduleTimers(db, [input], clock);
  if (row) return { id: row.id, created: true };
  const existing = await db.durableTimer.findUniqueOrThrow({ where: { key: input.key }, select: { id: true } });
  return { id: existing.id, created: false };
}

/**
 * Schedules many timers in one statement (a register-close run arms a ladder for every case it opens, and
 * a round trip per step made a large school's list refresh slow). Each key is idempotent as in
 * scheduleTimer: an existing key, in any status, changes nothing, and of one key given twice the first
 * wins. Returns the rows created.
 */
export async function scheduleTimers(
  db: Db | PrismaClient,
  inputs: readonly ScheduleTimerInput[],
  clock: Clock = systemClock,
): Promise<{ id: string; key: string }[]> {
  const byKey = new Map<string, ScheduleTimerInput>();
  for (const input of inputs) {
    if (!input.key) throw new Error('scheduleTimer: key is required');
    if (Number.isNaN(input.dueAt.getTime())) throw new Error(`scheduleTimer(${input.key}): invalid dueAt`);
    if (!byKey.has(input.key)) byKey.set(input.key, input);
  }
  if (byKey.size === 0) return [];
  const rows = [...byKey.values()].map((i) => ({
    schoolId: i.schoolId, key: i.key, kind: i.kind, dueAt: sqlTime(i.dueAt), payload: i.payload ?? {},
  }));
  // Raw INSERT ... ON CONFLICT: atomic under concurrent schedulers, and several times cheaper than the
  // ORM. The 'timer.scheduled' audit rows are written by the same statement (one round trip: an incident
  // schedules its timers while someone waits for the card), and only for the rows that are new.
  const created = await db.$queryRawUnsafe<{ id: string; key: string; kind: string; dueAt: string }[]>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS t("schoolId" text, key text, kind text, "dueAt" text, payload jsonb)
     ), timer AS (
       INSERT INTO "DurableTimer" ("schoolId", key, kind, "dueAt", payload)
       SELECT "schoolId", key, kind, "dueAt"::timestamp(3), payload FROM input
       ON CONFLICT (key) DO NOTHING RETURNING id, "schoolId", key, kind
     ), audited AS (
       INSERT INTO "AuditEvent" ("schoolId", at, actor, action, "entityType", "entityId", data)
       SELECT timer."schoolId", $2::timestamp(3), 'system', 'timer.scheduled', 'DurableTimer', timer.id,
              jsonb_build_object('key', timer.key, 'kind', timer.kind, 'dueAt', input."dueAt")
       FROM timer JOIN input ON input.key = timer.key
     )
     SELECT timer.id, timer.key, timer.kind, input."dueAt" FROM timer JOIN input ON input.key = timer.key`,
    JSON.stringify(rows),
    sqlTime(clock.now()),
  );
  // One hint per kind is enough: the running services re-arm for the earliest.
  const earliest = new Map<string, Date>();
  for (const c of created) {
    const dueAt = new Date(c.dueAt);
    const known = earliest.get(c.kind);
    if (!known || dueAt < known) earliest.set(c.kind, dueAt);
  }
  for (const [kind, dueAt] of earliest) timerSignal.emit('scheduled', { kind, dueAt } satisfies TimerScheduled);
  return created.map((c) => ({ id: c.id, key: c.key }));
}

/** Cancels a pending timer; false when there was none pending under that key. */
export async function cancelTimer(db: Db | PrismaClient, key: string, clock: Clock = systemClock): Promise<boolean> {
  return (await cancelTimers(db, [key], clock)).length === 1;
}

/**
 * Cancels the pending timers under these keys in one statement (closing a case cancels every step of its
 * ladder), each with its 'timer.cancelled' audit row. Returns the keys that were pending.
 */
export async function cancelTimers(db: Db | PrismaClient, keys: readonly string[], clock: Clock = systemClock): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ key: string }[]>(
    `WITH cancelled AS (
       UPDATE "DurableTimer" SET status = 'cancelled'
       WHERE key IN (SELECT jsonb_array_elements_text($1::jsonb)) AND status = 'pending'
       RETURNING id, "schoolId", key, kind
     ), audited AS (
       INSERT INTO "AuditEvent" ("schoolId", at, actor, action, "entityType", "entityId", data)
       SELECT "schoolId", $2::timestamp(3), 'system', 'timer.cancelled', 'DurableTimer', id, jsonb_build_object('key', key, 'kind', kind)
       FROM cancelled
     )
     SELECT key FROM cancelled`,
    JSON.stringify(keys),
    sqlTime(clock.now()),
  );
  return rows.map((r) => r.key);
}

export function isJsonObject(value: Prisma.JsonValue | null | undefined): value is Prisma.JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function retryMeta(payload: Prisma.JsonValue | null): RetryMeta {
  const meta = isJsonObject(payload) ? payload[RETRY_FIELD] : undefined;
  if (!isJsonObject(meta)) return { attempts: 0 };
  return {
    attempts: typeof meta.attempts === 'number' ? meta.attempts : 0,
    lastError: typeof meta.lastError === 'string' ? meta.lastError : undefined,
    firstDueAt: typeof meta.firstDueAt === 'string' ? meta.firstDueAt : undefined,
  };
}

export function toDueTimer(row: DurableTimer): DueTimer {
  const payload: Prisma.JsonObject = {};
  if (isJsonObject(row.payload)) {
    for (const [k, v] of Object.entries(row.payload)) if (k !== RETRY_FIELD) payload[k] = v;
  }
  return {
    id: row.id,
    schoolId: row.schoolId,
    key: row.key,
    kind: row.kind,
    dueAt: row.dueAt,
    payload,
    attempts: retryMeta(row.payload).attempts,
  };
}

/** The stored payload with new retry bookkeeping. */
export function withRetryMeta(row: DurableTimer, meta: RetryMeta): Prisma.InputJsonObject {
  const base = isJsonObject(row.payload) ? row.payload : {};
  const next: Prisma.JsonObject = { attempts: meta.attempts };
  if (meta.lastError !== undefined) next.lastError = meta.lastError;
  if (meta.firstDueAt !== undefined) next.firstDueAt = meta.firstDueAt;
  return { ...base, [RETRY_FIELD]: next };
}
