// The durable-timer handler of the escalation ladder ('unexplained.step'). When a step falls due it checks
// the case as it stands (resolved, explained in the register since, contact made, step already taken in the
// run) and then, once per absence run: records the step as a Task, audits it, replies in the list's thread,
// tells whoever owns the step and updates the list in place, all in the timer's own transaction. Steps
// missed while Rollcall was stopped fall due together: the run's earlier ones are taken first, in ladder
// order, and each says the time it was due.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AppServices } from '../../core/workflow.js';
import type { Prisma } from '../../db/generated/client.js';
import { loadSchool } from '../../register/schools.js';
import type { TimerHandler } from '../../jobs/index.js';
import { fromDbDate, toDbDate } from '../../register/db-dates.js';
import type { Policy } from '../../policy/schema.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import { isUnexplained } from '../../rules/index.js';
import type { IsoDate, Session } from '../../rules/types.js';
import { auditCase } from './cases.js';
import { loadCaseViews, loadContacts } from './case-views.js';
import { listMessageKey, runTaskKey, stepTimerKey, TIMER_KIND } from './keys.js';
import { ACTION_LABELS } from './ladder.js';
import { directNudge, threadNudge } from './nudges.js';
import { publishList } from './publish-list.js';
import { closeCase } from './resolve.js';
import { decideStep, isParentContact, recipientsFor, stepById } from './step-decision.js';

const payloadSchema = z.object({ caseId: z.string(), stepId: z.string() });

type Tx = Prisma.TransactionClient;

export function escalationHandler(services: AppServices): TimerHandler {
  return async (timer, tx) => {
    const payload = payloadSchema.safeParse(timer.payload);
    if (!payload.success) return;
    const row = await tx.unexplainedAbsence.findUnique({ where: { id: payload.data.caseId } });
    // A resolved case's timers do nothing (resolving also cancels them; this covers a race with the claim).
    if (!row || row.status !== 'open') return;
    const school = await loadSchool(tx, { id: row.schoolId });
    const { policy } = school;
    const now = services.clock.now();
    const date = fromDbDate(row.date);
    const session: Session = row.session === 'PM' ? 'PM' : 'AM';

    const mark = await tx.sessionMark.findUnique({ where: { pupilId_date_session: { pupilId: row.pupilId, date: row.date, session: row.session } } });
    if (mark && !isUnexplained(mark.code)) {
      // Explained in the register some other way (an MIS import): the case closes itself.
      await closeCase(tx, { schoolId: school.id, caseId: row.id, session, code: mark.code, note: null, policy, timers: services.timers, now, by: 'register', audit: { actor: 'system' } });
      await publishList(tx, services, school, date, session, `register:${row.id}`);
      return;
    }
    const [view] = await loadCaseViews(tx, policy, { id: row.id });
    if (!view) return;
    // After a late start every missed step is due at once: the run's earlier ones go first, in order.
    for (const due of await backlogBefore(tx, policy, { pupilId: row.pupilId, runStart: view.runStart, key: timer.key, dueAt: timer.dueAt }, now)) {
      await services.timers.cancel(due.key, tx);
      await takeStep(tx, services, school, due.caseId, due.stepId, due.dueAt);
    }
    await takeStep(tx, services, school, row.id, payload.data.stepId, timer.dueAt);
  };
}

interface DueStep {
  key: string;
  caseId: string;
  stepId: string;
  dueAt: Date;
}

/**
 * The absence run's other steps already due that come before this one: earlier due time, or the same
 * time and earlier on the ladder. Any case of the run (AM, PM, earlier days) may hold them.
 */
async function backlogBefore(tx: Tx, policy: Policy, current: { pupilId: string; runStart: IsoDate; key: string; dueAt: Date }, now: Date): Promise<DueStep[]> {
  const cases = await tx.unexplainedAbsence.findMany({ where: { pupilId: current.pupilId, status: 'open', date: { gte: toDbDate(current.runStart) } }, select: { id: true } });
  const timers = await tx.durableTimer.findMany({
    where: { kind: TIMER_KIND, status: 'pending', dueAt: { lte: now }, key: { not: current.key }, OR: cases.map((c) => ({ key: { startsWith: stepTimerKey(c.id, '') } })) },
    select: { key: true, dueAt: true, payload: true },
  });
  const rank = (stepId: string) => {
    const i = policy.firstDay.ladder.findIndex((s) => s.id === stepId);
    return i < 0 ? policy.firstDay.ladder.length : i;
  };
  const currentStep = current.key.slice(current.key.lastIndexOf(':') + 1);
  const before = (t: DueStep) => t.dueAt < current.dueAt || (t.dueAt.getTime() === current.dueAt.getTime() && rank(t.stepId) < rank(currentStep));
  return timers
    .flatMap((t): DueStep[] => {
      const p = payloadSchema.safeParse(t.payload);
      return p.success ? [{ key: t.key, caseId: p.data.caseId, stepId: p.data.stepId, dueAt: t.dueAt }] : [];
    })
    .filter(before)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || rank(a.stepId) - rank(b.stepId));
}

