// The durable outbox of chat messages: workflows enqueue inside the same transaction as the change a
// message reports, so a message exists exactly when its change committed; the worker (outbox-worker.ts)
// delivers it at least once, and idempotent keys make a repeated enqueue a no-op.
import type { PrismaClient } from '../db/client.js';
import type { Prisma } from '../db/generated/client.js';
import { sqlTime, type Db } from './db.js';
import { isOutboxOp, type OutboxOp } from './outbox-ops.js';
import { outboxSignal } from './outbox-signal.js';

export { OUTBOX_OPS, isOutboxOp, type OutboxOp } from './outbox-ops.js';


export interface OutboxEnqueue {
  schoolId: string;
  /** Idempotency key: enqueueing an existing key changes nothing. */
  key: string;
  platform: string;
  op: OutboxOp;
  /** Channel id; for 'dm' the user id. Messages to one channel are delivered in enqueue order. */
  channel: string;
  /** Logical message this creates (post/dm/upload) or replaces in place (update): ChatMessageRef.key. */
  messageKey?: string;
  /** Logical message to reply under; delivery waits until it has been posted. */
  threadKey?: string;
  payload: Prisma.InputJsonValue;
  /** A safeguarding message: never given up on retryable failures while its subject is open. */
  urgent?: Urgency;
}

export interface Urgency {
  /** What it is about ("incident:<id>"); settleSubject() ends the urgency when that closes. */
  subject: string;
  /** Its part ("parent-alert"); with escalateAfterMs, what an escalation names. */
  purpose: string;
  /** Escalated by every other route if still not delivered by then (a minute after it was due). */
  escalateAt?: Date;
}

// createdAt orders a channel's messages. CURRENT_TIMESTAMP is fixed for a whole transaction, so stamps
// come from here instead, strictly increasing within the process.
let lastStamp = 0;
function nextStamp(): Date {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return new Date(lastStamp);
}

/** Writes a message for delivery; returns whether a new row was created (false: key already enqueued). */
export async function enqueue(tx: Db | PrismaClient, message: OutboxEnqueue): Promise<{ created: boolean }> {
  if (!message.key) throw new Error('enqueue: key is required');
  if (!isOutboxOp(message.op)) throw new Error(`enqueue(${message.key}): unknown op ${String(message.op)}`);
  if (message.op === 'update' && !message.messageKey) throw new Error(`enqueue(${message.key}): an update needs messageKey`);
  const at = nextStamp();
  const stamp = sqlTime(at);
  const urgent = message.urgent;
  const escalateAt = urgent?.escalateAt === undefined ? null : sqlTime(urgent.escalateAt);
  // Raw INSERT ... ON CONFLICT: atomic under concurrent writers, and several times cheaper than the ORM.
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO "OutboxMessage"
       ("schoolId", key, platform, op, channel, "messageKey", "threadKey", payload, "createdAt", "nextAttemptAt",
        subject, purpose, "keepTrying", "escalateAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::timestamp(3), $9::timestamp(3), $10, $11, $12, $13::timestamp(3))
     ON CONFLICT (key) DO NOTHING`,
    message.schoolId,
    message.key,
    message.platform,
    message.op,
    message.channel,
    message.messageKey ?? null,
    message.threadKey ?? null,
    JSON.stringify(message.payload),
    stamp,
    urgent?.subject ?? null,
    urgent?.purpose ?? null,
    urgent !== undefined,
    escalateAt,
  );
  const created = inserted === 1;
  if (created && message.op === 'update') await supersedeOlderUpdates(tx, message, stamp);
  if (created) outboxSignal.emit('enqueued');
  return { created };
}

// An update carries the whole message as rendered from the state just committed, so once a newer one is
// queued the older ones would only rewrite the message with staler content (and spend the platform's
// rate limit doing so): they are marked 'superseded' and never sent. One still in flight simply
// finishes; the newer one follows it in the same lane.
async function supersedeOlderUpdates(tx: Db | PrismaClient, message: OutboxEnqueue, stamp: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE "OutboxMessage" SET status = 'superseded'
      WHERE platform = $1 AND "messageKey" = $2 AND status = 'pending' AND op = 'update' AND key <> $3 AND "createdAt" < $4::timestamp(3)`,
    message.platform,
    message.messageKey,
    message.key,
    stamp,
  );
}

/**
 * The subject closed (the pupil was found): its pending messages are no longer kept trying nor escalated.
 * Call it in the transaction that closes the subject, after its last messages are enqueued.
 */
export async function settleSubject(tx: Db | PrismaClient, subject: string): Promise<number> {
  return tx.$executeRawUnsafe(
    `UPDATE "OutboxMessage" SET "keepTrying" = false, "escalateAt" = NULL WHERE subject = $1 AND status = 'pending' AND ("keepTrying" OR "escalateAt" IS NOT NULL)`,
    subject,
  );
}

export { createOutboxWorker, defaultClassifyError } from './outbox-worker.js';
export type { ClassifiedError, DeliveryResult, DrainResult, MessageLocation, OutboxDelivery, OutboxWorker, OutboxWorkerOptions } from './outbox-worker.js';
