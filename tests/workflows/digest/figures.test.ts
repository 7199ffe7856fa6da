// digestFigures without a database: a school with no target, the first week of a school year (last
// week is in the previous year's summer term), and a pupil with no possible sessions yet.
import { describe, expect, it } from 'vitest';
import { SchoolCalendar, type Mark } from '../../../src/rules/index.js';
import { digestFigures, type DigestPupil } from '../../../src/workflows/digest/figures.js';
import { digestMessage } from '../../../src/workflows/digest/message.js';

const calendar = new SchoolCalendar({
  terms: [
    { name: 'summer', year: '2025-26', start: '2026-04-13', end: '2026-07-17', breaks: [] },
    { name: 'autumn', year: '2026-27', start: '2026-09-02', end: '2026-12-18', breaks: [] },
  ],
  insetDays: [], closures: [],
});

const marks = (dates: string[], code: string): Mark[] => dates.flatMap((date) => [{ date, session: 'AM' as const, code }, { date, session: 'PM' as const, code }]);
const pupil = (id: string, m: Mark[]): DigestPupil => ({ id, yearGroup: '1', className: '1A', gender: null, senStatus: 'N', fsm: false, eal: false, lookedAfter: false, socialWorker: false, marks: m, tier: null });
const casework = { firstDayOpen: 0, oldestOpenCase: null, nCodesOpen: 0, nCodesOverdue: 0, incidentsThisWeek: 0, incidentsOpen: 0, actionsOverdue: 0, actionsOverdueByRole: [] };

describe('digestFigures', () => {
  const f = digestFigures({
    schoolName: 'No Target Primary', weekStart: '2026-08-31', asOf: '2026-09-04', calendar, targetPct: null, tierOrder: [], casework,
    pupils: [
      // July: 4 of 10 sessions attended (the last school week, 13-17 Jul); September: all 6 sessions attended.
      pupil('a', [...marks(['2026-07-13', '2026-07-14'], '/'), ...marks(['2026-07-15', '2026-07-16', '2026-07-17'], 'I'), ...marks(['2026-09-02', '2026-09-03', '2026-09-04'], '/')]),
      pupil('new', []),
    ],
  });

  it('counts last week in the previous school year and this week in the new one', () => {
    expect(f.previousWeek).toEqual({ possible: 10, present: 4, pct: 40, weekStart: '2026-07-13' });
    expect(f.week).toEqual({ possible: 6, present: 6, pct: 100 });
    expect(f.changePts).toBe(60);
    expect(f.yearToDate).toEqual({ possible: 6, present: 6, pct: 100 });
  });

  it('has no target to compare with, and leaves pupils with nothing possible out of the PA rate', () => {
    expect(f.ytdVsTargetPts).toBeNull();
    expect([f.whole.pupils, f.whole.counted, f.whole.persistentPct]).toEqual([2, 1, 0]);
    expect(f.tiers).toEqual([{ tier: 'No tier', pupils: 2 }]);
    const fields = digestMessage(f, { chart: true, dataAsOf: 'Register data as of 15:12.' }).blocks.find((b) => b.kind === 'fields');
    expect(fields?.kind === 'fields' && fields.fields[1]).toEqual({ label: 'Year to date', value: '100.0% (no target set)' });
    expect(f.byGender.map((g) => g.label)).toEqual(['Not recorded']);
  });
});

describe('the target, compared exactly', () => {
  // 189 of 199 sessions is 94.97%: shown as 95.0%, and still below a 95% target.
  const days = calendar.schoolDaysBetween('2026-09-02', '2026-12-18').slice(0, 50);
  const present = marks(days, '/');
  const absent = [...marks(days.slice(0, 45), '/').slice(0, 89), ...marks(days.slice(45), 'O')];
  const figures = (targetPct: number) => digestFigures({
    schoolName: 'Target Primary', weekStart: '2026-11-09', asOf: days[49] ?? '', calendar, targetPct, tierOrder: [], casework,
    pupils: [pupil('a', present), pupil('b', absent)],
  });

  it('says the school is below a target its rounded rate equals', () => {
    const f = figures(95);
    expect(f.yearToDate).toEqual({ possible: 199, present: 189, pct: 95 });
    expect(Object.is(f.ytdVsTargetPts, -0)).toBe(true);
    const fields = digestMessage(f, { chart: false, dataAsOf: 'Register data as of 15:12.' }).blocks.find((b) => b.kind === 'fields');
    expect(fields?.kind === 'fields' && fields.fields[1]).toEqual({ label: 'Year to date', value: '95.0% (target 95%: −0.0 pts)' });
  });

  it('shows a real gap to one decimal either side', () => {
    expect(figures(94.9).ytdVsTargetPts).toBe(0.1);
    expect(figures(96).ytdVsTargetPts).toBe(-1);
  });
});

