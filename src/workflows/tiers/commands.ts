// Chat wiring for tiers: `/tiers [class|year|pupil]` and the 'tiers.action-done' button.

import { z } from 'zod';
import { requireStaff, type HandlerContext } from '../../chat/context.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import { context, message, text, type ChatMessage } from '../../chat/model.js';
import type { ChatRouter } from '../../chat/router.js';
import { localDateOf, localTimeOf } from '../../rules/local-time.js';
import { formatDate } from '../../rules/index.js';
import type { AppServices } from '../../core/workflow.js';
import { withClass } from '../../core/pupil-names.js';
import { canMarkTierAction, markTierActionDone, rolesAllowedFor } from './mark-done.js';
import { updateWeekPost } from './post-update.js';
import { tiersQueryMessage } from './query-render.js';
import { resolveTiersFilter, tiersQuery } from './query.js';
import { TIER_ACTION_DONE } from './week-post.js';

export const TIERS_USAGE = '/tiers [class|year|pupil]';

async function tiersCommand(services: AppServices, ctx: HandlerContext, args: readonly string[]): Promise<ChatMessage> {
  const { policy } = await services.school(ctx.schoolId);
  const date = localDateOf(ctx.now(), policy.school.timezone);
  const filter = await resolveTiersFilter(services.db, ctx.schoolId, args.join(' '), date);
  if (filter.kind === 'choose') return filter.answer;
  const result = await tiersQuery(services.db, { schoolId: ctx.schoolId, policy, date, filter });
  return tiersQueryMessage(result);
}

async function tierActionDone(services: AppServices, ctx: HandlerContext, taskId: string): Promise<ChatMessage> {
  const staff = requireStaff(ctx);
  if (staff.schoolId !== ctx.schoolId) throw new RollcallError('FORBIDDEN', 'You are on the staff list of another school.');
  const school = await services.school(ctx.schoolId);
  const { policy } = school;
  const task = await services.db.prisma.task.findFirst({ where: { id: taskId, schoolId: ctx.schoolId }, include: { pupil: true } });
  if (!task) throw new RollcallError('NOT_FOUND', 'That action is not in Rollcall for your school any more. Run `/tiers` for the current list.');
  if (!canMarkTierAction(policy, staff.roles, task)) {
    throw new RollcallError('FORBIDDEN', `Recording "${task.title}" needs one of these roles: ${rolesAllowedFor(policy, task).join(', ')}. Your roles: ${staff.roles.join(', ') || 'none'}.`);
  }
  const now = ctx.now();
  const result = await markTierActionDone(services.db.prisma, { taskId, staff, now, policy, afterDone: updateWeekPost(services, school) });
  const who = task.pupil ? ` for ${withClass(task.pupil, 'private', policy.privacy)}` : '';
  const tz = policy.school.timezone;
  switch (result.status) {
    case 'done':
      return message(`Recorded: ${task.title}`, text(`**Recorded as done:** ${task.title}${who}.`), context(`By ${staff.name} at ${localTimeOf(now, tz)} on ${formatDate(localDateOf(now, tz))}; kept in the audit trail.`));
    case 'already-done': {
      const when = result.doneAt ? ` on ${formatDate(localDateOf(result.doneAt, tz))} at ${localTimeOf(result.doneAt, tz)}` : '';
      return message(`Already recorded: ${task.title}`, text(`**Already recorded as done:** ${task.title}${who}${when}. Nothing changed.`));
    }
    case 'cancelled':
      return message(`Closed: ${task.title}`, text(`**${task.title}**${who} was closed as no longer needed (the pupil left or changed tier). Nothing changed.`));
  }
}

export function registerTiersRoutes(router: ChatRouter, services: AppServices): void {
  router
    .command('/tiers', z.array(z.string()).max(6), (ctx, args) => tiersCommand(services, ctx, args), {
      usage: TIERS_USAGE,
      description: 'Who is in which attendance tier, with open actions: the whole school, a class, a year group or one pupil',
    })
    .action(TIER_ACTION_DONE, z.string().min(1).max(64), (ctx, taskId) => tierActionDone(services, ctx, taskId));
}
