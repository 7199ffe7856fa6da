// The weekly post built from a stored week: long sections capped with a pointer to /tiers, names as the
// privacy level allows, buttons worded for the action, and due dates counted in school days.
import { describe, expect, it } from 'vitest';
import { SchoolCalendar } from '../../../src/rules/index.js';
import { dueDate } from '../../../src/workflows/tiers/due-dates.js';
import { withClass } from '../../../src/core/pupil-names.js';
import type { TierTaskData } from '../../../src/workflows/tiers/plan-types.js';
import { tiersWeekPost } from '../../../src/workflows/tiers/week-post.js';
import type { ViewTask, WeekView } from '../../../src/workflows/tiers/week-view.js';

function view(entered: number): WeekView {
  const current = new Map();
  const pupils = new Map();
  const tasks: ViewTask[] = [];
  for (let i = 1; i <= entered; i++) {
    const id = `p${i}`;
    current.set(id, { tier: 'Letter 1', rule: 'Attendance 93% (below 95%): Letter 1', metrics: null });
    pupils.set(id, { firstName: `Pupil${i}`, lastName: 'Smith', preferredName: null, className: '4B', yearGroup: '4' });
    const data: TierTaskData = { weekStart: '2026-11-23', episodeStart: '2026-11-23', tier: 'Letter 1', stage: 1, actionKind: 'letter', dueDate: '2026-11-27', startPct: 93 };
    tasks.push({ id: `t${i}`, key: `k${i}`, kind: 'tier-action', title: 'Concern letter', ownerRole: 'attendance-officer', status: 'open', pupilId: id, tier: data, decision: null });
  }
  return { weekStart: '2026-11-23', asOf: '2026-11-20', previousWeek: '2026-11-16', current, previous: new Map(), pupils, tasks, hits: [] };
}

describe('tiersWeekPost', () => {
  it('caps a long section and points to /tiers for the rest', () => {
    const post = tiersWeekPost(view(25), { order: ['Letter 1'], privacy: { level: 'standard', contactDetailsIn: 'private-only' } });
    const lists = post.blocks.filter((b) => b.kind === 'list');
    expect(lists.map((b) => (b.kind === 'list' ? b.rows.length : 0))).toEqual([10]);
    expect(post.blocks).toContainEqual({ kind: 'context', text: '…and 15 more. `/tiers` shows the full list.' });
    expect(post.summary).toBe('Tier movements, week of 23 Nov 2026: 25 entered');
    // Numeric order: Pupil2 before Pupil10.
    const first = lists[0]?.kind === 'list' ? lists[0].rows.slice(0, 3).map((r) => r.text.split('**')[1]) : [];
    expect(first).toEqual(['Pupil1 Smith (4B)', 'Pupil2 Smith (4B)', 'Pupil3 Smith (4B)']);
  });

  it('buttons say what was done, and carry the task id', () => {
    const post = tiersWeekPost(view(1), { order: ['Letter 1'], privacy: { level: 'standard', contactDetailsIn: 'private-only' } });
    const row = post.blocks.flatMap((b) => (b.kind === 'list' ? b.rows : []))[0];
    expect(row?.controls).toEqual([{ kind: 'button', actionId: 'tiers.action-done', label: 'Letter sent: Concern letter', value: 't1' }]);
  });

  it('minimal privacy shows initials and class only', () => {
    const post = tiersWeekPost(view(1), { order: ['Letter 1'], privacy: { level: 'minimal', contactDetailsIn: 'private-only' } });
    const row = post.blocks.flatMap((b) => (b.kind === 'list' ? b.rows : []))[0];
    expect(row?.text.split('\n')[0]).toBe('**P.S. (4B)**: no tier → **Letter 1**');
    expect(withClass({ firstName: 'Zoë', lastName: 'Ng', preferredName: 'Zee', className: 'R1' }, 'channel', { level: 'standard', contactDetailsIn: 'private-only' })).toBe('Zee Ng (R1)');
  });

  it('an empty week still says so', () => {
    const post = tiersWeekPost(view(0), { order: ['Letter 1'], privacy: { level: 'standard', contactDetailsIn: 'private-only' } });
    expect(post.blocks).toContainEqual({ kind: 'text', text: 'No tier movements this week.' });
  });
});

describe('dueDate', () => {
  const calendar = new SchoolCalendar({
    terms: [{ name: 'autumn', year: '2026-27', start: '2026-09-01', end: '2026-12-18', breaks: [{ start: '2026-10-26', end: '2026-10-30' }] }],
    insetDays: [], closures: [],
  });
  it.each([
    ['2026-11-23', 5, '2026-11-27'], // Monday post, 5 school days: that Friday
    ['2026-11-23', 10, '2026-12-04'],
    ['2026-11-23', 0, '2026-11-23'],
    ['2026-10-19', 10, '2026-11-06'], // half term does not count
    ['2026-10-26', 0, '2026-11-02'], // posted in half term: due the first school day
    ['2026-12-14', 10, '2026-12-27'], // past the calendar's end: 10 school days read as 14 days
  ])('posted %s, %i school days -> %s', (posted, days, due) => {
    expect(dueDate(calendar, posted, days)).toBe(due);
  });
});
