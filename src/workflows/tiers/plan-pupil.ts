// One pupil's tier work for one week, decided from this week's tier and what is already recorded. Pure.
//
// Decisions (the policies say "on entering", "after a review with no improvement", "2 weeks then 4"):
// - A stay in a tier is an episode, starting the week the pupil entered it. Entering a tier or moving up
//   creates the band's stage-1 actions. Moving DOWN creates none at once: the pupil passed through the
//   lower tier's actions on the way up, and attendance is improving; stage 1 of the lower tier comes due
//   at its first review if attendance has not improved since the move.
// - Leaving a tier or moving to another closes the old episode's open actions as cancelled ("no longer
//   needed"), recorded and shown in the post; staff can still see them in the audit trail.
// - Stage N+1 actions come due at a review: REVIEW_SCHOOL_WEEKS school weeks after stage N was issued,
//   once every stage-N action has been marked done, and only if attendance has not improved since.
//   "Improved" means a higher year-to-date attendance percentage than when the stage was issued.
// - Monitoring periods (Inspire: 2, 4, 4 weeks) start with the episode. When a period's school weeks are
//   over and the pupil is still in the tier, its outcome action is created (ifNotImproved, or ifImproved
//   when attendance rose), and then: not improved -> the next period starts; improved -> the same period
//   runs again ("keep monitoring"). After the last period nothing more is scheduled.

import type { IsoDate, SchoolCalendar } from '../../rules/index.js';
import type { MonitoringPeriod, PercentageBand, TermDaysBand, TierAction } from '../../rules/tiers.js';
import { afterSchoolWeeks, dueDate, schoolWeeksElapsed } from './due-dates.js';
import { classifyMovement } from './movements.js';
import {
  TIER_ACTION, TIER_MONITORING, type ExistingTierTask, type PlannedTask, type SnapshotMetrics, type TaskClosure, type TierTaskData,
} from './plan-types.js';

export const REVIEW_SCHOOL_WEEKS = 2;

export interface PupilTierInput {
  pupilId: string;
  tier: string | null;
  band: PercentageBand | TermDaysBand | null;
  attendancePct: number | null;
  daysAbsentThisTerm: number;
  term: string | null;
  previous?: { tier: string | null; metrics: SnapshotMetrics | null };
  /** This pupil's tier actions and monitoring periods: every open one, and all of the current episode. */
  tasks: readonly ExistingTierTask[];
}

export interface WeekContext {
  weekStart: IsoDate;
  asOf: IsoDate;
  calendar: SchoolCalendar;
  order: readonly string[];
}

export interface PupilTierPlan {
  metrics: SnapshotMetrics;
  tasks: PlannedTask[];
  closures: TaskClosure[];
}

export function planPupilWeek(input: PupilTierInput, week: WeekContext): PupilTierPlan {
  const { tier, attendancePct: pct } = input;
  const prevTier = input.previous?.tier ?? null;
  const prevMetrics = input.previous?.metrics ?? null;
  const continuing = tier !== null && tier === prevTier && prevMetrics?.episodeStart != null;
  const episodeStart = tier === null ? null : continuing && prevMetrics?.episodeStart ? prevMetrics.episodeStart : week.weekStart;
  const episodeStartPct = continuing ? (prevMetrics?.episodeStartPct ?? null) : tier === null ? null : pct;
  const metrics: SnapshotMetrics = {
    asOf: week.asOf, attendancePct: pct, daysAbsentThisTerm: input.daysAbsentThisTerm, term: input.term, episodeStart, episodeStartPct,
  };

  const reason = tier === null ? 'left the tier' : `moved to ${tier}`;
  const closures: TaskClosure[] = input.tasks
    .filter((t) => t.status === 'open' && (!continuing || t.data.episodeStart !== episodeStart))
    .map((t) => ({ taskId: t.id, status: 'cancelled', reason: continuing ? 'from an earlier stay in a tier' : reason }));
  if (tier === null || episodeStart === null || !input.band) return { metrics, tasks: [], closures };

  const ctx: TaskContext = { input, week, tier, episodeStart, pct };
  const tasks: PlannedTask[] = [];
  const periods = 'monitoringPeriods' in input.band ? (input.band.monitoringPeriods ?? []) : [];
  if (!continuing) {
    const kind = classifyMovement(week.order, prevTier, tier);
    if (kind === 'entered' || kind === 'up') tasks.push(...stageTasks(ctx, input.band.actions, 1));
    if (periods.length > 0) tasks.push(monitoringTask(ctx, periods, 0, 0));
    return { metrics, tasks, closures };
  }
  const episodeTasks = input.tasks.filter((t) => t.data.episodeStart === episodeStart);
  tasks.push(...nextStage(ctx, input.band.actions, episodeTasks, episodeStartPct));
  if (periods.length > 0) {
    const step = monitoringStep(ctx, periods, episodeTasks);
    tasks.push(...step.tasks);
    closures.push(...step.closures);
  }
  return { metrics, tasks, closures };
}

interface TaskContext {
  input: PupilTierInput;
  week: WeekContext;
  tier: string;
  episodeStart: IsoDate;
  pct: number | null;
}

