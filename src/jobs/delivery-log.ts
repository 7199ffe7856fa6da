// "Have we handled this delivery before?" for redelivered Slack/Teams events and once-per-occurrence
// scheduled jobs: an INSERT into ProcessedDelivery that does nothing on conflict, so across any number of
// replicas exactly one caller sees true for a key.
import type { PrismaClient } from '../db/client.js';
import type { Db } from './db.js';

export interface DeliveryLog {
  /** True the first time a key is seen, false ever after. Atomic across replicas. */
  firstTime(key: string): Promise<boolean>;
}

export interface DbDeliveryLog extends DeliveryLog {
  /** Forgets keys received before `before` (platforms stop redelivering after minutes); returns how many. */
  prune(before: Date): Promise<number>;
}

export function createDbDeliveryLog(prisma: Db | PrismaClient): DbDeliveryLog {
  return {
    async firstTime(key) {
      if (!key) throw new Error('DeliveryLog.firstTime: empty key');
      const inserted = await prisma.$executeRawUnsafe(`INSERT INTO "ProcessedDelivery" (key) VALUES ($1) ON CONFLICT DO NOTHING`, key);
      return inserted === 1;
    },
    async prune(before) {
      const removed = await prisma.processedDelivery.deleteMany({ where: { receivedAt: { lt: before } } });
      return removed.count;
    },
  };
}

/** A single-process log for local mode and tests; gives no guarantee across replicas. */
export function createMemoryDeliveryLog(): DeliveryLog {
  const seen = new Set<string>();
  return {
    async firstTime(key) {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
  };
}
