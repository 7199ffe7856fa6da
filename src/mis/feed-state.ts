// The MIS sync's state in the school's RegisterFeed row: cursors for the next incremental read, when the
// last full read was applied, and the outage (failingSince) that makes the office be told once when syncs
// start failing and once when they recover.

import type { Prisma } from '../db/generated/client.js';
import type { PrismaClient } from '../db/client.js';
import type { Cursors } from './source.js';

export interface FeedState {
  cursors: Cursors;
  syncFullAt: Date | null;
  failingSince: Date | null;
  receivedAt: Date | null;
}

export async function readFeedState(prisma: PrismaClient, schoolId: string): Promise<FeedState> {
  const row = await prisma.registerFeed.findUnique({ where: { schoolId } });
  const cursors = row?.cursors && typeof row.cursors === 'object' && !Array.isArray(row.cursors) ? (row.cursors as Record<string, unknown>) : {};
  return {
    cursors: Object.fromEntries(Object.entries(cursors).filter((e): e is [string, string] => typeof e[1] === 'string')),
    syncFullAt: row?.syncFullAt ?? null,
    failingSince: row?.failingSince ?? null,
    receivedAt: row?.receivedAt ?? null,
  };
}

export interface SyncSuccess {
  /** When the read started: the register is as of then. */
  at: Date;
  full: boolean;
  cursors: Cursors;
  counts: Prisma.InputJsonObject;
  marksChanged: boolean;
}

/** Records a sync that applied everything; returns when the outage it ends began (null if there was none). */
export async function recordSyncSuccess(prisma: PrismaClient, schoolId: string, s: SyncSuccess): Promise<Date | null> {
  const before = await prisma.registerFeed.findUnique({ where: { schoolId }, select: { failingSince: true } });
  const data = {
    receivedAt: s.at, receivedFrom: 'wonde', ...(s.marksChanged ? { marksChangedAt: s.at } : {}), syncAttemptAt: s.at, cursors: s.cursors, failingSince: null, lastError: null, lastCounts: s.counts,
    ...(s.full ? { syncFullAt: s.at } : {}),
  };
  await prisma.registerFeed.upsert({ where: { schoolId }, create: { schoolId, ...data }, update: data });
  return before?.failingSince ?? null;
}

/** Records a failed sync; returns when this outage began and whether this failure began it. */
export async function recordSyncFailure(prisma: PrismaClient, schoolId: string, at: Date, error: string): Promise<{ failingSince: Date; began: boolean }> {
  const before = await prisma.registerFeed.findUnique({ where: { schoolId }, select: { failingSince: true } });
  const failingSince = before?.failingSince ?? at;
  const data = { syncAttemptAt: at, failingSince, lastError: error };
  await prisma.registerFeed.upsert({ where: { schoolId }, create: { schoolId, ...data }, update: data });
  return { failingSince, began: !before?.failingSince };
}

export async function linksOf(prisma: PrismaClient, schoolId: string, kind: 'pupil' | 'staff'): Promise<Map<string, string>> {
  const rows = await prisma.misLink.findMany({ where: { schoolId, kind }, select: { misId: true, localKey: true } });
  return new Map(rows.map((r) => [r.misId, r.localKey]));
}
