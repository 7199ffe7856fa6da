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
import type { WorkflowDeps } from '../tiers/deps.js';
import { SENIOR_ROLES } from '../tiers/mark-done.js';
import { buildDigest, type Digest } from './build.js';
import type { ChartImage } from './chart.js';

export const DIGEST_USAGE = '/digest [now|week]';

export function digestRoles(policy: Policy): string[] {
  return [...new Set([...policy.roles.duties.dataAnalysis, ...SENIOR_ROLES, 'governor', 'trust-lead'])];
}

export async function digestCommand(deps: WorkflowDeps, args: readonly ('now' | 'week')[], actor: Pick<HandlerContext, 'schoolId' | 'now'>, chartSent = false): Promise<Digest> {
  const policy = await deps.policyFor(actor.schoolId);
  const now = actor.now();
  const today = localDateOf(now, policy.school.timezone);
  if (args[0] === 'now') {
    const calendar = calendarOf(policy.calendar);
    const asOf = calendar.isSchoolDay(today) ? today : (calendar.previousSchoolDay(today) ?? today);
    return buildDigest(deps.db, { schoolId: actor.schoolId, policy, weekStart: mondayOf(today), asOf, now, chartSent });
  }
  return buildDigest(deps.db, { schoolId: actor.schoolId, policy, weekStart: addDays(mondayOf(today), -7), now, chartSent });
}

export interface DigestRouteDeps extends WorkflowDeps {
  /** Deliver the chart to the person who asked (e.g. an outbox 'upload' to their DM); without it only the text is sent. */
  sendChart?: (ctx: HandlerContext, chart: ChartImage) => Promise<void>;
}

export function registerDigestRoutes(router: ChatRouter, deps: DigestRouteDeps): ChatRouter {
  return router.command('/digest', z.array(z.enum(['now', 'week'])).max(1), async (ctx, args): Promise<ChatMessage> => {
    const policy = await deps.policyFor(ctx.schoolId);
    requireRole(ctx, ...digestRoles(policy));
    const digest = await digestCommand(deps, args, ctx, deps.sendChart !== undefined);
    if (deps.sendChart) await deps.sendChart(ctx, digest.chart);
    return digest.message;
  }, { usage: DIGEST_USAGE, description: 'The weekly attendance digest: last week, or this week so far with "now"' });
}
