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
  const stamp = sqlTime(nextStamp());
  // Raw INSERT ... ON CONFLICT: atomic under concurrent writers, and several times cheaper than the ORM.
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO "OutboxMessage"
       ("schoolId", key, platform, op, channel, "messageKey", "threadKey", payload, "createdAt", "nextAttemptAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::timestamp(3), $9::timestamp(3))
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
  );
  const created = inserted === 1;
  if (created) outboxSignal.emit('enqueued');
  return { created };
}

export { createOutboxWorker, defaultClassifyError } from './outbox-worker.js';
export type { ClassifiedError, DeliveryResult, DrainResult, MessageLocation, OutboxDelivery, OutboxWorker, OutboxWorkerOptions } from './outbox-worker.js';
