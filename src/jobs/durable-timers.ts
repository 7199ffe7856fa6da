// Timers that survive restarts (the 10-minute missing-pupil deadline, escalation steps). The DurableTimer
// row is the truth; an in-process setTimeout armed for the nearest due row is only a hint for precision,
// and a periodic sweep catches rows other replicas scheduled. Firing is an atomic claim
// (UPDATE ... WHERE status='pending'), so with any number of replicas a row fires once.
//
// Failure policy: the claim, the handler's writes (through the `tx` it is given) and the 'timer.fired'
// audit row commit together. If the handler throws, all of it rolls back, the row stays 'pending' and is
// moved to now + backoff (retryBaseMs doubling, capped at retryMaxMs) with attempts/lastError kept in
// payload._retry; after maxAttempts it becomes 'failed' with a 'timer.failed' audit row.
import type { PrismaClient } from '../db/client.js';
import type { DurableTimer } from '../db/generated/client.js';
import { systemClock, type Clock } from './clock.js';
import { audit, errorText, sqlTime, type Db } from './db.js';
import { mapLimit, serialRunner } from './serial.js';
import {
  cancelTimer,
  cancelTimers,
  retryMeta,
  scheduleTimer,
  scheduleTimers,
  timerSignal,
  toDueTimer,
  withRetryMeta,
  type DueTimer,
  type ScheduleTimerInput,
  type TimerScheduled,
} from './timer-rows.js';

export type TimerHandler = (timer: DueTimer, tx: Db) => Promise<void>;

export interface DurableTimersOptions {
  prisma: PrismaClient;
  clock?: Clock;
  /** Periodic sweep for rows scheduled elsewhere (default 1000 ms). */
  sweepMs?: number;
  /** Rows read per query while firing (default 100). */
  batchSize?: number;
  /** Handlers run at once (default 4; PGlite serialises them anyway). */
  concurrency?: number;
  /** Runs of a failing handler before the timer is marked 'failed' (default 5). */
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Interactive-transaction timeout around claim + handler (default 30 s). */
  txTimeoutMs?: number;
  onError?: (err: unknown, timer?: { id: string; key?: string }) => void;
}

