// The durable-timer handler of the escalation ladder ('unexplained.step'). When a step falls due it checks
// the case as it stands (resolved, explained in the register since, contact made, step already taken in the
// run) and then, once per absence run: records the step as a Task, audits it, replies in the list's thread,
// tells whoever owns the step and updates the list in place, all in the timer's own transaction.
import { z } from 'zod';
import type { AppServices } from '../../core/workflow.js';
import type { Prisma } from '../../db/generated/client.js';
import { loadSchool } from '../../register/schools.js';
import type { TimerHandler } from '../../jobs/index.js';
import { fromDbDate } from '../../register/db-dates.js';
import { isUnexplained } from '../../rules/index.js';
import type { Session } from '../../rules/types.js';
import { auditCase } from './cases.js';
import { loadCaseViews, loadContacts } from './case-views.js';
import { listMessageKey, runTaskKey } from './keys.js';
import { ACTION_LABELS } from './ladder.js';
import { directNudge, threadNudge } from './nudges.js';
import { publishList } from './publish-list.js';
import { closeCase } from './resolve.js';
import { decideStep, isParentContact, recipientsFor, stepById } from './step-decision.js';

const payloadSchema = z.object({ caseId: z.string(), stepId: z.string() });

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

    const step = stepById(policy, payload.data.stepId);
    const [view] = await loadCaseViews(tx, policy, { id: row.id });
    if (!step || !view) return;
    const contacts = await loadContacts(tx, row.pupilId);
    const nudge = decideStep(policy, view, step, contacts);
    if (!nudge) return;

    const taskKey = runTaskKey(row.pupilId, view.runStart, step.id);
    const created = await createStepTask(tx, {
      schoolId: school.id, key: taskKey, kind: `unexplained.${step.action}`, caseId: row.id, pupilId: row.pupilId, dueAt: timer.dueAt,
      title: `${ACTION_LABELS[step.action]}: ${view.pupil.firstName} ${view.pupil.lastName}`, ownerRole: step.ownerRole,
      ownerStaffId: isParentContact(step) ? (view.claimedBy?.id ?? null) : null,
      // Rollcall tells the DSL itself, so that step is done as it happens.
      done: step.action === 'notify-dsl' ? now : null, data: { stepId: step.id, reason: nudge.reason ?? null },
    });
    if (!created) return; // the AM or PM case of the same run took this step first
    await auditCase(tx, { schoolId: school.id, at: now, actor: 'system', action: 'unexplained.escalated', caseId: row.id, data: { stepId: step.id, action: step.action, taskKey } });
    const index = policy.firstDay.ladder.findIndex((s) => s.id === step.id);
    if (index + 1 > row.escalationStep) await tx.unexplainedAbsence.update({ where: { id: row.id }, data: { escalationStep: index + 1 } });

    const [after] = await loadCaseViews(tx, policy, { id: row.id });
    const current = after ?? view;
    const threadKey = listMessageKey(school.id, date, session);
    await services.notify.post(tx, { school, channel: 'attendance', key: `nudge:${taskKey}`, threadKey, message: threadNudge(policy, current, nudge, now) });
    await services.notify.direct(tx, { school, key: `nudge-dm:${taskKey}`, message: directNudge(policy, current, nudge, now), ...recipientsFor(policy, current, step) });
    await publishList(tx, services, school, date, session, `step:${taskKey}`);
  };
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
async function createStepTask(tx: Prisma.TransactionClient, t: StepTask): Promise<boolean> {
  const result = await tx.task.createMany({
    data: [{
      schoolId: t.schoolId, key: t.key, kind: t.kind, title: t.title, ownerRole: t.ownerRole, ownerStaffId: t.ownerStaffId, dueAt: t.dueAt,
      caseId: t.caseId, pupilId: t.pupilId, data: t.data, ...(t.done ? { status: 'done', doneAt: t.done, doneBy: 'system' } : {}),
    }],
    skipDuplicates: true,
  });
  return result.count === 1;
}
