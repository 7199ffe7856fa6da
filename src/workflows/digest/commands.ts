// `/digest [now|week]`: the SLT digest on demand, for people who see whole-school figures (the policy's
// data-analysis roles, senior leaders, governors, trust leads). 'week' (the default) is last week's
// digest as the Friday post would have shown it; 'now' is this week so far, registers up to today.

import { z } from 'zod';
import { requireRole, type HandlerContext } from '../../chat/context.js';
import type { ChatMessage } from '../../chat/model.js';
import type { ChatRouter } from '../../chat/router.js';
import { localDateOf } from '../../rules/local-time.js';
import { calendarOf, addDays, mondayOf } from '../../rules/index.js';
import type { Policy } from '../../policy/schema.js';
import type { AppServices } from '../../core/workflow.js';
import { SENIOR_ROLES } from '../../policy/roles.js';
import { buildDigest, type Digest } from './build.js';

export const DIGEST_USAGE = '/digest [now|week]';

export function digestRoles(policy: Policy): string[] {
  return [...new Set([...policy.roles.duties.dataAnalysis, ...SENIOR_ROLES, 'governor', 'trust-lead'])];
}

async function digestCommand(services: AppServices, policy: Policy, args: readonly ('now' | 'week')[], ctx: HandlerContext): Promise<Digest> {
  const now = ctx.now();
  const today = localDateOf(now, policy.school.timezone);
  if (args[0] === 'now') {
    const calendar = calendarOf(policy.calendar);
    const asOf = calendar.isSchoolDay(today) ? today : (calendar.previousSchoolDay(today) ?? today);
    return buildDigest(services.db, { schoolId: ctx.schoolId, policy, weekStart: mondayOf(today), asOf, now, chartSent: false });
  }
  return buildDigest(services.db, { schoolId: ctx.schoolId, policy, weekStart: addDays(mondayOf(today), -7), now, chartSent: false });
}

/** The answer is the digest's text; its chart is posted only with the weekly digest (a private reply carries no file). */
export function registerDigestRoutes(router: ChatRouter, services: AppServices): void {
  router.command('/digest', z.array(z.enum(['now', 'week'])).max(1), async (ctx, args): Promise<ChatMessage> => {
    const { policy } = await services.school(ctx.schoolId);
    requireRole(ctx, ...digestRoles(policy));
    return (await digestCommand(services, policy, args, ctx)).message;
  }, { usage: DIGEST_USAGE, description: 'The weekly attendance digest: last week, or this week so far with "now"' });
}