export interface DurableTimers {
  on(kind: string, handler: TimerHandler): DurableTimers;
  schedule(db: Db | PrismaClient, input: ScheduleTimerInput): Promise<{ id: string; created: boolean }>;
  /** Many timers in one statement, each idempotent on its key as in schedule(); returns the rows created. */
  scheduleMany(db: Db | PrismaClient, inputs: readonly ScheduleTimerInput[]): Promise<{ id: string; key: string }[]>;
  cancel(key: string, db?: Db | PrismaClient): Promise<boolean>;
  /** Cancels the pending timers under these keys in one statement; returns the keys that were pending. */
  cancelMany(keys: readonly string[], db?: Db | PrismaClient): Promise<string[]>;
  /** Fires every due row with a handler here; returns how many this instance fired. */
  tick(): Promise<number>;
  /** A tick() then a re-arm of the hint, serialised with the hint and periodic passes. */
  sweep(): Promise<void>;
  /** Fires overdue rows at once, then keeps the hint and the periodic sweep running. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

// setTimeout's ceiling; beyond it the sweep re-arms anyway.
const MAX_DELAY_MS = 2_147_483_647;
// A hint from a schedule() in this process waits this long so the caller's transaction can commit first.
const SIGNAL_FLOOR_MS = 20;
// Quick passes tried for a row that stays overdue before it is left to the periodic sweep.
const STALLED_RETRIES = 2;

type Outcome = 'fired' | 'lost' | 'failed';

export function createDurableTimers(options: DurableTimersOptions): DurableTimers {
  const { prisma } = options;
  const clock = options.clock ?? systemClock;
  const sweepMs = options.sweepMs ?? 1000;
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 4;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const retryMaxMs = options.retryMaxMs ?? 300_000;
  const txOptions = { timeout: options.txTimeoutMs ?? 30_000, maxWait: options.txTimeoutMs ?? 30_000 };
  const onError = options.onError ?? ((err: unknown) => console.error('[timers]', err));
  const handlers = new Map<string, TimerHandler>();
  const inFlight = new Set<string>();

  let started = false;
  let sweepTimer: NodeJS.Timeout | undefined;
  let hintTimer: NodeJS.Timeout | undefined;
  let hintAt: number | null = null;

  async function fireOne(id: string): Promise<Outcome> {
    try {
      return await prisma.$transaction(async (tx): Promise<Outcome> => {
        const now = clock.now();
        // The claim: of all processes running this UPDATE for the row, exactly one gets it back.
        const claimed = await tx.$queryRawUnsafe<DurableTimer[]>(
          `UPDATE "DurableTimer" SET status = 'fired', "firedAt" = $1::timestamp(3) WHERE id = $2 AND status = 'pending' RETURNING *`,
          sqlTime(now),
          id,
        );
        const row = claimed[0];
        if (!row) return 'lost';
        const handler = handlers.get(row.kind);
        if (!handler) throw new Error(`no handler for timer kind ${row.kind}`);
        await handler(toDueTimer(row), tx);
        await audit(tx, {
          schoolId: row.schoolId,
          at: now,
          action: 'timer.fired',
          entityType: 'DurableTimer',
          entityId: row.id,
          data: { key: row.key, kind: row.kind, dueAt: row.dueAt.toISOString(), lateMs: now.getTime() - row.dueAt.getTime() },
        });
        return 'fired';
      }, txOptions);
    } catch (err) {
      onError(err, { id });
      await recordFailure(id, err).catch((e: unknown) => onError(e, { id }));
      return 'failed';
    }
  }

  async function recordFailure(id: string, err: unknown): Promise<void> {
    await prisma.$transaction(async (tx) => {
      const row = await tx.durableTimer.findUnique({ where: { id } });
      if (!row || row.status !== 'pending') return;
      const now = clock.now();
      const previous = retryMeta(row.payload);
      const attempts = previous.attempts + 1;
      const payload = withRetryMeta(row, { attempts, lastError: errorText(err), firstDueAt: previous.firstDueAt ?? row.dueAt.toISOString() });
      const giveUp = attempts >= maxAttempts;
      const dueAt = new Date(now.getTime() + Math.min(retryMaxMs, retryBaseMs * 2 ** (attempts - 1)));
      const moved = await tx.durableTimer.updateMany({
        where: { id, status: 'pending' },
        data: giveUp ? { status: 'failed', payload } : { dueAt, payload },
      });
      if (moved.count !== 1) return;
      await audit(tx, {
        schoolId: row.schoolId,
        at: now,
        action: giveUp ? 'timer.failed' : 'timer.retry',
        entityType: 'DurableTimer',
        entityId: row.id,
        data: { key: row.key, kind: row.kind, attempts, error: errorText(err), ...(giveUp ? {} : { nextDueAt: dueAt.toISOString() }) },
      });
    }, txOptions);
  }

  async function tick(): Promise<number> {
    let fired = 0;
    for (;;) {
      const kinds = [...handlers.keys()];
      if (kinds.length === 0) return fired;
      const due = await prisma.durableTimer.findMany({
        where: { status: 'pending', dueAt: { lte: clock.now() }, kind: { in: kinds } },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: batchSize,
        select: { id: true },
      });
      const ids = due.map((r) => r.id).filter((id) => !inFlight.has(id));
      for (const id of ids) inFlight.add(id);
      const outcomes = await mapLimit(ids, concurrency, async (id) => {
        try {
          return await fireOne(id);
        } finally {
          inFlight.delete(id);
        }
      });
      fired += outcomes.filter((o) => o === 'fired').length;
      // Another page only when this one was full and moved on; a failing database must not spin here.
      if (due.length < batchSize || !outcomes.some((o) => o !== 'failed')) return fired;
    }
  }

  function hint(dueAt: Date, floorMs = 0): void {
    if (!started) return;
    const at = dueAt.getTime();
    if (hintAt !== null && hintAt <= at) return;
    clearTimeout(hintTimer);
    hintAt = at;
    const delay = Math.min(MAX_DELAY_MS, Math.max(floorMs, at - clock.now().getTime()));
    hintTimer = setTimeout(() => {
      hintAt = null;
      void runner.run();
    }, delay);
    hintTimer.unref();
  }

  // Passes in a row that fired nothing while a row was already overdue.
  let stalledPasses = 0;

  async function arm(firedThisPass: number): Promise<void> {
    const kinds = [...handlers.keys()];
    if (!started || kinds.length === 0) return;
    const next = await prisma.durableTimer.findFirst({
      where: { status: 'pending', kind: { in: kinds } },
      orderBy: { dueAt: 'asc' },
      select: { dueAt: true },
    });
    if (!next) return;
    if (next.dueAt.getTime() > clock.now().getTime()) {
      stalledPasses = 0;
      hint(next.dueAt);
      return;
    }
    // Overdue already: in a burst, rows fall due while a pass is firing the previous ones, and waiting
    // for the sweep made them up to a second late, so go again at once. A row that stays overdue
    // through passes that fire nothing (a failing database) is left to the sweep rather than spun on.
    stalledPasses = firedThisPass > 0 ? 0 : stalledPasses + 1;
    if (stalledPasses <= STALLED_RETRIES) hint(clock.now());
  }

  const runner = serialRunner(async () => {
    await arm(await tick());
  }, (err) => onError(err));

  const onScheduled = (e: TimerScheduled): void => {
    if (handlers.has(e.kind)) hint(e.dueAt, SIGNAL_FLOOR_MS);
  };

  const service: DurableTimers = {
    on(kind, handler) {
      handlers.set(kind, handler);
      return service;
    },
    schedule: (db, input) => scheduleTimer(db, input, clock),
    scheduleMany: (db, inputs) => scheduleTimers(db, inputs, clock),
    cancel: (key, db) => cancelTimer(db ?? prisma, key, clock),
    cancelMany: (keys, db) => cancelTimers(db ?? prisma, keys, clock),
    tick,
    sweep: () => runner.run(),
    async start() {
      if (started) return;
      started = true;
      timerSignal.on('scheduled', onScheduled);
      sweepTimer = setInterval(() => void runner.run(), sweepMs);
      sweepTimer.unref();
      await runner.run();
    },
    async stop() {
      started = false;
      timerSignal.off('scheduled', onScheduled);
      clearInterval(sweepTimer);
      clearTimeout(hintTimer);
      hintAt = null;
      await runner.idle();
    },
  };
  return service;
}