export function isImproved(before: number | null | undefined, now: number | null): boolean {
  return before !== null && before !== undefined && now !== null && now > before;
}

function actionTask(ctx: TaskContext, action: TierAction, key: string, extra: Partial<TierTaskData>): PlannedTask {
  const due = dueDate(ctx.week.calendar, ctx.week.weekStart, action.dueWithinSchoolDays);
  const data: TierTaskData = {
    weekStart: ctx.week.weekStart, episodeStart: ctx.episodeStart, tier: ctx.tier, stage: action.stage ?? 1,
    actionKind: action.kind ?? 'other', dueDate: due, startPct: ctx.pct, ...extra,
  };
  return { key, kind: TIER_ACTION, pupilId: ctx.input.pupilId, title: action.action, ownerRole: action.ownerRole, dueDate: due, data };
}

function stageTasks(ctx: TaskContext, actions: readonly TierAction[], stage: number): PlannedTask[] {
  return actions.flatMap((action, index) =>
    (action.stage ?? 1) === stage ? [actionTask(ctx, action, `tier:${ctx.input.pupilId}:${ctx.episodeStart}:s${stage}:${index}`, {})] : []);
}

function nextStage(ctx: TaskContext, actions: readonly TierAction[], episodeTasks: readonly ExistingTierTask[], episodeStartPct: number | null): PlannedTask[] {
  const staged = episodeTasks.filter((t) => t.kind === TIER_ACTION && t.data.stage >= 1);
  const current = staged.reduce((max, t) => Math.max(max, t.data.stage), 0);
  const next = current + 1;
  if (!actions.some((a) => (a.stage ?? 1) === next)) return [];
  const issued = staged.filter((t) => t.data.stage === current);
  if (issued.some((t) => t.status === 'open')) return [];
  const issuedWeek = issued.reduce((latest, t) => (t.data.weekStart > latest ? t.data.weekStart : latest), ctx.episodeStart);
  const before = current === 0 ? episodeStartPct : issued[0]?.data.startPct;
  if (schoolWeeksElapsed(ctx.week.calendar, issuedWeek, ctx.week.weekStart) < REVIEW_SCHOOL_WEEKS) return [];
  if (isImproved(before, ctx.pct)) return [];
  return stageTasks(ctx, actions, next);
}

function monitoringTask(ctx: TaskContext, periods: readonly MonitoringPeriod[], period: number, cycle: number): PlannedTask {
  const p = periods[period];
  if (!p) throw new RangeError(`no monitoring period ${period}`);
  const endsOn = afterSchoolWeeks(ctx.week.calendar, ctx.week.weekStart, p.weeks);
  const again = cycle > 0 ? ' (again)' : '';
  const weeks = p.weeks === 1 ? '1 school week' : `${p.weeks} school weeks`;
  return {
    key: `tier:${ctx.input.pupilId}:${ctx.episodeStart}:m${period}.${cycle}`,
    kind: TIER_MONITORING,
    pupilId: ctx.input.pupilId,
    title: `Monitoring period ${period + 1} of ${periods.length}${again}: ${weeks}`,
    ownerRole: p.ifNotImproved.ownerRole,
    dueDate: endsOn,
    data: {
      weekStart: ctx.week.weekStart, episodeStart: ctx.episodeStart, tier: ctx.tier, stage: 0, actionKind: 'monitoring',
      dueDate: endsOn, startPct: ctx.pct, period, cycle, periodWeeks: p.weeks, endsOn,
    },
  };
}

function monitoringStep(
  ctx: TaskContext,
  periods: readonly MonitoringPeriod[],
  episodeTasks: readonly ExistingTierTask[],
): { tasks: PlannedTask[]; closures: TaskClosure[] } {
  const monitoring = episodeTasks.filter((t) => t.kind === TIER_MONITORING);
  if (monitoring.length === 0) return { tasks: [monitoringTask(ctx, periods, 0, 0)], closures: [] };
  const open = monitoring.find((t) => t.status === 'open');
  const endsOn = open?.data.endsOn;
  if (!open || endsOn === undefined || ctx.week.weekStart < endsOn) return { tasks: [], closures: [] };
  const period = open.data.period ?? 0;
  const cycle = open.data.cycle ?? 0;
  const p = periods[period];
  const improved = isImproved(open.data.startPct, ctx.pct);
  const outcome = improved ? 'improved' : 'not-improved';
  const closures: TaskClosure[] = [{ taskId: open.id, status: 'done', reason: `monitoring period ended: ${improved ? 'improved' : 'not improved'}` }];
  const tasks: PlannedTask[] = [];
  const action = improved ? p?.ifImproved : p?.ifNotImproved;
  if (action) {
    tasks.push(actionTask(ctx, action, `${open.key}:outcome`, {
      stage: 0, period, cycle, periodWeeks: p?.weeks, outcome, startPct: open.data.startPct, endPct: ctx.pct,
    }));
  }
  const nextPeriod = improved ? period : period + 1;
  if (nextPeriod < periods.length) tasks.push(monitoringTask(ctx, periods, nextPeriod, improved ? cycle + 1 : 0));
  return { tasks, closures };
}
