// The one place an UnexplainedAbsence changes: opened by the register-close job, claimed, worked (contact
// attempts). Resolution is in resolve.ts. Each change writes its AuditEvent in the caller's transaction;
// claims are conditional updates, so of two people pressing Claim exactly one wins.
import { RollcallError } from '../../errors/rollcall-error.js';
import type { Prisma } from '../../db/generated/client.js';
import type { DurableTimers } from '../../jobs/index.js';
import type { Policy } from '../../policy/schema.js';
import { fromDbDate, toDbDate } from '../../register/db-dates.js';
import { localTimeOf } from '../../rules/local-time.js';
import { runTaskPrefix } from './keys.js';
import type { UnexplainedRow } from './morning-list.js';
import { actionsDoneBy, type ContactOutcome } from './outcomes.js';
import type { ActingStaff } from './permissions.js';
import { ladderTimers } from './schedule-steps.js';

type Tx = Prisma.TransactionClient;

/** Who acted, as cases store them (StaffMember.id) and as audit rows name them (the school's staff id). */
export interface CaseActor {
  staffMemberId: string;
  staffCode: string;
  name: string;
  role: string;
}

export async function caseActor(tx: Tx, staff: ActingStaff): Promise<CaseActor> {
  const row = await tx.staffMember.findUnique({ where: { id: staff.id }, select: { staffId: true } });
  return { staffMemberId: staff.id, staffCode: row?.staffId ?? staff.name, name: staff.name, role: staff.role };
}

interface AuditInput {
  schoolId: string;
  at: Date;
  actor: string;
  actorRole?: string;
  action: string;
  caseId: string;
  data: Prisma.InputJsonObject;
}

export async function auditCase(tx: Tx, a: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: { schoolId: a.schoolId, at: a.at, actor: a.actor, actorRole: a.actorRole ?? null, action: a.action, entityType: 'UnexplainedAbsence', entityId: a.caseId, data: a.data },
  });
}

/** Opens a case per row that has none yet (idempotent) and arms each new case's ladder. Returns new case ids. */
/** `closedAt`: when the register closed (the job's occurrence); no step of these cases is due before it. */
export async function openCases(tx: Tx, timers: DurableTimers, policy: Policy, schoolId: string, rows: readonly UnexplainedRow[], now: Date, closedAt: Date = now): Promise<string[]> {
  if (rows.length === 0) return [];
  const created = await tx.unexplainedAbsence.createManyAndReturn({
    data: rows.map((r) => ({ schoolId, pupilId: r.pupil.id, date: toDbDate(r.date), session: r.session })),
    skipDuplicates: true,
    select: { id: true, pupilId: true, date: true, session: true },
  });
  if (created.length === 0) return [];
  const byKey = new Map(rows.map((r) => [`${r.pupil.id}:${r.date}:${r.session}`, r]));
  const tasks = await tx.task.findMany({ where: { schoolId, pupilId: { in: created.map((c) => c.pupilId) }, kind: { startsWith: 'unexplained.' } }, select: { key: true } });
  await tx.auditEvent.createMany({
    data: created.map((c) => {
      const row = byKey.get(`${c.pupilId}:${fromDbDate(c.date)}:${c.session}`)!;
      return {
        schoolId, at: now, actor: 'system', action: 'unexplained.opened', entityType: 'UnexplainedAbsence', entityId: c.id,
        data: { pupilId: c.pupilId, date: row.date, session: row.session, code: row.code, dayOfAbsence: row.consecutiveDays, runStart: row.runStart },
      };
    }),
  });
  // Every new case's ladder in one statement: a late register can open dozens of cases at once.
  await timers.scheduleMany(tx, created.flatMap((c) => {
    const row = byKey.get(`${c.pupilId}:${fromDbDate(c.date)}:${c.session}`)!;
    const prefix = runTaskPrefix(c.pupilId, row.runStart);
    const stepsDone = new Set(tasks.filter((t) => t.key.startsWith(prefix)).map((t) => t.key.slice(prefix.length)));
    return ladderTimers(policy, {
      schoolId, caseId: c.id, date: row.date, dayOfAbsence: row.consecutiveDays, vulnerable: row.vulnerability.vulnerable,
      socialWorker: row.pupil.socialWorker, stepsDone,
    }, closedAt);
  }));
  return created.map((c) => c.id);
}

