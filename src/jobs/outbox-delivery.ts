// Delivering one OutboxMessage: claim it (attempts+1, claimedBy and a lease in nextAttemptAt, one conditional
// UPDATE, so a second worker's claim affects no row), find the posted message an update or reply refers to,
// call the platform, then record the outcome: sent (and where it landed, in ChatMessageRef), rescheduled,
// parked until its post exists, or dead with an AuditEvent.
import type { PrismaClient } from '../db/client.js';
import type { OutboxMessage, Prisma } from '../db/generated/client.js';
import type { Clock } from './clock.js';
import { audit, errorText, sqlTime } from './db.js';
import type { ClassifiedError } from './outbox-errors.js';
import { isOutboxOp, type OutboxOp } from './outbox-ops.js';

export interface MessageLocation {
  externalId: string;
  channel: string;
  /** What each page showed when last sent, as the platform's port digested it. */
  pageDigests?: string[];
}

export interface OutboxDelivery {
  id: string;
  schoolId: string;
  key: string;
  platform: string;
  op: OutboxOp;
  channel: string;
  messageKey: string | null;
  threadKey: string | null;
  payload: Prisma.JsonValue;
  /** 1 on the first try. */
  attempt: number;
  /** For 'update': the posted message to replace (absent when its post died: post it anew). */
  target?: MessageLocation;
  /** With threadKey: the posted parent to reply under. */
  thread?: MessageLocation;
}

/** What the platform answered; with a messageKey the externalId is kept in ChatMessageRef. */
export interface DeliveryResult {
  externalId?: string;
  /** Where it actually landed (a DM resolves to a conversation id); default: the message's channel. */
  channel?: string;
  /** What each page shows (kept with the ref, handed back on the next update). */
  pageDigests?: string[];
}

export type Outcome = 'sent' | 'retried' | 'dead' | 'waiting' | 'held' | 'lost';

export interface DeliverySettings {
  prisma: PrismaClient;
  clock: Clock;
  deliver: (message: OutboxDelivery) => Promise<DeliveryResult | void>;
  classify: (err: unknown) => ClassifiedError;
  maxAttempts: number;
  /** This worker's name in OutboxMessage.claimedBy. */
  workerId: string;
  leaseMs: number;
  /** The lease of a safeguarding message (keepTrying): short, as a live worker renews its claims. */
  urgentLeaseMs: number;
  /** A send still going after this long is no longer renewed: its lease lapses and another worker may try. */
  maxSendMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Backoff cap of a message kept trying (safeguarding): short, so it goes within moments of recovery. */
  urgentRetryMaxMs: number;
  /** First wait after the platform refused a message kept trying (doubling up to refusedRetryMaxMs). */
  refusedRetryMs: number;
  refusedRetryMaxMs: number;
  refWaitMs: number;
  /** Recheck interval of a held message (its channel not known yet). */
  heldRecheckMs: number;
  onError: (err: unknown) => void;
  /** A message was held for the first time (its school must be told how to add Rollcall). */
  onHeld?: (row: OutboxMessage, verdict: ClassifiedError, lastError: string) => Promise<void> | void;
  /** A message became dead (logged, and raised for safeguarding kinds). */
  onDead?: (row: OutboxMessage, verdict: ClassifiedError, lastError: string) => Promise<void> | void;
  /** The platform refused a message kept trying; it is tried again later (called on every refusal). */
  onRefused?: (row: OutboxMessage, verdict: ClassifiedError, lastError: string) => Promise<void> | void;
}

/** OutboxMessage.lastError of a held message starts with this. */
export const HELD_PREFIX = 'held: ';

// Due: never tried (and not parked waiting for a post) or its nextAttemptAt has passed. $1 is now.
export const DUE = `((attempts = 0 AND "lastError" IS NULL) OR "nextAttemptAt" <= $1::timestamp(3))`;
const CREATES_MESSAGE: OutboxOp[] = ['post', 'dm', 'upload'];

