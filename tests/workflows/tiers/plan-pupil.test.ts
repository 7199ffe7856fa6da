// One pupil's tier work week by week: stage-1 actions on entering or moving up, none on moving down,
// later stages only at a review with no improvement, and monitoring periods (Inspire's 2, 4, 4 school
// weeks) whose outcome and next period come due by themselves.
import { describe, expect, it } from 'vitest';
import { SchoolCalendar } from '../../../src/rules/index.js';
import type { PercentageBand } from '../../../src/rules/tiers.js';
import { planPupilWeek, type PupilTierInput, type WeekContext } from '../../../src/workflows/tiers/plan-pupil.js';
import type { ExistingTierTask, PlannedTask, SnapshotMetrics } from '../../../src/workflows/tiers/plan-types.js';

const calendar = new SchoolCalendar({
  terms: [{ name: 'autumn', year: '2026-27', start: '2026-09-01', end: '2026-12-18', breaks: [{ start: '2026-10-26', end: '2026-10-30' }] }],
  insetDays: [],
  closures: [],
});
const order = ['Letter 1', 'Letter 2'];

const action = (name: string, stage: number, due = 5) => ({ action: name, ownerRole: 'attendance-officer', dueWithinSchoolDays: due, kind: 'letter' as const, stage });
const letter2: PercentageBand = {
  name: 'Letter 2',
  belowPct: 90,
  actions: [action('Monitoring letter', 1), action('Written warning', 2, 10), action('Penalty notice', 3)],
  monitoringPeriods: [
    { weeks: 2, ifNotImproved: action('Meeting, targets set', 0), ifImproved: action('Congratulations letter', 0) },
    { weeks: 4, ifNotImproved: action('Final written warning', 0) },
  ],
};
const letter1: PercentageBand = { name: 'Letter 1', belowPct: 95, atOrAbovePct: 90, actions: [action('Concern letter', 1)] };

const week = (weekStart: string): WeekContext => ({ weekStart, asOf: weekStart, calendar, order });
const metrics = (episodeStart: string | null, pct: number | null): SnapshotMetrics =>
  ({ asOf: '2026-10-02', attendancePct: pct, daysAbsentThisTerm: 0, term: 'autumn', episodeStart, episodeStartPct: pct });

function input(tier: string | null, pct: number, previous?: { tier: string | null; episodeStart: string | null; pct?: number }, tasks: ExistingTierTask[] = []): PupilTierInput {
  return {
    pupilId: 'p1', tier, band: tier === 'Letter 2' ? letter2 : tier === 'Letter 1' ? letter1 : null, attendancePct: pct, daysAbsentThisTerm: 0, term: 'autumn',
    ...(previous ? { previous: { tier: previous.tier, metrics: metrics(previous.episodeStart, previous.pct ?? pct) } } : {}),
    tasks,
  };
}

/** What the planner created, as stored tasks with a status. */
function stored(tasks: PlannedTask[], status: ExistingTierTask['status'], ids = 'id'): ExistingTierTask[] {
  return tasks.map((t, i): ExistingTierTask => {
    if (!('episodeStart' in t.data)) throw new Error('not a tier task');
    return { id: `${ids}${i}`, key: t.key, kind: t.kind === 'tier-monitoring' ? 'tier-monitoring' : 'tier-action', pupilId: t.pupilId, status, data: t.data };
  });
}

