// The three things staff do to a case, each in one transaction with the list's in-place update: claim it,
// log a contact attempt, record the reason. Commands, buttons and forms all come through here, after
// their own permission check.
import type { AppServices } from '../../core/workflow.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import { fromDbDate, toDbDate } from '../../register/db-dates.js';
import type { IsoDate, Session } from '../../rules/types.js';
import { caseActor, claimCase, recordAttempt, type ClaimResult } from './cases.js';
import type { ContactOutcome } from './outcomes.js';
import type { ActingStaff } from './permissions.js';
import { refreshLists } from './publish-list.js';
import { resolveAbsence, type ResolveResult } from './resolve.js';

const TX = { timeout: 60_000, maxWait: 30_000 };

export async function claim(services: AppServices, school: SchoolWithPolicy, staff: ActingStaff, caseId: string, now: Date): Promise<ClaimResult> {
  return services.db.prisma.$transaction(async (tx) => {
    const actor = await caseActor(tx, staff);
    const result = await claimCase(tx, { schoolId: school.id, caseId, actor, now, timezone: school.timezone });
    if (result.kind === 'claimed') {
      const c = await tx.unexplainedAbsence.findUniqueOrThrow({ where: { id: caseId }, select: { date: true, session: true } });
      await refreshLists(tx, services, school, [{ date: fromDbDate(c.date), session: asSession(c.session) }], `claim:${caseId}`);
    }
    return result;
  }, TX);
}

export interface CallInput {
  caseId: string;
  outcome: ContactOutcome;
  contactId: string | null;
  note: string | null;
}

export async function logCall(services: AppServices, school: SchoolWithPolicy, staff: ActingStaff, input: CallInput, now: Date): Promise<{ attemptId: string; claimed: boolean }> {
  return services.db.prisma.$transaction(async (tx) => {
    const actor = await caseActor(tx, staff);
    const result = await recordAttempt(tx, { schoolId: school.id, ...input, actor, now });
    // Attempts show on every list of the pupil's day (AM and PM).
    const c = await tx.unexplainedAbsence.findUniqueOrThrow({ where: { id: input.caseId }, select: { pupilId: true, date: true } });
    const sameDay = await tx.unexplainedAbsence.findMany({ where: { pupilId: c.pupilId, date: c.date }, select: { session: true } });
    await refreshLists(tx, services, school, sameDay.map((s) => ({ date: fromDbDate(c.date), session: asSession(s.session) })), `attempt:${result.attemptId}`);
    return result;
  }, TX);
}

export interface ReasonInput {
  pupilId: string;
  date: IsoDate;
  sessions?: readonly Session[];
  code: string;
  note: string | null;
}

export async function recordReason(services: AppServices, school: SchoolWithPolicy, staff: ActingStaff, input: ReasonInput, now: Date): Promise<ResolveResult> {
  return services.db.prisma.$transaction(async (tx) => {
    const actor = await caseActor(tx, staff);
    const result = await resolveAbsence(tx, { schoolId: school.id, policy: school.policy, timers: services.timers, ...input, actor, now });
    const cause = `reason:${input.pupilId}:${input.date}:${result.caseSessions.join('+')}`;
    await refreshLists(tx, services, school, result.caseSessions.map((session) => ({ date: input.date, session })), cause);
    return result;
  }, TX);
}

/** The case a pupil's /call is about: the most recent open one. */
export async function latestOpenCase(services: AppServices, schoolId: string, pupilId: string): Promise<{ id: string; date: IsoDate; session: Session }> {
  const c = await services.db.prisma.unexplainedAbsence.findFirst({ where: { schoolId, pupilId, status: 'open' }, orderBy: [{ date: 'desc' }, { session: 'desc' }] });
  if (!c) throw new RollcallError('NOT_FOUND', 'That pupil has no open unexplained absence: nothing was recorded.');
  return { id: c.id, date: fromDbDate(c.date), session: asSession(c.session) };
}

/** The date a /reason is about when none is given: the latest with an open case, else today. */
export async function reasonDate(services: AppServices, schoolId: string, pupilId: string, today: IsoDate): Promise<IsoDate> {
  const c = await services.db.prisma.unexplainedAbsence.findFirst({ where: { schoolId, pupilId, status: 'open', date: { lte: toDbDate(today) } }, orderBy: { date: 'desc' } });
  return c ? fromDbDate(c.date) : today;
}

export function asSession(value: string): Session {
  return value === 'PM' ? 'PM' : 'AM';
}