/** The end of a claim's lease from now ($1), by the row's kind (SQL, for a claim and its renewal). */
export function leaseEndSql(settings: Pick<DeliverySettings, 'leaseMs' | 'urgentLeaseMs'>): string {
  const ms = (n: number) => `interval '${Math.max(0, Math.floor(n))} milliseconds'`;
  return `$1::timestamp(3) + CASE WHEN "keepTrying" THEN ${ms(settings.urgentLeaseMs)} ELSE ${ms(settings.leaseMs)} END`;
}

export function createDelivery(settings: DeliverySettings): { processOne(id: string): Promise<Outcome>; renewClaims(): Promise<number> } {
  const { prisma, clock, deliver, classify, maxAttempts, workerId, retryBaseMs, retryMaxMs, urgentRetryMaxMs, refWaitMs, heldRecheckMs, onError } = settings;
  const leaseEnd = leaseEndSql(settings);

  async function claim(id: string): Promise<OutboxMessage | null> {
    const now = clock.now();
    const claimed = await prisma.$queryRawUnsafe<OutboxMessage[]>(
      `UPDATE "OutboxMessage" SET attempts = attempts + 1, "claimedBy" = $2, "nextAttemptAt" = ${leaseEnd}
        WHERE id = $3 AND status = 'pending' AND ${DUE} RETURNING *`,
      sqlTime(now),
      workerId,
      id,
    );
    if (claimed[0]) holding(id, now.getTime());
    return claimed[0] ?? null;
  }

  // The claims this worker holds (when each was made): renewed while their sends go on, so a lease only
  // has to outlast a renewal interval, not a whole send with its timeouts, and a dead process's claims
  // end soon after it does.
  const claims = new Map<string, number>();
  let renewer: NodeJS.Timeout | undefined;
  function holding(id: string, since: number): void {
    claims.set(id, since);
    renewer ??= setInterval(() => void renewClaims().catch(onError), Math.max(50, Math.min(settings.leaseMs, settings.urgentLeaseMs) / 3));
    renewer.unref();
  }
  function released(id: string): void {
    claims.delete(id);
    if (claims.size === 0 && renewer) {
      clearInterval(renewer);
      renewer = undefined;
    }
  }

  async function renewClaims(): Promise<number> {
    const now = clock.now();
    const ids = [...claims].filter(([, since]) => now.getTime() - since < settings.maxSendMs).map(([id]) => id);
    if (ids.length === 0) return 0;
    return prisma.$executeRawUnsafe(
      `UPDATE "OutboxMessage" SET "nextAttemptAt" = ${leaseEnd}
        WHERE "claimedBy" = $2 AND status = 'pending' AND id IN (${ids.map((_, i) => `$${i + 3}`).join(', ')})`,
      sqlTime(now),
      workerId,
      ...ids,
    );
  }

  async function location(platform: string, key: string): Promise<MessageLocation | undefined> {
    const ref = await prisma.chatMessageRef.findUnique({ where: { platform_key: { platform, key } } });
    if (!ref) return undefined;
    return { externalId: ref.externalId, channel: ref.channel, ...(ref.pageDigests ? { pageDigests: ref.pageDigests.split(',') } : {}) };
  }

  // Deliveries in progress in this worker, so an update can wait for its post from the same round.
  const inFlight = new Map<string, Promise<Outcome>>();

  function processOne(id: string): Promise<Outcome> {
    const run = deliverOne(id).finally(() => {
      inFlight.delete(id);
      released(id);
    });
    inFlight.set(id, run);
    return run;
  }

  type Refs = { target?: MessageLocation; thread?: MessageLocation; missing?: string };
  async function resolveRefs(row: OutboxMessage): Promise<Refs> {
    const refs: Refs = {};
    if (row.op === 'update' && row.messageKey) {
      refs.target = await location(row.platform, row.messageKey);
      if (!refs.target) return { missing: row.messageKey };
    }
    if (row.threadKey) {
      refs.thread = await location(row.platform, row.threadKey);
      if (!refs.thread) return { missing: row.threadKey };
    }
    return refs;
  }

  async function deliverOne(id: string): Promise<Outcome> {
    const row = await claim(id);
    if (!row) return 'lost';
    const op = row.op;
    if (!isOutboxOp(op)) return failed(row, new Error(`unknown op ${op}`), { retryable: false, reason: 'bad_message' });
    let refs = await resolveRefs(row);
    if (refs.missing !== undefined) {
      const creator = await pendingCreator(row, refs.missing);
      // Its post is being delivered by this worker right now: wait for it. Only posts that are not replies
      // are waited for, and those never wait themselves, so no two deliveries can wait on each other.
      const posting = creator && !creator.threadKey ? inFlight.get(creator.id) : undefined;
      if (posting) await posting.catch(() => undefined);
      // Always look again: the post may have been sent between the first look and the queue lookup
      // (it is then no longer in flight, yet the lookup saw it pending), and waiting out refWaitMs for a
      // message that is already posted would delay the update for nothing.
      refs = await resolveRefs(row);
      if (refs.missing !== undefined) {
        if (creator !== null || !(await creatorDied(row, refs.missing))) return awaitPost(row, refs.missing, creator !== null);
        // Its post will never exist: the reply goes out on its own (and an update posts the message anew)
        // rather than dying with it.
        refs = row.op === 'update' ? {} : { ...(refs.target ? { target: refs.target } : {}) };
      }
    }
    let result: DeliveryResult | void;
    try {
      result = await deliver({
        id: row.id,
        schoolId: row.schoolId,
        key: row.key,
        platform: row.platform,
        op,
        channel: row.channel,
        messageKey: row.messageKey,
        threadKey: row.threadKey,
        payload: row.payload,
        attempt: row.attempts,
        target: refs.target,
        thread: refs.thread,
      });
    } catch (err) {
      return failed(row, err, classifySafely(err));
    }
    await markSent(row, result ?? {}, refs.target);
    return 'sent';
  }

  function pendingCreator(row: OutboxMessage, key: string): Promise<{ id: string; threadKey: string | null } | null> {
    return prisma.outboxMessage.findFirst({
      where: { status: 'pending', platform: row.platform, messageKey: key, op: { in: CREATES_MESSAGE }, id: { not: row.id } },
      orderBy: { createdAt: 'asc' },
      select: { id: true, threadKey: true },
    });
  }

  async function creatorDied(row: OutboxMessage, key: string): Promise<boolean> {
    const dead = await prisma.outboxMessage.count({ where: { status: 'dead', platform: row.platform, messageKey: key, op: { in: CREATES_MESSAGE } } });
    return dead > 0;
  }

  function classifySafely(err: unknown): ClassifiedError {
    try {
      return classify(err);
    } catch (classifierError) {
      onError(classifierError);
      return { retryable: true, reason: 'unclassified' };
    }
  }

  // One statement, so one round trip and atomic without a transaction: marking the message sent and
  // (for a post others will update or reply under) remembering where it landed.
  async function markSent(row: OutboxMessage, result: DeliveryResult, target: MessageLocation | undefined): Promise<void> {
    // An update superseded while it was in flight was still sent: its record says so.
    const markSql = `UPDATE "OutboxMessage" SET status = 'sent', "sentAt" = $1::timestamp(3), "lastError" = NULL, "escalateAt" = NULL, "claimedBy" = NULL WHERE id = $2 AND status IN ('pending', 'superseded')`;
    if (!row.messageKey || !result.externalId || row.op === 'ephemeral') {
      await prisma.$executeRawUnsafe(markSql, sqlTime(clock.now()), row.id);
      return;
    }
    // The newest delivery for a logical message wins; ON CONFLICT keeps concurrent writers from failing.
    await prisma.$executeRawUnsafe(
      `WITH sent AS (${markSql})
       INSERT INTO "ChatMessageRef" ("schoolId", platform, key, channel, "externalId", "pageDigests") VALUES ($3, $4, $5, $6, $7, $8)
       ON CONFLICT (platform, key) DO UPDATE SET channel = EXCLUDED.channel, "externalId" = EXCLUDED."externalId", "pageDigests" = EXCLUDED."pageDigests"`,
      sqlTime(clock.now()),
      row.id,
      row.schoolId,
      row.platform,
      row.messageKey,
      result.channel ?? target?.channel ?? row.channel,
      result.externalId,
      result.pageDigests?.join(',') ?? null,
    );
  }

  // An update or reply whose post is still queued waits without using up an attempt; with no post queued
  // at all it is a failure like any other (it may still be enqueued later, so it is retried first).
  async function awaitPost(row: OutboxMessage, key: string, postQueued: boolean): Promise<Outcome> {
    if (!postQueued) return failed(row, new Error(`no message posted for ${key}`), { retryable: true, reason: 'no_posted_message' });
    await prisma.outboxMessage.updateMany({
      where: { id: row.id, status: 'pending' },
      data: { attempts: row.attempts - 1, nextAttemptAt: new Date(clock.now().getTime() + refWaitMs), lastError: `waiting for ${key} to be posted`, claimedBy: null },
    });
    return 'waiting';
  }

  async function failed(row: OutboxMessage, err: unknown, verdict: ClassifiedError): Promise<Outcome> {
    const now = clock.now();
    const lastError = `${verdict.reason ? `${verdict.reason}: ` : ''}${errorText(err)}`.slice(0, 2000);
    if (verdict.held || verdict.rateLimited) {
      // Waiting for Rollcall to be added, or for the platform's rate limit: neither uses up an attempt.
      const wait = verdict.held ? heldRecheckMs : (verdict.retryAfterMs ?? retryBaseMs);
      await prisma.outboxMessage.updateMany({
        where: { id: row.id, status: 'pending' },
        data: { attempts: row.attempts - 1, nextAttemptAt: new Date(now.getTime() + Math.max(0, wait)), lastError: verdict.held ? `${HELD_PREFIX}${lastError}` : lastError, claimedBy: null },
      });
      if (verdict.held && !row.lastError?.startsWith(HELD_PREFIX)) await notify(settings.onHeld, row, verdict, lastError);
      return verdict.held ? 'held' : 'retried';
    }
    // A safeguarding message is never given up on a failure that may pass (an outage, a timeout).
    if (verdict.retryable && (row.keepTrying || row.attempts < maxAttempts)) {
      const cap = row.keepTrying ? urgentRetryMaxMs : retryMaxMs;
      const delay = verdict.retryAfterMs ?? Math.min(cap, retryBaseMs * 2 ** Math.min(30, row.attempts - 1));
      await prisma.outboxMessage.updateMany({
        where: { id: row.id, status: 'pending' },
        data: { nextAttemptAt: new Date(now.getTime() + Math.max(0, delay)), lastError, claimedBy: null },
      });
      return 'retried';
    }
    // Refused outright (a revoked token, a workspace's policy, a channel gone), a safeguarding message is
    // still not given up while its subject is open: someone can fix what refused it. It is tried again on
    // a slow schedule, as trying every second would only repeat the refusal; it has been escalated by now
    // (onRefused), so it is not escalated again as overdue.
    if (row.keepTrying) {
      const delay = Math.min(settings.refusedRetryMaxMs, settings.refusedRetryMs * 2 ** Math.min(30, row.attempts - 1));
      await prisma.outboxMessage.updateMany({
        where: { id: row.id, status: 'pending' },
        data: { nextAttemptAt: new Date(now.getTime() + delay), lastError, claimedBy: null, escalatedAt: row.escalatedAt ?? now },
      });
      await notify(settings.onRefused, row, verdict, lastError);
      return 'retried';
    }
    const died = await prisma.$transaction(async (tx) => {
      const moved = await tx.outboxMessage.updateMany({ where: { id: row.id, status: 'pending' }, data: { status: 'dead', lastError, escalateAt: null, claimedBy: null } });
      if (moved.count !== 1) return false;
      await audit(tx, {
        schoolId: row.schoolId,
        at: now,
        action: 'outbox.dead',
        entityType: 'OutboxMessage',
        entityId: row.id,
        data: { key: row.key, platform: row.platform, op: row.op, channel: row.channel, attempts: row.attempts, retryable: verdict.retryable, error: lastError },
      });
      return true;
    });
    if (died) await notify(settings.onDead, row, verdict, lastError);
    return 'dead';
  }

  // A hook's failure must not undo what was recorded, nor stop the worker: it is reported.
  async function notify(hook: DeliverySettings['onHeld'], row: OutboxMessage, verdict: ClassifiedError, lastError: string): Promise<void> {
    try {
      await hook?.(row, verdict, lastError);
    } catch (error) {
      onError(error);
    }
  }

  return { processOne, renewClaims };
}