export type ClaimResult = { kind: 'claimed' } | { kind: 'already-yours' };

export async function claimCase(tx: Tx, input: { schoolId: string; caseId: string; actor: CaseActor; now: Date; timezone: string }): Promise<ClaimResult> {
  const { schoolId, caseId, actor, now } = input;
  const won = await tx.unexplainedAbsence.updateMany({
    where: { id: caseId, schoolId, status: 'open', claimedBy: null },
    data: { claimedBy: actor.staffMemberId, claimedAt: now },
  });
  if (won.count === 1) {
    await auditCase(tx, { schoolId, at: now, actor: actor.staffCode, actorRole: actor.role, action: 'unexplained.claimed', caseId, data: { by: actor.staffMemberId } });
    return { kind: 'claimed' };
  }
  const c = await tx.unexplainedAbsence.findFirst({ where: { id: caseId, schoolId } });
  if (!c) throw new RollcallError('NOT_FOUND', 'That absence is not on this school\'s list any more.');
  if (c.status !== 'open') throw new RollcallError('CONFLICT', 'That absence has already been resolved.');
  if (c.claimedBy === actor.staffMemberId) return { kind: 'already-yours' };
  const holder = c.claimedBy ? await tx.staffMember.findUnique({ where: { id: c.claimedBy }, select: { name: true } }) : null;
  const when = c.claimedAt ? ` at ${localTimeOf(c.claimedAt, input.timezone)}` : '';
  throw new RollcallError('CONFLICT', `${holder?.name ?? 'Someone else'} claimed this pupil${when}.`);
}

export interface AttemptInput {
  schoolId: string;
  caseId: string;
  outcome: ContactOutcome;
  contactId?: string | null;
  note?: string | null;
  actor: CaseActor;
  now: Date;
}

/** Records a ContactAttempt; an unclaimed case becomes the caller's, and tasks the attempt carries out are done. */
export async function recordAttempt(tx: Tx, input: AttemptInput): Promise<{ attemptId: string; claimed: boolean }> {
  const { schoolId, caseId, actor, now } = input;
  const c = await tx.unexplainedAbsence.findFirst({ where: { id: caseId, schoolId } });
  if (!c) throw new RollcallError('NOT_FOUND', 'That absence is not on this school\'s list any more.');
  if (c.status !== 'open') throw new RollcallError('CONFLICT', 'That absence has already been resolved; nothing was recorded.');
  if (input.contactId) {
    const contact = await tx.emergencyContact.findFirst({ where: { id: input.contactId, pupilId: c.pupilId } });
    if (!contact) throw new RollcallError('INVALID_INPUT', 'That contact is not one of this pupil\'s contacts.', { fields: { contact: 'Choose one of this pupil\'s contacts.' } });
  }
  const attempt = await tx.contactAttempt.create({
    data: { schoolId, pupilId: c.pupilId, caseId, contactId: input.contactId ?? null, outcome: input.outcome, note: input.note ?? null, at: now, byStaffId: actor.staffMemberId },
  });
  const claimed = await tx.unexplainedAbsence.updateMany({ where: { id: caseId, claimedBy: null }, data: { claimedBy: actor.staffMemberId, claimedAt: now } });
  if (claimed.count === 1) {
    await auditCase(tx, { schoolId, at: now, actor: actor.staffCode, actorRole: actor.role, action: 'unexplained.claimed', caseId, data: { by: actor.staffMemberId, withAttempt: attempt.id } });
  }
  // Tasks the attempt carries out (a call completes "call the first contact") are done with it.
  const kinds = actionsDoneBy(input.outcome).map((a) => `unexplained.${a}`);
  const done = kinds.length === 0 ? { count: 0 } : await tx.task.updateMany({
    where: { schoolId, pupilId: c.pupilId, status: 'open', kind: { in: kinds }, case: { date: c.date } },
    data: { status: 'done', doneAt: now, doneBy: actor.staffMemberId },
  });
  await auditCase(tx, {
    schoolId, at: now, actor: actor.staffCode, actorRole: actor.role, action: 'unexplained.attempt', caseId,
    data: { attemptId: attempt.id, outcome: input.outcome, contactId: input.contactId ?? null, tasksDone: done.count },
  });
  return { attemptId: attempt.id, claimed: claimed.count === 1 };
}