/** One ladder step of one case, once per absence run: the task, its audit, the thread line, the DM, the list. */
async function takeStep(tx: Tx, services: AppServices, school: SchoolWithPolicy, caseId: string, stepId: string, dueAt: Date): Promise<void> {
  const { policy } = school;
  const now = services.clock.now();
  const step = stepById(policy, stepId);
  const [view] = await loadCaseViews(tx, policy, { id: caseId });
  if (!step || !view || view.status !== 'open') return;
  const contacts = await loadContacts(tx, view.pupil.id);
  const nudge = decideStep(policy, view, step, contacts);
  if (!nudge) return;

  const taskKey = runTaskKey(view.pupil.id, view.runStart, step.id);
  const created = await createStepTask(tx, {
    schoolId: school.id, key: taskKey, kind: `unexplained.${step.action}`, caseId, pupilId: view.pupil.id, dueAt,
    title: `${ACTION_LABELS[step.action]}: ${view.pupil.firstName} ${view.pupil.lastName}`, ownerRole: step.ownerRole,
    ownerStaffId: isParentContact(step) ? (view.claimedBy?.id ?? null) : null,
    // Rollcall tells the DSL itself, so that step is done as it happens.
    done: step.action === 'notify-dsl' ? now : null, data: { stepId: step.id, reason: nudge.reason ?? null },
  });
  if (!created) return; // the AM or PM case of the same run took this step first
  await auditCase(tx, { schoolId: school.id, at: now, actor: 'system', action: 'unexplained.escalated', caseId, data: { stepId: step.id, action: step.action, taskKey } });
  const index = policy.firstDay.ladder.findIndex((s) => s.id === step.id);
  await tx.unexplainedAbsence.updateMany({ where: { id: caseId, escalationStep: { lt: index + 1 } }, data: { escalationStep: index + 1 } });

  const [after] = await loadCaseViews(tx, policy, { id: caseId });
  const current = after ?? view;
  const timing = { dueAt, sentAt: now };
  const threadKey = listMessageKey(school.id, view.date, view.session);
  const line = threadNudge(policy, current, nudge, timing);
  // Keyed by what it says: safeguarding steps read alike in the channel ("passed to the DSL"), and two
  // due at the same time would otherwise show the same line twice. Their owners are each told below.
  await services.notify.post(tx, { school, channel: 'attendance', key: `nudge:${view.pupil.id}:${view.runStart}:${digest(line.summary)}`, threadKey, message: line });
  await services.notify.direct(tx, { school, key: `nudge-dm:${taskKey}`, message: directNudge(policy, current, nudge, timing), ...recipientsFor(policy, current, step) });
  await publishList(tx, services, school, view.date, view.session, `step:${taskKey}`);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

interface StepTask {
  schoolId: string;
  key: string;
  kind: string;
  title: string;
  caseId: string;
  pupilId: string;
  dueAt: Date;
  ownerRole: string;
  ownerStaffId: string | null;
  done: Date | null;
  data: Prisma.InputJsonObject;
}

/** One Task per step per absence run (unique key): false when it already exists. */
async function createStepTask(tx: Tx, t: StepTask): Promise<boolean> {
  const result = await tx.task.createMany({
    data: [{
      schoolId: t.schoolId, key: t.key, kind: t.kind, title: t.title, ownerRole: t.ownerRole, ownerStaffId: t.ownerStaffId, dueAt: t.dueAt,
      caseId: t.caseId, pupilId: t.pupilId, data: t.data, ...(t.done ? { status: 'done', doneAt: t.done, doneBy: 'system' } : {}),
    }],
    skipDuplicates: true,
  });
  return result.count === 1;
}
