// DurableTimer rows: creating (idempotent on key), cancelling and the retry bookkeeping kept in the payload.
// Usable inside any caller's transaction without holding the timer service; a module-level signal tells
// running services in this process to re-arm their in-process hint.
import { EventEmitter } from 'node:events';
import type { PrismaClient } from '../db/client.js';
import type { DurableTimer, Prisma } from '../db/generated/client.js';
import { systemClock, type Clock } from './clock.js';
import { atomically, audit, sqlTime, type Db } from './db.js';

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
  if (!input.key) throw new Error('scheduleTimer: key is required');
  if (Number.isNaN(input.dueAt.getTime())) throw new Error(`scheduleTimer(${input.key}): invalid dueAt`);
  const result = await atomically(db, async (tx) => {
    // Raw INSERT ... ON CONFLICT: atomic under concurrent schedulers, and several times cheaper than the
    // ORM. The 'timer.scheduled' audit row is written by the same statement (one round trip, not two:
    // an incident schedules its timers while someone waits for the card), and only when the row is new.
    const created = await tx.$queryRawUnsafe<{ id: string }[]>(
      `WITH timer AS (
         INSERT INTO "DurableTimer" ("schoolId", key, kind, "dueAt", payload)
         VALUES ($1, $2, $3, $4::timestamp(3), $5::jsonb)
         ON CONFLICT (key) DO NOTHING RETURNING id
       ), audited AS (
         INSERT INTO "AuditEvent" ("schoolId", at, actor, action, "entityType", "entityId", data)
         SELECT $1, $6::timestamp(3), 'system', 'timer.scheduled', 'DurableTimer', timer.id, $7::jsonb FROM timer
       )
       SELECT id FROM timer`,
      input.schoolId,
      input.key,
      input.kind,
      sqlTime(input.dueAt),
      JSON.stringify(input.payload ?? {}),
      sqlTime(clock.now()),
      JSON.stringify({ key: input.key, kind: input.kind, dueAt: input.dueAt.toISOString() }),
    );
    const row = created[0];
    if (!row) {
      const existing = await tx.durableTimer.findUniqueOrThrow({ where: { key: input.key }, select: { id: true } });
      return { id: existing.id, created: false };
    }
    return { id: row.id, created: true };
  });
  if (result.created) timerSignal.emit('scheduled', { kind: input.kind, dueAt: input.dueAt } satisfies TimerScheduled);
  return result;
}

/** Cancels a pending timer; false when there was none pending under that key. */
export async function cancelTimer(db: Db | PrismaClient, key: string, clock: Clock = systemClock): Promise<boolean> {
  return atomically(db, async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ id: string; schoolId: string; kind: string }[]>(
      `UPDATE "DurableTimer" SET status = 'cancelled' WHERE key = $1 AND status = 'pending' RETURNING id, "schoolId", kind`,
      key,
    );
    const row = rows[0];
    if (!row) return false;
    await audit(tx, {
      schoolId: row.schoolId,
      at: clock.now(),
      action: 'timer.cancelled',
      entityType: 'DurableTimer',
      entityId: row.id,
      data: { key, kind: row.kind },
    });
    return true;
  });
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