describe('planPupilWeek', () => {
  it('entering a band creates its stage-1 actions and starts the first monitoring period', () => {
    const plan = planPupilWeek(input('Letter 2', 88), week('2026-10-05'));
    expect(plan.tasks.map((t) => [t.title, t.dueDate, t.key])).toEqual([
      ['Monitoring letter', '2026-10-09', 'tier:p1:2026-10-05:s1:0'],
      ['Monitoring period 1 of 2: 2 school weeks', '2026-10-19', 'tier:p1:2026-10-05:m0.0'],
    ]);
    expect(plan.metrics).toMatchObject({ episodeStart: '2026-10-05', episodeStartPct: 88 });
  });

  it('a monitoring period over half term counts school weeks only', () => {
    const plan = planPupilWeek(input('Letter 2', 88), week('2026-10-19'));
    // 19 Oct and 2 Nov are the two school weeks (26 Oct is half term): it ends on Monday 9 Nov.
    expect(plan.tasks.find((t) => t.kind === 'tier-monitoring')?.dueDate).toBe('2026-11-09');
  });

  it('moving down creates no actions and closes the old tier\'s open ones', () => {
    const before = stored(planPupilWeek(input('Letter 2', 88), week('2026-10-05')).tasks, 'open');
    const plan = planPupilWeek(input('Letter 1', 91, { tier: 'Letter 2', episodeStart: '2026-10-05' }, before), week('2026-10-12'));
    expect(plan.tasks).toEqual([]);
    expect(plan.closures).toEqual(before.map((t) => ({ taskId: t.id, status: 'cancelled', reason: 'moved to Letter 1' })));
    expect(plan.metrics.episodeStart).toBe('2026-10-12');
  });

  it('stage 2 waits for stage 1 to be done, two school weeks, and no improvement', () => {
    const first = planPupilWeek(input('Letter 2', 88), week('2026-10-05')).tasks.filter((t) => t.kind === 'tier-action');
    const prev = { tier: 'Letter 2', episodeStart: '2026-10-05', pct: 88 };
    const stageTitles = (pct: number, status: ExistingTierTask['status'], weekStart: string) =>
      planPupilWeek(input('Letter 2', pct, prev, stored(first, status)), week(weekStart)).tasks.filter((t) => t.kind === 'tier-action').map((t) => t.title);
    expect(stageTitles(87, 'open', '2026-10-19')).toEqual([]); // letter not sent yet
    expect(stageTitles(87, 'done', '2026-10-12')).toEqual([]); // only one school week since
    expect(stageTitles(88.5, 'done', '2026-10-19')).toEqual([]); // improved
    expect(stageTitles(87, 'done', '2026-10-19')).toEqual(['Written warning']);
  });

  it('a period not improved gives its outcome and starts the next; an improved one repeats', () => {
    const entered = planPupilWeek(input('Letter 2', 88), week('2026-10-05')).tasks;
    const prev = { tier: 'Letter 2', episodeStart: '2026-10-05', pct: 88 };
    const tasks = stored(entered, 'open');
    const early = planPupilWeek(input('Letter 2', 87, prev, tasks), week('2026-10-12'));
    expect(early.tasks.filter((t) => t.kind === 'tier-monitoring')).toEqual([]);

    const worse = planPupilWeek(input('Letter 2', 87, prev, tasks), week('2026-10-19'));
    expect(worse.tasks.map((t) => [t.title, t.dueDate])).toEqual([
      ['Meeting, targets set', '2026-10-23'],
      ['Monitoring period 2 of 2: 4 school weeks', '2026-11-23'],
    ]);
    expect(worse.closures).toEqual([{ taskId: 'id1', status: 'done', reason: 'monitoring period ended: not improved' }]);

    const better = planPupilWeek(input('Letter 2', 89, prev, tasks), week('2026-10-19'));
    expect(better.tasks.map((t) => [t.title, t.key])).toEqual([
      ['Congratulations letter', 'tier:p1:2026-10-05:m0.0:outcome'],
      ['Monitoring period 1 of 2 (again): 2 school weeks', 'tier:p1:2026-10-05:m0.1'],
    ]);
  });

  it('after the last period nothing more is scheduled', () => {
    const tierTask = (key: string, kind: 'tier-action' | 'tier-monitoring', status: ExistingTierTask['status'], stage: number, extra: object = {}): ExistingTierTask => ({
      id: key, key, kind, pupilId: 'p1', status,
      data: { weekStart: '2026-10-19', episodeStart: '2026-10-05', tier: 'Letter 2', stage, actionKind: 'letter', dueDate: '2026-11-23', startPct: 87, ...extra },
    });
    const tasks = [
      tierTask('s1', 'tier-action', 'done', 1),
      tierTask('s2', 'tier-action', 'open', 2),
      tierTask('tier:p1:2026-10-05:m1.0', 'tier-monitoring', 'open', 0, { actionKind: 'monitoring', period: 1, cycle: 0, periodWeeks: 4, endsOn: '2026-11-23' }),
    ];
    const plan = planPupilWeek(input('Letter 2', 86, { tier: 'Letter 2', episodeStart: '2026-10-05', pct: 88 }, tasks), week('2026-11-23'));
    expect(plan.tasks.map((t) => t.title)).toEqual(['Final written warning']);
    expect(plan.closures).toEqual([{ taskId: 'tier:p1:2026-10-05:m1.0', status: 'done', reason: 'monitoring period ended: not improved' }]);
  });

  it('leaving the tiers closes everything open', () => {
    const open = stored(planPupilWeek(input('Letter 1', 92), week('2026-10-05')).tasks, 'open');
    const plan = planPupilWeek(input(null, 96, { tier: 'Letter 1', episodeStart: '2026-10-05' }, open), week('2026-10-12'));
    expect([plan.tasks, plan.closures.map((c) => c.reason), plan.metrics.episodeStart]).toEqual([[], ['left the tier'], null]);
  });
});
