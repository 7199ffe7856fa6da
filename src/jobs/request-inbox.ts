// Acknowledged requests that must not be lost. Slack does not send a command or a button press again
// once it has had its 200, so each is written here (with its body) before it is acknowledged, and
// marked handled when its handler ends; the body is then cleared. A process that dies in between
// (kill -9, a crash, the machine gone) leaves the request unhandled, and the next start handles it
// (replay). The row is the DeliveryLog's own (ProcessedDelivery), so the first write also de-duplicates.
import type { PrismaClient } from '../db/client.js';

export interface AcknowledgedRequest {
  key: string;
  body: string;
  receivedAt: Date;
}

export interface RequestInbox {
  /** Writes the request before it is acknowledged; true the first time its key is seen. */
  receive(key: string, body: string): Promise<boolean>;
  /** Its handler has ended (answered, or failed and said so): nothing to replay, body forgotten. */
  handled(key: string): Promise<void>;
  /**
   * Claims, once across replicas, the requests received at most `maxAgeMs` and at least `minAgeMs` ago
   * (the database's clock, which stamped them) that were never handled: their process died. Oldest first.
   */
  claimUnhandled(maxAgeMs: number, minAgeMs: number): Promise<AcknowledgedRequest[]>;
}

export function createDbRequestInbox(prisma: PrismaClient): RequestInbox {
  return {
    async receive(key, body) {
      const inserted = await prisma.$executeRawUnsafe(`INSERT INTO "ProcessedDelivery" (key, body) VALUES ($1, $2) ON CONFLICT DO NOTHING`, key, body);
      return inserted === 1;
    },
    async handled(key) {
      await prisma.$executeRawUnsafe(`UPDATE "ProcessedDelivery" SET "handledAt" = LOCALTIMESTAMP, body = NULL WHERE key = $1`, key);
    },
    async claimUnhandled(maxAgeMs, minAgeMs) {
      const rows = await prisma.$queryRawUnsafe<{ key: string; body: string; receivedAt: Date }[]>(
        `UPDATE "ProcessedDelivery" SET "replayedAt" = LOCALTIMESTAMP
          WHERE body IS NOT NULL AND "handledAt" IS NULL AND "replayedAt" IS NULL
            AND "receivedAt" > LOCALTIMESTAMP - $1::int * interval '1 millisecond'
            AND "receivedAt" <= LOCALTIMESTAMP - $2::int * interval '1 millisecond'
          RETURNING key, body, "receivedAt"`,
        maxAgeMs,
        minAgeMs,
      );
      return rows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    },
  };
}
