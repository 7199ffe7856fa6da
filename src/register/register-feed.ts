// When register data last arrived for a school, whatever brought it (a CSV import, an MIS sync): the
// "register data as of 09:12" every list and digest shows, and what the register-close job compares with
// the policy's staleness limit. The MIS sync keeps its own state in the same row (src/mis/feed-state.ts).

import type { Prisma } from '../db/generated/client.js';

type Db = Pick<Prisma.TransactionClient, 'registerFeed'>;

export type RegisterSourceName = 'import' | 'wonde';

export async function noteRegisterReceived(db: Db, schoolId: string, at: Date, from: RegisterSourceName): Promise<void> {
  await db.registerFeed.upsert({
    where: { schoolId },
    create: { schoolId, receivedAt: at, receivedFrom: from },
    update: { receivedAt: at, receivedFrom: from },
  });
}

/** When register data last arrived, or null when none has (a school set up but never imported). */
export async function registerReceivedAt(db: Db, schoolId: string): Promise<Date | null> {
  const row = await db.registerFeed.findUnique({ where: { schoolId }, select: { receivedAt: true } });
  return row?.receivedAt ?? null;
}
