// Recording a tier action (or a trigger decision) as done from its button. Idempotent: a second press,
// or a Slack retry, finds it done and changes nothing. Audited in the same transaction. Who may press is
// decided by canMarkTierAction from the policy: the task's owner role, the roles the policy gives tier
// actions, the roles allowed to take the decision, or senior leaders.

import type { Prisma } from '../../db/generated/client.js';
import type { PrismaClient } from '../../db/client.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import type { Policy } from '../../policy/schema.js';
import { PENALTY_NOTICE_ROLES, SENIOR_ROLES } from '../../policy/roles.js';
import { TIER_ACTION, TIER_DECISION, TIER_TASK_KINDS } from './plan-types.js';
import { readDecisionData } from './stored-json.js';

export interface TaskForRoleCheck {
  kind: string;
  ownerRole: string | null;
  data: Prisma.JsonValue | null;
}

/** The roles allowed to record this task as done. Penalty-notice decisions are narrower: the law names who. */
export function rolesAllowedFor(policy: Policy, task: TaskForRoleCheck): string[] {
  const decision = task.kind === TIER_DECISION ? readDecisionData(task.data) : null;
  if (decision?.trigger === 'national-threshold') {
    return [...new Set([...policy.roles.penaltyNotice.consider, ...PENALTY_NOTICE_ROLES])];
  }
  const roles = [...policy.roles.duties.tierActions, ...SENIOR_ROLES, ...(decision?.roles ?? [])];
  if (task.ownerRole) roles.push(task.ownerRole);
  return [...new Set(roles)];
}

export function canMarkTierAction(policy: Policy, staffRoles: readonly string[], task: TaskForRoleCheck): boolean {
  const allowed = rolesAllowedFor(policy, task);
  return staffRoles.some((r) => allowed.includes(r));
}

export interface Staff {
  id: string;
  name: string;
  roles: readonly string[];
  schoolId: string;
}

export interface MarkDoneResult {
  status: 'done' | 'already-done' | 'cancelled';
  taskId: string;
  title: string;
  pupilId: string | null;
  doneBy: string | null;
  doneAt: Date | null;
}

export async function markTierActionDone(
  db: PrismaClient,
  options: {
    taskId: string; staff: Staff; now: Date; policy?: Policy;
    /** Called inside the transaction after a task is newly recorded (to enqueue the post's update with it). */
    afterDone?: (tx: Prisma.TransactionClient, task: { id: string; kind: string; data: Prisma.JsonValue }) => Promise<void>;
  },
): Promise<MarkDoneResult> {
  const { taskId, staff, now } = options;
  return db.$transaction(async (tx) => {
    const task = await tx.task.findFirst({ where: { id: taskId, schoolId: staff.schoolId, kind: { in: [...TIER_TASK_KINDS] } } });
    if (!task) throw new RollcallError('NOT_FOUND', 'That action is not in Rollcall for your school any more. Run `/tiers` for the current list.');
    if (options.policy && !canMarkTierAction(options.policy, staff.roles, task)) {
      const allowed = rolesAllowedFor(options.policy, task).join(', ');
      throw new RollcallError('FORBIDDEN', `Recording "${task.title}" needs one of these roles: ${allowed}. Your roles: ${staff.roles.join(', ') || 'none'}.`);
    }
    const base = { taskId: task.id, title: task.title, pupilId: task.pupilId };
    if (task.status === 'done') return { ...base, status: 'already-done', doneBy: task.doneBy, doneAt: task.doneAt };
    if (task.status === 'cancelled') return { ...base, status: 'cancelled', doneBy: null, doneAt: null };
    const data = typeof task.data === 'object' && task.data !== null && !Array.isArray(task.data) ? task.data : {};
    const updated = await tx.task.updateMany({
      where: { id: task.id, status: 'open' },
      data: { status: 'done', doneAt: now, doneBy: staff.id, data: { ...data, doneByName: staff.name } },
    });
    if (updated.count === 0) {
      const again = await tx.task.findUnique({ where: { id: task.id } });
      return { ...base, status: again?.status === 'cancelled' ? 'cancelled' : 'already-done', doneBy: again?.doneBy ?? null, doneAt: again?.doneAt ?? null };
    }
    await tx.auditEvent.create({
      data: {
        schoolId: staff.schoolId, at: now, actor: staff.id, actorRole: staff.roles.join(','), action: task.kind === TIER_ACTION ? 'tier-action.done' : `${task.kind}.done`,
        entityType: 'Task', entityId: task.id, data: { title: task.title, pupilId: task.pupilId, staffName: staff.name },
      },
    });
    await options.afterDone?.(tx, { id: task.id, kind: task.kind, data: task.data });
    return { ...base, status: 'done', doneBy: staff.id, doneAt: now };
  });
}
