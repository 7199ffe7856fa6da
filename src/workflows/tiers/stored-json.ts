// Reads the JSON columns this workflow writes (TierSnapshot.metrics, Task.data, TriggerHit.detail) back
// into their types. Rows written by an older version, or edited by hand, are read leniently (missing
// fields become null) rather than failing a whole school's weekly run.

import { z } from 'zod';
import type { DecisionTaskData, SnapshotMetrics, TierTaskData } from './plan-types.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const pct = z.number().nullable().catch(null);

const metricsSchema = z.object({
  asOf: date.catch(''),
  attendancePct: pct,
  daysAbsentThisTerm: z.number().catch(0),
  term: z.string().nullable().catch(null),
  episodeStart: date.nullable().catch(null),
  episodeStartPct: pct,
});

const actionKinds = z.enum(['letter', 'call', 'conversation', 'meeting', 'support-plan', 'referral', 'penalty-notice', 'legal',
  'monitoring', 'recognition', 'other']);

const tierTaskSchema = z.object({
  weekStart: date,
  episodeStart: date,
  tier: z.string(),
  stage: z.number().int().catch(1),
  actionKind: actionKinds.catch('other'),
  dueDate: date,
  startPct: pct,
  endPct: pct.optional(),
  period: z.number().int().optional().catch(undefined),
  cycle: z.number().int().optional().catch(undefined),
  periodWeeks: z.number().int().optional().catch(undefined),
  endsOn: date.optional().catch(undefined),
  outcome: z.enum(['improved', 'not-improved']).optional().catch(undefined),
  closedWeek: date.optional().catch(undefined),
  closedReason: z.string().optional().catch(undefined),
  doneByName: z.string().optional().catch(undefined),
});

const decisionSchema = z.object({
  weekStart: date,
  trigger: z.string(),
  periodKey: z.string(),
  dueDate: date,
  roles: z.array(z.string()).catch([]),
  closedWeek: date.optional().catch(undefined),
  closedReason: z.string().optional().catch(undefined),
  doneByName: z.string().optional().catch(undefined),
});

const hitDetailSchema = z.object({
  weekStart: date,
  what: z.string().catch(''),
  decision: z.string().catch(''),
  roles: z.array(z.string()).catch([]),
  /** How many times the run found this threshold met at once (older ones are history, not shown). */
  times: z.number().int().catch(1),
  /** The latest of those: the one with a decision task, shown in the post. */
  latest: z.boolean().catch(true),
});
export type HitDetail = z.infer<typeof hitDetailSchema>;

export function readMetrics(value: unknown): SnapshotMetrics | null {
  const r = metricsSchema.safeParse(value);
  return r.success ? r.data : null;
}

export function readTierTaskData(value: unknown): TierTaskData | null {
  const r = tierTaskSchema.safeParse(value);
  return r.success ? r.data : null;
}

export function readDecisionData(value: unknown): DecisionTaskData | null {
  const r = decisionSchema.safeParse(value);
  return r.success ? r.data : null;
}

export function readHitDetail(value: unknown): HitDetail | null {
  const r = hitDetailSchema.safeParse(value);
  return r.success ? r.data : null;
}
