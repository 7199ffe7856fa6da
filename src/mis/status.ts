// `rollcall mis status`: per school, where its register comes from, how old it is, the last sync's counts
// and error, and write-backs waiting or refused. Read-only.

import type { PrismaClient } from '../db/client.js';
import type { Policy } from '../policy/schema.js';

export interface FeedStatus {
  slug: string;
  provider: string;
  receivedAt: Date | null;
  receivedFrom: string | null;
  lagMinutes: number | null;
  syncAttemptAt: Date | null;
  syncFullAt: Date | null;
  failingSince: Date | null;
  lastError: string | null;
  lastCounts: unknown;
  writeBacks: { pending: number; refused: number; accepted: number };
}

export async function feedStatus(prisma: PrismaClient, schools: readonly { id: string; slug: string; policy: Policy }[], now: Date): Promise<FeedStatus[]> {
  const out: FeedStatus[] = [];
  for (const school of schools) {
    const feed = await prisma.registerFeed.findUnique({ where: { schoolId: school.id } });
    const grouped = await prisma.misWriteBack.groupBy({ by: ['status'], where: { schoolId: school.id }, _count: { _all: true } });
    const count = (status: string) => grouped.find((g) => g.status === status)?._count._all ?? 0;
    out.push({
      slug: school.slug,
      provider: school.policy.mis.provider,
      receivedAt: feed?.receivedAt ?? null,
      receivedFrom: feed?.receivedFrom ?? null,
      lagMinutes: feed?.receivedAt ? Math.round((now.getTime() - feed.receivedAt.getTime()) / 60_000) : null,
      syncAttemptAt: feed?.syncAttemptAt ?? null,
      syncFullAt: feed?.syncFullAt ?? null,
      failingSince: feed?.failingSince ?? null,
      lastError: feed?.lastError ?? null,
      lastCounts: feed?.lastCounts ?? null,
      writeBacks: { pending: count('pending'), refused: count('refused'), accepted: count('accepted') },
    });
  }
  return out;
}

export function statusText(rows: readonly FeedStatus[]): string {
  if (rows.length === 0) return 'No schools yet: add one with `rollcall school add` or `rollcall demo`.';
  return rows.map((r) => {
    const at = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : 'never');
    const lines = [
      `${r.slug}: register from ${r.provider === 'csv' ? 'CSV imports' : r.provider}`,
      `  register data as of ${at(r.receivedAt)}${r.lagMinutes !== null ? ` (${r.lagMinutes} min ago${r.receivedFrom ? `, by ${r.receivedFrom}` : ''})` : ''}`,
    ];
    if (r.provider !== 'csv') {
      lines.push(`  last sync attempt ${at(r.syncAttemptAt)}, last full sync ${at(r.syncFullAt)}`);
      if (r.lastCounts) lines.push(`  last sync read ${Object.entries(r.lastCounts as Record<string, number>).map(([k, v]) => `${v} ${k}`).join(', ')}`);
      lines.push(r.failingSince ? `  FAILING since ${at(r.failingSince)}: ${r.lastError ?? 'unknown error'}` : '  syncing normally');
      const wb = r.writeBacks;
      if (wb.pending + wb.refused + wb.accepted > 0) lines.push(`  write-back: ${wb.accepted} accepted, ${wb.pending} waiting, ${wb.refused} refused by the MIS`);
    }
    return lines.join('\n');
  }).join('\n');
}
