// Keeping the weekly post true once someone records an action from it: the post of the week the task
// belongs to is rebuilt from the stored rows (the pressed button becomes "✓ done (name)" for everyone)
// and enqueued as an in-place update in the same transaction as the record. Only a week whose post was
// published is updated; a week computed from the terminal has no post to change.

import type { AppServices } from '../../core/workflow.js';
import type { Prisma } from '../../db/generated/client.js';
import { tierModelOf } from '../../policy/schema.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import { tiersPostKey } from './jobs.js';
import { tierOrder } from './movements.js';
import { findWeekMarker, WEEK_COMPUTED, WEEK_ENTITY } from './store-write.js';
import { tiersWeekPost } from './week-post.js';
import { loadWeekView, txQuery } from './week-view.js';

type Tx = Prisma.TransactionClient;

function weekOf(data: Prisma.JsonValue): string | null {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && typeof data.weekStart === 'string' ? data.weekStart : null;
}

/** The `afterDone` hook for markTierActionDone: enqueue the refreshed post of the task's week. */
export function updateWeekPost(services: Pick<AppServices, 'notify'>, school: SchoolWithPolicy) {
  return async (tx: Tx, task: { id: string; data: Prisma.JsonValue }): Promise<void> => {
    const weekStart = weekOf(task.data);
    if (weekStart === null) return;
    const postKey = tiersPostKey(school.id, weekStart);
    if (!(await tx.outboxMessage.findFirst({ where: { schoolId: school.id, messageKey: postKey, op: 'post' }, select: { id: true } }))) return;
    // One record at a time per week: the second waits here, then reads the first one's change, so the
    // update enqueued last always shows every recorded action.
    await tx.$queryRawUnsafe(
      `SELECT id FROM "AuditEvent" WHERE "schoolId" = $1 AND action = $2 AND "entityType" = $3 AND "entityId" = $4 FOR UPDATE`,
      school.id, WEEK_COMPUTED, WEEK_ENTITY, weekStart,
    );
    const marker = await findWeekMarker(tx, school.id, weekStart);
    if (!marker) return;
    const view = await loadWeekView(txQuery(tx), school.id, weekStart, marker);
    const message = tiersWeekPost(view, { order: tierOrder(tierModelOf(school.policy)), privacy: school.policy.privacy });
    await services.notify.update(tx, { school, channel: 'attendance', key: `tiers-done:${school.id}:${weekStart}:${task.id}`, messageKey: postKey, message });
  };
}
