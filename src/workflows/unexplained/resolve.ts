// Closing a case with the reason: the national code valid on the session's date (with the explanation the
// law requires for B, K and Y7), written to the register as an amendment N -> code through amendMark, the
// case marked resolved, its pending ladder timers cancelled and its open tasks closed, all in one
// transaction with their audit rows. Also resolves N marks that never had a case (the hygiene list).
import { RollcallError } from '../../errors/rollcall-error.js';
import type { Prisma } from '../../db/generated/client.js';
import type { DurableTimers } from '../../jobs/index.js';
import type { Policy } from '../../policy/schema.js';
import { amendMark } from '../../register/amend-mark.js';
import { toDbDate } from '../../register/db-dates.js';
import { codeOn, explainInvalidCode, formatDate, isUnexplained, type IsoDate, type Session } from '../../rules/index.js';
import { auditCase, type CaseActor } from './cases.js';
import { allStepKeys } from './schedule-steps.js';

type Tx = Prisma.TransactionClient;

/** The code as the register writes it, or INVALID_INPUT naming what is wrong (beside the modal input). */
export function checkReason(rawCode: string, date: IsoDate, note: string | null | undefined): string {
  const code = rawCode.trim() === '\\' || rawCode.trim() === '/' ? rawCode.trim() : rawCode.trim().toUpperCase();
  if (code === 'N' || code === '-') {
    throw new RollcallError('INVALID_INPUT', 'N means the reason is not known yet: give the code for the reason you found.', { fields: { code: 'Choose the code for the reason.' } });
  }
  const rule = codeOn(code, date);
  if (!rule) throw new RollcallError('INVALID_INPUT', explainInvalidCode(rawCode.trim(), date), { fields: { code: `Not a register code on ${formatDate(date)}.` } });
  if (rule.requiresExplanation && !note?.trim()) {
    const what = code === 'Y7' ? 'the cause' : code === 'K' ? 'the provision' : 'the activity';
    throw new RollcallError('INVALID_INPUT', `${code} (${rule.meaning}) needs ${what} written with it (register regulations, reg 10(5)-(6)).`, {
      fields: { note: `Say what ${what} was.` },
    });
  }
  return code;
}

export interface ResolveInput {
  schoolId: string;
  policy: Policy;
  timers: DurableTimers;
  pupilId: string;
  date: IsoDate;
  /** Only these sessions; by default every open case and every N mark of the pupil on the date. */
  sessions?: readonly Session[];
  code: string;
  note: string | null;
  actor: CaseActor;
  now: Date;
}

export interface ResolveResult {
  code: string;
  sessions: Session[];
  /** Sessions that had a case (their lists need updating). */
  caseSessions: Session[];
}

export async function resolveAbsence(tx: Tx, input: ResolveInput): Promise<ResolveResult> {
  const { schoolId, pupilId, date, actor, now } = input;
  const code = checkReason(input.code, date, input.note);
  const note = input.note?.trim() || null;
  const day = toDbDate(date);
  const cases = await tx.unexplainedAbsence.findMany({ where: { schoolId, pupilId, date: day } });
  const marks = await tx.sessionMark.findMany({ where: { pupilId, date: day } });
  const markOf = (s: Session) => marks.find((m) => m.session === s);
  const caseOf = (s: Session) => cases.find((c) => c.session === s);

  let sessions: Session[];
  if (input.sessions) {
    sessions = [...input.sessions];
    for (const s of sessions) {
      if (caseOf(s)?.status === 'resolved') throw new RollcallError('CONFLICT', `The ${s} absence on ${formatDate(date)} was already resolved.`);
      const mark = markOf(s);
      if (mark && !isUnexplained(mark.code)) throw new RollcallError('CONFLICT', `The ${s} register on ${formatDate(date)} already says ${mark.code}.`);
    }
  } else {
    sessions = (['AM', 'PM'] as const).filter((s) => caseOf(s)?.status === 'open' || markOf(s)?.code === 'N');
  }
  if (sessions.length === 0) throw new RollcallError('NOT_FOUND', `There is no open unexplained absence for this pupil on ${formatDate(date)}.`);

  const caseSessions: Session[] = [];
  for (const session of sessions) {
    await amendMark(tx, {
      schoolId, pupilId, date, session, newCode: code, source: 'chat', now,
      reason: note ?? `Reason for the absence established (${code})`,
      actor: { name: actor.name, role: actor.role, staffId: actor.staffCode },
    });
    const c = caseOf(session);
    if (!c || c.status !== 'open') continue;
    await closeCase(tx, { schoolId, caseId: c.id, session, code, note, policy: input.policy, timers: input.timers, now, by: actor.staffMemberId, audit: { actor: actor.staffCode, role: actor.role } });
    caseSessions.push(session);
  }
  return { code, sessions, caseSessions };
}

export interface CloseCaseInput {
  schoolId: string;
  caseId: string;
  session: Session;
  code: string;
  note: string | null;
  policy: Policy;
  timers: DurableTimers;
  now: Date;
  /** StaffMember.id, or 'register' when the register was explained some other way (an MIS import). */
  by: string;
  audit: { actor: string; role?: string };
}

/** Marks one case resolved, cancels its pending ladder timers and closes its open follow-ups. */
export async function closeCase(tx: Tx, input: CloseCaseInput): Promise<void> {
  const { schoolId, caseId, code, now } = input;
  await tx.unexplainedAbsence.update({ where: { id: caseId }, data: { status: 'resolved', resolvedCode: code, resolvedNote: input.note, resolvedBy: input.by, resolvedAt: now } });
  await input.timers.cancelMany(allStepKeys(input.policy, caseId), tx);
  // The social worker is still to be told of the absence; every other follow-up is settled by the reason.
  const closed = await tx.task.updateMany({
    where: { caseId, status: 'open', kind: { not: 'unexplained.inform-social-worker' } },
    data: { status: 'cancelled', doneAt: now, doneBy: input.by },
  });
  await auditCase(tx, {
    schoolId, at: now, actor: input.audit.actor, ...(input.audit.role ? { actorRole: input.audit.role } : {}), action: 'unexplained.resolved', caseId,
    data: { code, session: input.session, by: input.by, tasksClosed: closed.count },
  });
}
