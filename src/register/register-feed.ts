// When register data last arrived for a school, whatever brought it (a CSV import, an MIS sync): the
// "register data as of 09:12" every list and digest shows, and what the register-close job compares with
// the policy's staleness limit. The MIS sync keeps its own state in the same row (src/mis/feed-state.ts).

import type { Prisma } from '../db/generated/client.js';
import type { Policy } from '../policy/schema.js';

type Db = Pick<Prisma.TransactionClient, 'registerFeed'>;

export type RegisterSourceName = 'import' | 'wonde';

export async function noteRegisterReceived(db: Db, schoolId: string, at: Date, from: RegisterSourceName, marksChanged: boolean): Promise<void> {
  const data = { receivedAt: at, receivedFrom: from, ...(marksChanged ? { marksChangedAt: at } : {}) };
  await db.registerFeed.upsert({ where: { schoolId }, create: { schoolId, ...data }, update: data });
}

/**
 * "Register data as of 09:12" (today) or "as of Fri 20 Nov 15:40", and whether it is older than the
 * school allows (staleAfterMinutes, null: never stale).
 */
export function freshness(receivedAt: Date | null, now: Date, timezone: string, staleAfterMinutes: number | null): { text: string; stale: boolean } {
  if (!receivedAt) return { text: 'No register data has been received yet.', stale: staleAfterMinutes !== null };
  const day = (d: Date) => d.toLocaleDateString('en-GB', { timeZone: timezone });
  const time = receivedAt.toLocaleTimeString('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hour12: false });
  const when = day(receivedAt) === day(now)
    ? time
    : `${receivedAt.toLocaleDateString('en-GB', { timeZone: timezone, weekday: 'short', day: 'numeric', month: 'short' })} ${time}`;
  const ageMinutes = (now.getTime() - receivedAt.getTime()) / 60_000;
  const stale = staleAfterMinutes !== null && ageMinutes > staleAfterMinutes;
  return { text: stale ? `Register data as of ${when}: older than ${staleAfterMinutes} minutes, so marks taken since are not in this yet.` : `Register data as of ${when}.`, stale };
}

/** When register data last arrived, or null when none has (a school set up but never imported). */
export async function registerReceivedAt(db: Db, schoolId: string): Promise<Date | null> {
  const row = await db.registerFeed.findUnique({ where: { schoolId }, select: { receivedAt: true } });
  return row?.receivedAt ?? null;
}

/** Minutes after which register data is called stale: the policy's, else 30 for an MIS, never for CSV imports. */
export function staleAfterMinutes(policy: Policy): number | null {
  return policy.mis.staleAfterMinutes ?? (policy.mis.provider === 'csv' ? null : 30);
}
