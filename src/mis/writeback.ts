// Write-back: reasons recorded in Rollcall (an N replaced by a code in chat) written to the MIS register.
// Each chat amendment made since write-back was turned on gets a MisWriteBack row; the row is the durable
// queue: it is tried, and tried again with a growing pause while the MIS cannot answer, until the MIS
// accepts it or refuses it. The answer stays on the row, where the case and `mis status` show it.

import type { PrismaClient } from '../db/client.js';
import { fromDbDate } from '../register/db-dates.js';
import type { Session } from '../rules/types.js';
import { isMisError } from './errors.js';
import type { RegisterSource } from './source.js';

/** Retry pause: 1, 2, 4... minutes, at most an hour (a refused token can take a day to replace). */
export function nextPauseMs(attempts: number, retryAfterMs?: number): number {
  return Math.max(retryAfterMs ?? 0, Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000);
}

/** Queues every chat amendment since write-back was turned on that has no row yet; returns how many. */
export async function queueWriteBacks(prisma: PrismaClient, schoolId: string, now: Date): Promise<number> {
  const feed = await prisma.registerFeed.upsert({ where: { schoolId }, create: { schoolId, writeBackSince: now }, update: {} });
  const since = feed.writeBackSince ?? (await prisma.registerFeed.update({ where: { schoolId }, data: { writeBackSince: now } })).writeBackSince!;
  return prisma.$executeRawUnsafe(
    `INSERT INTO "MisWriteBack" ("schoolId", "amendmentId", "pupilId", date, session, code, "nextAttemptAt")
     SELECT a."schoolId", a.id, a."pupilId", a.date, a.session, a."newCode", $3::timestamp(3)
       FROM "MarkAmendment" a
      WHERE a."schoolId" = $1 AND a.source = 'chat' AND a."amendedAt" >= $2::timestamp(3)
     ON CONFLICT ("amendmentId") DO NOTHING`,
    schoolId, since.toISOString(), now.toISOString(),
  );
}

export interface WriteBackDone {
  id: string;
  pupilId: string;
  date: string;
  session: Session;
  code: string;
  status: 'accepted' | 'refused' | 'waiting';
  detail: string | null;
  /** Who made the amendment (MarkAmendment.amendedBy), to tell them of a refusal. */
  amendedBy: string;
}

/** Tries every write-back that is due; an MIS that cannot answer leaves it waiting for its next try. */
export async function runWriteBacks(prisma: PrismaClient, schoolId: string, source: RegisterSource, now: Date, limit = 50): Promise<WriteBackDone[]> {
  if (!source.writeBack) return [];
  const due = await prisma.misWriteBack.findMany({
    where: { schoolId, status: 'pending', nextAttemptAt: { lte: now } }, orderBy: { createdAt: 'asc' }, take: limit,
  });
  const done: WriteBackDone[] = [];
  for (const row of due) {
    const amendment = await prisma.markAmendment.findUnique({ where: { id: row.amendmentId } });
    const pupil = await prisma.pupil.findUnique({ where: { id: row.pupilId }, select: { upn: true } });
    const link = pupil ? await prisma.misLink.findFirst({ where: { schoolId, kind: 'pupil', localKey: pupil.upn } }) : null;
    const session: Session = row.session === 'PM' ? 'PM' : 'AM';
    const base = { id: row.id, pupilId: row.pupilId, date: fromDbDate(row.date), session, code: row.code, amendedBy: amendment?.amendedBy ?? '' };
    let answer: { status: 'accepted' | 'refused'; detail: string | null; reference?: string | null } | null;
    try {
      if (!link) answer = { status: 'refused', detail: 'this pupil has not come from the MIS, so Rollcall cannot name them to it' };
      else {
        const result = await source.writeBack({ pupilRef: link.misId, date: base.date, session, code: row.code, comment: amendment?.reason ?? `Reason recorded in Rollcall (${row.code})` });
        answer = result.ok ? { status: 'accepted', detail: null, reference: result.reference } : { status: 'refused', detail: result.refused };
      }
    } catch (error) {
      if (!isMisError(error)) throw error;
      const attempts = row.attempts + 1;
      await prisma.misWriteBack.update({
        where: { id: row.id },
        data: { attempts, lastError: error.message, nextAttemptAt: new Date(now.getTime() + nextPauseMs(attempts, error.retryAfterMs)) },
      });
      done.push({ ...base, status: 'waiting', detail: error.message });
      continue;
    }
    await prisma.$transaction([
      prisma.misWriteBack.update({
        where: { id: row.id },
        data: { status: answer.status, attempts: row.attempts + 1, lastError: answer.detail, misReference: answer.reference ?? null, answeredAt: now },
      }),
      prisma.auditEvent.create({
        data: { schoolId, at: now, actor: 'system', action: `mis.writeback.${answer.status}`, entityType: 'MarkAmendment', entityId: row.amendmentId, data: { code: row.code, session, date: base.date, ...(answer.detail ? { detail: answer.detail } : {}) } },
      }),
    ]);
    done.push({ ...base, status: answer.status, detail: answer.detail });
  }
  return done;
}
