// The whole school's tier week, decided in memory before anything is written: snapshots, the tier work
// each pupil now needs, tasks to close, and triggers newly met with their decision tasks. Pure, so the
// weekly run's database transaction only writes what this returns.

import type { IsoDate, Mark, SchoolCalendar } from '../../rules/index.js';
import type { PercentageBand, TermDaysBand } from '../../rules/tiers.js';
import type { Policy } from '../../policy/schema.js';
import { dueDate } from './due-dates.js';
import { planPupilWeek } from './plan-pupil.js';
import { TIER_DECISION, type ExistingTierTask, type PlannedTask, type SnapshotMetrics, type TaskClosure } from './plan-types.js';
import { detectTriggers, type TriggerHitPlan } from './triggers.js';

/** Decisions are asked for within a week: "as soon as practicable" (national threshold), "as soon as possible" (sickness). */
export const DECISION_DUE_SCHOOL_DAYS = 5;

export interface PupilWeekFacts {
  pupilId: string;
  tier: string | null;
  rule: string;
  band: PercentageBand | TermDaysBand | null;
  attendancePct: number | null;
  daysAbsentThisTerm: number;
  term: string | null;
  /** Every mark from lookbackStart(asOf), or every mark but plain present ones where triggers do not need those (trigger-marks.ts). */
  marks: readonly Mark[];
  dateOfBirth: IsoDate | null;
}

export interface WeekPlanInput {
  weekStart: IsoDate;
  asOf: IsoDate;
  calendar: SchoolCalendar;
  policy: Policy;
  order: readonly string[];
  pupils: readonly PupilWeekFacts[];
  previous: ReadonlyMap<string, { tier: string | null; metrics: SnapshotMetrics | null }>;
  tasksByPupil: ReadonlyMap<string, readonly ExistingTierTask[]>;
  /** pupilId -> kind -> latest firstMetOn recorded before this week. */
  lastHits: ReadonlyMap<string, ReadonlyMap<string, IsoDate>>;
  /** 'pupilId|kind|periodKey' of every hit already recorded: found again, they are not new. */
  knownHits?: ReadonlySet<string>;
}

export interface SnapshotPlan {
  pupilId: string;
  tier: string | null;
  rule: string;
  metrics: SnapshotMetrics;
}

export interface WeekPlan {
  snapshots: SnapshotPlan[];
  tasks: PlannedTask[];
  closures: TaskClosure[];
  hits: TriggerHitPlan[];
}

const NO_HITS: ReadonlyMap<string, IsoDate> = new Map();

export function planWeek(input: WeekPlanInput): WeekPlan {
  const { weekStart, asOf, calendar, policy } = input;
  const week = { weekStart, asOf, calendar, order: input.order };
  const plan: WeekPlan = { snapshots: [], tasks: [], closures: [], hits: [] };
  const onRoll = new Set<string>();
  for (const p of input.pupils) {
    onRoll.add(p.pupilId);
    const previous = input.previous.get(p.pupilId);
    const pupilPlan = planPupilWeek({ ...p, ...(previous ? { previous } : {}), tasks: input.tasksByPupil.get(p.pupilId) ?? [] }, week);
    plan.snapshots.push({ pupilId: p.pupilId, tier: p.tier, rule: p.rule, metrics: pupilPlan.metrics });
    plan.tasks.push(...pupilPlan.tasks);
    plan.closures.push(...pupilPlan.closures);

    const hits = detectTriggers({ pupilId: p.pupilId, marks: p.marks, dateOfBirth: p.dateOfBirth, lastHits: input.lastHits.get(p.pupilId) ?? NO_HITS }, { calendar, weekStart, asOf, policy })
      .filter((h) => !input.knownHits?.has(hitKey(h)));
    plan.hits.push(...hits);
    for (const hit of hits) if (hit.latest) plan.tasks.push(decisionTask(hit, calendar, weekStart));
  }
  // Pupils who left the roll: their open tier work is no longer needed.
  for (const [pupilId, tasks] of input.tasksByPupil) {
    if (onRoll.has(pupilId)) continue;
    for (const t of tasks) if (t.status === 'open') plan.closures.push({ taskId: t.id, status: 'cancelled', reason: 'no longer on roll' });
  }
  return plan;
}

export function hitKey(hit: Pick<TriggerHitPlan, 'pupilId' | 'kind' | 'periodKey'>): string {
  return `${hit.pupilId}|${hit.kind}|${hit.periodKey}`;
}

export function decisionKey(hit: Pick<TriggerHitPlan, 'pupilId' | 'kind' | 'periodKey'>): string {
  return `trigger:${hit.pupilId}:${hit.kind}:${hit.periodKey}`;
}

function decisionTask(hit: TriggerHitPlan, calendar: SchoolCalendar, weekStart: IsoDate): PlannedTask {
  const due = dueDate(calendar, weekStart, DECISION_DUE_SCHOOL_DAYS);
  return {
    key: decisionKey(hit),
    kind: TIER_DECISION,
    pupilId: hit.pupilId,
    title: hit.decision,
    ownerRole: hit.roles[0] ?? null,
    dueDate: due,
    data: { weekStart, trigger: hit.kind, periodKey: hit.periodKey, dueDate: due, roles: hit.roles },
  };
}
