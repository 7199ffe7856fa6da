// The shapes the weekly tier plan reads and writes: what is known about each pupil this week, the tier
// work already recorded (Task rows), and the rows the week adds. Task.data and TierSnapshot.metrics are
// JSON columns; these types (aliases, so they are assignable to Prisma's JSON input) are their contract, read back through the parsers in stored-json.ts.

import type { IsoDate } from '../../rules/index.js';
import type { TierActionKind } from '../../rules/tiers.js';

export const TIER_ACTION = 'tier-action';
export const TIER_MONITORING = 'tier-monitoring';
export const TIER_DECISION = 'tier-decision';
export const TIER_TASK_KINDS = [TIER_ACTION, TIER_MONITORING, TIER_DECISION] as const;
export type TierTaskKind = (typeof TIER_TASK_KINDS)[number];

/** TierSnapshot.metrics. */
export type SnapshotMetrics = {
  asOf: IsoDate;
  attendancePct: number | null;
  daysAbsentThisTerm: number;
  term: string | null;
  /** The week this stay in the tier began (null when in no tier). */
  episodeStart: IsoDate | null;
  /** Attendance when the stay began, to judge improvement at reviews. */
  episodeStartPct: number | null;
};

/** Task.data for tier actions and monitoring periods. */
export type TierTaskData = {
  /** The weekly run that created the task: the post it belongs to. */
  weekStart: IsoDate;
  episodeStart: IsoDate;
  tier: string;
  /** Stage of a tier action (1 on entering); 0 for monitoring periods and their outcomes. */
  stage: number;
  actionKind: TierActionKind | 'monitoring';
  dueDate: IsoDate;
  /** Attendance when the task was created (for a monitoring outcome: when the period began). */
  startPct: number | null;
  /** A monitoring outcome: attendance when the period ended. */
  endPct?: number | null;
  /** Monitoring: which period (0-based), how many times it has been repeated, and when it ends. */
  period?: number;
  cycle?: number;
  periodWeeks?: number;
  endsOn?: IsoDate;
  /** A monitoring outcome: what the period found. */
  outcome?: 'improved' | 'not-improved';
  /** Set when the week's run closes the task without anyone doing it. */
  closedWeek?: IsoDate;
  closedReason?: string;
  /** Who marked it done, by name, for re-created posts. */
  doneByName?: string;
};

/** Task.data for a trigger needing a decision. */
export type DecisionTaskData = {
  weekStart: IsoDate;
  trigger: string;
  periodKey: string;
  dueDate: IsoDate;
  /** Every role that may take the decision (ownerRole is the first). */
  roles: string[];
  closedWeek?: IsoDate;
  closedReason?: string;
  /** Who marked it done, by name, for re-created posts. */
  doneByName?: string;
};

/** A tier task as the planner sees existing ones. */
export interface ExistingTierTask {
  id: string;
  key: string;
  kind: TierTaskKind;
  pupilId: string;
  status: 'open' | 'done' | 'cancelled';
  data: TierTaskData;
}

export interface PlannedTask {
  key: string;
  kind: TierTaskKind;
  pupilId: string;
  title: string;
  ownerRole: string | null;
  dueDate: IsoDate;
  data: TierTaskData | DecisionTaskData;
}

export interface TaskClosure {
  taskId: string;
  status: 'done' | 'cancelled';
  reason: string;
}
