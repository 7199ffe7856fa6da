// Each seed preset's tier boundaries, through the weekly run and its movement code: hand-made pupils sit
// exactly on and either side of every boundary, and the first snapshot lists them as entering the tier
// the school's own table gives, with the actions that tier requires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import type { Mark } from '../../../src/rules/index.js';
import { runWeeklyTiers } from '../../../src/workflows/tiers/run-weekly.js';
import { createTestDatabase } from '../../support/db.js';
import { absentOn, addPupil, createSchool, presetPolicy, register, schoolDays, setMarks, type TestSchool } from './support.js';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

const NOW = new Date('2026-11-23T08:00:00Z');

async function school(preset: string, slug: string): Promise<TestSchool> {
  const { policy, yaml } = presetPolicy(preset);
  return createSchool(db.prisma, slug, policy, yaml);
}

async function tiersOf(s: TestSchool, weekStart: string): Promise<Map<string, string | null>> {
  const rows = await db.prisma.tierSnapshot.findMany({ where: { schoolId: s.id, weekStart: new Date(`${weekStart}T00:00:00Z`) }, include: { pupil: true } });
  return new Map(rows.map((r) => [r.pupil.lastName, r.tier]));
}

/** 50 school days from 3 Sep 2026 (100 sessions), the first `absent` sessions coded M (authorised). */
function hundredSessions(s: TestSchool, absent: number): Mark[] {
  return schoolDays(s.calendar, '2026-09-03', 50).flatMap((date, i) =>
    (['AM', 'PM'] as const).map((session, j): Mark => ({ date, session, code: i * 2 + j < absent ? 'M' : session === 'AM' ? '/' : '\\' })));
}

describe('Lutley: days absent per term', () => {
  const autumn: [number, string | null][] = [
    [5, null], [6, 'Tier 1 Initial Support'], [10, 'Tier 1 Initial Support'], [11, 'Tier 2 Focussed Support'],
    [15, 'Tier 2 Focussed Support'], [16, 'Tier 3 Intensive Support'], [18, 'Tier 3 Intensive Support'], [19, 'Tier 3 Intensive Support'],
  ];
  const summer: [number, string | null][] = [
    [5, null], [6, null], [10, null], [11, 'Tier 1 Initial Support'], [15, 'Tier 1 Initial Support'],
    [16, 'Tier 2 Focussed Support'], [18, 'Tier 2 Focussed Support'], [19, 'Tier 3 Intensive Support'],
  ];

  it.each([
    ['autumn', '2026-09-03', '2026-11-20', '2026-11-23', autumn],
    ['summer', '2027-04-13', '2027-05-28', '2027-05-31', summer],
  ] as const)('%s term boundaries', async (term, from, to, weekStart, table) => {
    const s = await school('lutley', `lutley-${term}`);
    for (const [days] of table) {
      const id = await addPupil(db.prisma, s.id, { upn: `L${term}${days}`, firstName: 'Pupil', lastName: `Days${days}` });
      await setMarks(db.prisma, s.id, id, register(s.calendar, from, to, absentOn(schoolDays(s.calendar, from, days), 'M')));
    }
    const result = await runWeeklyTiers(db, { schoolId: s.id, policy: s.policy, weekStart, now: NOW });
    expect(result.status).toBe('computed');
    const tiers = await tiersOf(s, weekStart);
    for (const [days, tier] of table) expect([days, tiers.get(`Days${days}`)]).toEqual([days, tier]);
    if (result.status !== 'computed') return;
    const entered = result.post.blocks.find((b) => b.kind === 'text' && b.text.startsWith('**Entered a tier'));
    expect(entered).toEqual({ kind: 'text', text: `**Entered a tier (${table.filter(([, t]) => t !== null).length})**` });
  });

  it('words the rule and the actions with owner and due date', async () => {
    const s = await school('lutley', 'lutley-words');
    const id = await addPupil(db.prisma, s.id, { upn: 'LW1', firstName: 'Amy', lastName: 'Brown', className: '4B' });
    await setMarks(db.prisma, s.id, id, register(s.calendar, '2026-09-03', '2026-11-20', absentOn(schoolDays(s.calendar, '2026-09-03', 11), 'M')));
    const result = await runWeeklyTiers(db, { schoolId: s.id, policy: s.policy, weekStart: '2026-11-23', now: NOW });
    if (result.status !== 'computed') throw new Error(result.status);
    const rows = result.post.blocks.flatMap((b) => (b.kind === 'list' ? b.rows : []));
    const amy = rows.find((r) => r.text.includes('Amy Brown (4B)'));
    expect(amy?.text).toBe([
      '**Amy Brown (4B)**: no tier → **Tier 2 Focussed Support**',
      '11 days absent this autumn term: High risk of persistent absence, Tier 2 Focussed Support',
      '- Focussed support letter: attendance officer, due Fri 27 Nov',
      '- Attendance Support Plan meeting (Appendix 4) with a review date: senior attendance champion, due Fri 4 Dec',
    ].join('\n'));
    const tasks = await db.prisma.task.findMany({ where: { schoolId: s.id }, orderBy: { key: 'asc' } });
    expect(tasks.map((t) => [t.title, t.ownerRole, t.status])).toEqual([
      ['Focussed support letter', 'attendance-officer', 'open'],
      ['Attendance Support Plan meeting (Appendix 4) with a review date', 'senior-attendance-champion', 'open'],
    ]);
    expect(amy?.controls?.map((c) => (c.kind === 'button' ? [c.actionId, c.value] : null))).toEqual(tasks.map((t) => ['tiers.action-done', t.id]));
    // Due at the end of the due day in London (GMT in November).
    expect(tasks[0]?.dueAt?.toISOString()).toBe('2026-11-28T00:00:00.000Z');
  });
});

describe('Micklefield: 90% and 80%', () => {
  it.each([
    [10, null], [11, 'Between 80-90% (Tiers 2-4: Monitor, Listen and understand, Facilitate support)'],
    [20, 'Between 80-90% (Tiers 2-4: Monitor, Listen and understand, Facilitate support)'], [21, 'Below 80% (Tiers 5-6: Formalise support, Enforce)'],
  ] as const)('%i of 100 sessions absent -> %s', async (absent, tier) => {
    const s = await school('micklefield', `mick-${absent}`);
    const id = await addPupil(db.prisma, s.id, { upn: `M${absent}`, firstName: 'Pupil', lastName: `Absent${absent}` });
    await setMarks(db.prisma, s.id, id, hundredSessions(s, absent));
    await runWeeklyTiers(db, { schoolId: s.id, policy: s.policy, weekStart: '2026-11-23', now: NOW });
    expect((await tiersOf(s, '2026-11-23')).get(`Absent${absent}`)).toBe(tier);
  });
});

describe('Inspire: 96% and 90%', () => {
  it.each([
    [3, null], [4, 'Watch: attendance has fallen to 96%'], [5, 'Letter 1: below the expected standard'],
    [10, 'Letter 1: below the expected standard'], [11, 'Letter 2: attendance now monitored'],
  ] as const)('%i of 100 sessions absent -> %s', async (absent, tier) => {
    const s = await school('inspire', `inspire-${absent}`);
    const id = await addPupil(db.prisma, s.id, { upn: `I${absent}`, firstName: 'Pupil', lastName: `Absent${absent}` });
    await setMarks(db.prisma, s.id, id, hundredSessions(s, absent));
    await runWeeklyTiers(db, { schoolId: s.id, policy: s.policy, weekStart: '2026-11-23', now: NOW });
    expect((await tiersOf(s, '2026-11-23')).get(`Absent${absent}`)).toBe(tier);
  });
});
