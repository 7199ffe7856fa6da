// The outbox worker: finds due messages and delivers them at least once, in enqueue order per
// (platform, channel, conversation), safe with several replicas on one database (each message is claimed atomically,
// see outbox-delivery.ts). A live worker renews its claims while it sends; a crash after a claim delays the
// message until the lease ends, or, on a database with one owner, until the next start (releaseClaims).
// Retryable failures are rescheduled (the platform's retry-after, else exponential backoff); anything
// else, or maxAttempts used up, makes it 'dead' with an AuditEvent, except a safeguarding message
// (keepTrying), which is never given up while its subject is open.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db/client.js';
import type { OutboxMessage } from '../db/generated/client.js';
import { systemClock, type Clock } from './clock.js';
import { sqlTime } from './db.js';
import { createDelivery, DUE, HELD_PREFIX, type DeliveryResult, type DeliverySettings, type OutboxDelivery } from './outbox-delivery.js';
import { classifyDeliveryError, type ClassifiedError } from './outbox-errors.js';
import { outboxSignal } from './outbox-signal.js';
import { chooseLanes, type PendingRow } from './outbox-lanes.js';
import { mapLimit, serialRunner } from './serial.js';

export { classifyDeliveryError as defaultClassifyError, type ClassifiedError } from './outbox-errors.js';
export type { DeliveryResult, MessageLocation, OutboxDelivery } from './outbox-delivery.js';

export interface OutboxWorkerOptions {
  prisma: PrismaClient;
  clock?: Clock;
  deliver: (message: OutboxDelivery) => Promise<DeliveryResult | void>;
  classifyError?: (err: unknown) => ClassifiedError;
  /** Delivery attempts before a retryable failure becomes 'dead' (default 8). */
  maxAttempts?: number;
  /** How long a claim keeps other workers off a message unless renewed (default 60 s). */
  leaseMs?: number;
  /** The same for a safeguarding message (default 15 s): its sender renews it every few seconds while sending. */
  urgentLeaseMs?: number;
  /** A send still going after this long stops renewing its claim, so another worker may try (default 2 min). */
  maxSendMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Backoff cap of a message kept trying (safeguarding), default 1 s: it goes within moments of recovery. */
  urgentRetryMaxMs?: number;
  /** A message kept trying that the platform refused outright is tried again after 1 min, doubling to 5 min. */
  refusedRetryMs?: number;
  refusedRetryMaxMs?: number;
  /** Recheck interval for an update/reply whose post is still pending (default 1 s). */
  refWaitMs?: number;
  /** Recheck interval of a held message, whose channel Rollcall is not in yet (default 30 s; release() at once). */
  heldRecheckMs?: number;
  /** A message was held for the first time: tell its school how to add Rollcall. */
  onHeld?: DeliverySettings['onHeld'];
  /** A message became dead. */
  onDead?: DeliverySettings['onDead'];
  /** A message kept trying was refused outright (every time it is: dedupe to tell people once). */
  onRefused?: DeliverySettings['onRefused'];
  /** A message with an escalation time is still not delivered at that time (called once per message). */
  onOverdue?: (row: OutboxMessage) => Promise<void>;
  /** Poll interval after start() (default 500 ms); enqueue() in this process also wakes the worker. */
  pollMs?: number;
  /** Lanes served per round (default 20) and messages per lane per round (default 20). */
  channelsPerRound?: number;
  perChannel?: number;
  /** Lanes delivered to at once (default 8). */
  concurrency?: number;
  onError?: (err: unknown) => void;
  /** How long stop() waits for sends in flight (default 5 s). */
  stopGraceMs?: number;
}

export interface DrainResult {
  sent: number;
  retried: number;
  dead: number;
  waiting: number;
  held: number;
  escalated: number;
}

export interface OutboxWorker {
  /** One round over what is due now. */
  runOnce(): Promise<DrainResult>;
  /** Rounds until nothing is due now (tests, shutdown). */
  drain(): Promise<DrainResult>;
  start(): void;
  /** Claims nothing more, and waits for the sends in flight (at most graceMs, default stopGraceMs). */
  stop(graceMs?: number): Promise<void>;
  /** Ask for a round soon (enqueue() in this process does this itself). */
  wake(): void;
  /** The wake-up an enqueue asked for, now: whoever calls knows the enqueuing transactions have committed. */
  wakeCommitted(): void;
  /** Held messages of a platform are tried again now (Rollcall was just added somewhere); returns how many. */
  release(platform: string): Promise<number>;
  /**
   * Claims other workers left are freed, so their messages go now rather than when the lease ends. Only
   * for a worker that is alone on its database (the embedded one has one owner): any other claim is then
   * a dead process's. Returns how many.
   */
  releaseClaims(): Promise<number>;
}

// The conversation a message belongs to (see outbox-lanes.ts): its thread, else its own key, else none.
const LANE_ROOT = `COALESCE("threadKey", "messageKey", '')`;

// A wake-up waits this long so the enqueuing transaction has committed before the worker looks.
const WAKE_DELAY_MS = 15;
const MAX_ROUNDS = 10_000;

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { prisma, deliver } = options;
  const clock = options.clock ?? systemClock;
  const classify = options.classifyError ?? classifyDeliveryError;
  const maxAttempts = options.maxAttempts ?? 8;
  const leaseMs = options.leaseMs ?? 60_000;
  const workerId = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const retryMaxMs = options.retryMaxMs ?? 300_000;
  const refWaitMs = options.refWaitMs ?? 1000;
  const pollMs = options.pollMs ?? 500;
  const channelsPerRound = Math.max(1, Math.floor(options.channelsPerRound ?? 20));
  const perChannel = Math.max(1, Math.floor(options.perChannel ?? 20));
  const concurrency = options.concurrency ?? 8;
  const onError = options.onError ?? ((err: unknown) => console.error('[outbox]', err));
  const heldRecheckMs = options.heldRecheckMs ?? 30_000;
  const urgentRetryMaxMs = options.urgentRetryMaxMs ?? 1000;
  const { processOne } = createDelivery({
    prisma, clock, deliver, classify, maxAttempts, workerId, leaseMs, urgentLeaseMs: options.urgentLeaseMs ?? 15_000, maxSendMs: options.maxSendMs ?? 120_000, retryBaseMs, retryMaxMs, urgentRetryMaxMs, refWaitMs, heldRecheckMs, onError,
    ...(options.onHeld ? { onHeld: options.onHeld } : {}),
    refusedRetryMs: options.refusedRetryMs ?? 60_000,
    refusedRetryMaxMs: options.refusedRetryMaxMs ?? 300_000,
    ...(options.onDead ? { onDead: options.onDead } : {}),
    ...(options.onRefused ? { onRefused: options.onRefused } : {}),
  });

  async function dueLanes(now: Date): Promise<string[][]> {
    const rows = await prisma.$queryRawUnsafe<PendingRow[]>(
      `SELECT id, platform, channel, root, "createdAt", due FROM (
         SELECT id, platform, channel, "createdAt", ${DUE} AS due, ${LANE_ROOT} AS root,
                row_number() OVER (PARTITION BY platform, channel, ${LANE_ROOT} ORDER BY "createdAt", id) AS pos
           FROM "OutboxMessage" WHERE status = 'pending') AS queue
        WHERE pos <= ${perChannel}
        ORDER BY platform, channel, root, pos`,
      sqlTime(now),
    );
    return chooseLanes(rows, channelsPerRound);
  }

  // Overdue messages are claimed once (escalatedAt), across replicas; a failed escalation is tried again.
  async function escalateOverdue(now: Date): Promise<number> {
    const hook = options.onOverdue;
    if (!hook) return 0;
    const rows = await prisma.$queryRawUnsafe<OutboxMessage[]>(
      `UPDATE "OutboxMessage" SET "escalatedAt" = $1::timestamp(3)
        WHERE id IN (SELECT id FROM "OutboxMessage" WHERE "escalateAt" <= $1::timestamp(3) AND "escalatedAt" IS NULL AND status = 'pending' LIMIT 50)
          AND "escalatedAt" IS NULL
        RETURNING *`,
      sqlTime(now),
    );
    for (const row of rows) {
      try {
        await hook(row);
      } catch (error) {
        onError(error);
        await prisma.outboxMessage.updateMany({ where: { id: row.id }, data: { escalatedAt: null } });
      }
    }
    return rows.length;
  }

  const never = (): boolean => false;

  // `halted`: stop() was called, so no further message is claimed (those in flight finish).
  async function round(halted: () => boolean): Promise<DrainResult> {
    const total: DrainResult = { sent: 0, retried: 0, dead: 0, waiting: 0, held: 0, escalated: 0 };
    total.escalated = await escalateOverdue(clock.now());
    const lanes = await dueLanes(clock.now());
    await mapLimit(lanes, concurrency, async (ids) => {
      for (const id of ids) {
        if (halted()) return;
        const outcome = await processOne(id);
        if (outcome !== 'lost') total[outcome] += 1;
        // A later message in this channel may go only once this one is settled (sent or dead).
        if (outcome !== 'sent' && outcome !== 'dead') return;
      }
    });
    return total;
  }

  async function rounds(halted: () => boolean): Promise<DrainResult> {
    const total: DrainResult = { sent: 0, retried: 0, dead: 0, waiting: 0, held: 0, escalated: 0 };
    for (let n = 0; n < MAX_ROUNDS && !halted(); n++) {
      const r = await round(halted);
      for (const k of Object.keys(total) as (keyof DrainResult)[]) total[k] += r[k];
      if (Object.values(r).every((n) => n === 0)) break;
    }
    return total;
  }

  let started = false;
  let stopping = false;
  const runner = serialRunner(async () => void (await rounds(() => stopping)), onError);
  let pollTimer: NodeJS.Timeout | undefined;
  let wakeTimer: NodeJS.Timeout | undefined;
  const wake = (): void => {
    if (!started || wakeTimer) return;
    wakeTimer = setTimeout(() => {
      wakeTimer = undefined;
      void runner.run();
    }, WAKE_DELAY_MS);
    wakeTimer.unref();
  };

  // Only cuts short a wake-up an enqueue asked for: an interaction that queued nothing costs no round.
  const wakeCommitted = (): void => {
    if (!started || !wakeTimer) return;
    clearTimeout(wakeTimer);
    wakeTimer = undefined;
    void runner.run();
  };

  async function release(platform: string): Promise<number> {
    const released = await prisma.$executeRawUnsafe(
      `UPDATE "OutboxMessage" SET "nextAttemptAt" = $1::timestamp(3) WHERE status = 'pending' AND platform = $2 AND "lastError" LIKE $3 AND "claimedBy" IS NULL`,
      sqlTime(clock.now()),
      platform,
      `${HELD_PREFIX}%`,
    );
    if (released > 0) wake();
    return released;
  }

  async function releaseClaims(): Promise<number> {
    const released = await prisma.$executeRawUnsafe(
      `UPDATE "OutboxMessage" SET "claimedBy" = NULL, "nextAttemptAt" = $1::timestamp(3) WHERE status = 'pending' AND "claimedBy" IS NOT NULL AND "claimedBy" <> $2`,
      sqlTime(clock.now()),
      workerId,
    );
    if (released > 0) wake();
    return released;
  }

  return {
    runOnce: () => round(never),
    releaseClaims,
    // A background pass (a wake-up after an interaction) may hold a row mid-delivery, which a drain alone
    // would skip as in flight: wait for it first, so "drained" means delivered.
    drain: async () => {
      await runner.idle();
      return rounds(never);
    },
    wake,
    wakeCommitted,
    release,
    start() {
      if (started) return;
      started = true;
      stopping = false;
      outboxSignal.on('enqueued', wake);
      pollTimer = setInterval(() => void runner.run(), pollMs);
      pollTimer.unref();
      void runner.run();
    },
    async stop(graceMs = options.stopGraceMs ?? 5000) {
      started = false;
      stopping = true;
      outboxSignal.off('enqueued', wake);
      clearInterval(pollTimer);
      clearTimeout(wakeTimer);
      wakeTimer = undefined;
      // Sends in flight get a few seconds; one that takes longer keeps its claim until the lease ends, and
      // the next process to start (or another replica) sends it then. Everything not claimed stays queued.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); });
      await Promise.race([runner.idle(), late]);
      clearTimeout(timer);
    },
  };
}
