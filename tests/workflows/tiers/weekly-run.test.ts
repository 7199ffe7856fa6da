// The weekly run over several weeks: movements up, down, in and out (Inspire preset), the tier work each
// creates or closes, monitoring coming due by itself, an idempotent re-run, the post of a past week
// re-created from its snapshots, recording an action as done, and a term boundary (Lutley).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import { RollcallError } from '../../../src/errors/rollcall-error.js';
import type { ChatMessage } from '../../../src/chat/model.js';
import type { Mark } from '../../../src/rules/index.js';
import { markTierActionDone } from '../../../src/workflows/tiers/mark-done.js';
import { runWeeklyTiers, tiersPostForWeek } from '../../../src/workflows/tiers/run-weekly.js';
import { createTestDatabase } from '../../support/db.js';
import { absentOn, addPupil, createSchool, presetPolicy, register, schoolDays, setMarks, type TestSchool } from './support.js';

let db: Database;
let inspire: TestSchool;
const ids = new Map<string, string>();
const posts = new Map<string, ChatMessage>();

beforeAll(async () => {
  db = await createTestDatabase();
  const { policy, yaml } = presetPolicy('inspire');
  inspire = await createSchool(db.prisma, 'inspire', policy, yaml);
  for (const name of ['Amy', 'Ben', 'Cleo']) ids.set(name, await addPupil(db.prisma, inspire.id, { upn: `U-${name}`, firstName: name, lastName: 'Test', className: '5C' }));
});
afterAll(async () => {
  await db.close();
});

/** 100 sessions from 3 Sep 2026 (ending 18 Nov), the first `absent` coded M: attendance = 100 - absent %. */
function attendance(absent: number): Mark[] {
  return schoolDays(inspire.calendar, '2026-09-03', 50).flatMap((date, i) =>
    (['AM', 'PM'] as const).map((session, j): Mark => ({ date, session, code: i * 2 + j < absent ? 'M' : session === 'AM' ? '/' : '\\' })));
}

async function week(weekStart: string, absent: Record<string, number>) {
  for (const [name, n] of Object.entries(absent)) await setMarks(db.prisma, inspire.id, ids.get(name) ?? '', attendance(n));
  const result = await runWeeklyTiers(db, { schoolId: inspire.id, policy: inspire.policy, weekStart, now: new Date(`${weekStart}T08:00:00Z`) });
  if (result.status === 'no-school-week') throw new Error('no school week');
  posts.set(weekStart, result.post);
  return result;
}

const sectionTitles = (m: ChatMessage) => m.blocks.flatMap((b) => (b.kind === 'text' && b.text.startsWith('**') ? [b.text] : []));
const rowOf = (m: ChatMessage, name: string) => m.blocks.flatMap((b) => (b.kind === 'list' ? b.rows : [])).find((r) => r.text.startsWith(`**${name.includes(' ') ? name : `${name} Test`} (`));
const tasksOf = (name: string) => db.prisma.task.findMany({ where: { pupilId: ids.get(name) ?? '' }, orderBy: [{ createdAt: 'asc' }, { kind: 'asc' }, { key: 'asc' }] });

describe('movements across weeks (Inspire)', () => {
  it('week 1: everyone in a tier enters it', async () => {
    const r = await week('2026-11-23', { Amy: 5, Ben: 11, Cleo: 0 });
    expect(r.written).toMatchObject({ snapshots: 3 });
    expect(sectionTitles(r.post)).toEqual(['**Entered a tier (2)**']);
    expect(rowOf(r.post, 'Ben')?.text).toBe([
      '**Ben Test (5C)**: no tier → **Letter 2: attendance now monitored**',
      'Attendance 89% (below 90%): Letter 2: attendance now monitored',
      '- Letter home: attendance is now being monitored: attendance officer, due Fri 27 Nov',
      '- Attendance officer contacts the parents; formal meeting arranged: attendance officer, due Fri 4 Dec',
      '- Monitoring period 1 of 3: 2 school weeks, until 7 Dec 2026 (attendance officer)',
    ].join('\n'));
  });

  it('week 2: Amy moves up, Cleo enters the watch band, Ben stays', async () => {
    const r = await week('2026-11-30', { Amy: 11, Cleo: 4 });
    expect(sectionTitles(r.post)).toEqual(['**Moved up (1)**', '**Entered a tier (1)**']);
    expect(rowOf(r.post, 'Amy')?.text).toContain('Letter 1: below the expected standard → **Letter 2: attendance now monitored**');
    expect(rowOf(r.post, 'Amy')?.text).toContain('1 open action from the previous tier closed as no longer needed');
    expect((await tasksOf('Amy')).map((t) => [t.title, t.status])).toEqual([
      ['Letter home: attendance below the school\'s expected standard', 'cancelled'],
      ['Letter home: attendance is now being monitored', 'open'],
      ['Attendance officer contacts the parents; formal meeting arranged', 'open'],
      ['Monitoring period 1 of 3: 2 school weeks', 'open'],
    ]);
    expect(rowOf(r.post, 'Ben')).toBeUndefined();
  });

  it('re-running a computed week rebuilds the same post and writes nothing', async () => {
    const counts = async () => Promise.all([db.prisma.tierSnapshot.count(), db.prisma.task.count(), db.prisma.triggerHit.count(), db.prisma.auditEvent.count()]);
    const before = await counts();
    const again = await runWeeklyTiers(db, { schoolId: inspire.id, policy: inspire.policy, weekStart: '2026-11-30', now: new Date('2026-11-30T09:30:00Z') });
    expect(again.status).toBe('already-computed');
    if (again.status === 'no-school-week') return;
    expect(again.post).toEqual(posts.get('2026-11-30'));
    expect(await counts()).toEqual(before);
  });

  it('week 3: Amy moves down with no new action; Ben\'s two-week monitoring ends without improvement', async () => {
    const r = await week('2026-12-07', { Amy: 9 });
    expect(sectionTitles(r.post)).toEqual(['**Moved down (1)**', '**Next steps for pupils staying in their tier (1)**']);
    expect(rowOf(r.post, 'Amy')?.text).toContain('No new action now');
    const ben = rowOf(r.post, 'Ben')?.text ?? '';
    expect(ben).toContain('- Parents attend a meeting with the attendance officer and targets are set (after monitoring: not improved, 89% → 89%): attendance officer, due Fri 11 Dec');
    // 4 school weeks from 7 Dec: 7 and 14 Dec, then (after Christmas) 4 and 11 Jan.
    expect(ben).toContain('- Monitoring period 2 of 3: 4 school weeks, until 18 Jan 2027');
    expect((await tasksOf('Amy')).filter((t) => t.status === 'open')).toEqual([]);
  });

  it('week 4: Amy leaves the tiers', async () => {
    const r = await week('2026-12-14', { Amy: 2 });
    expect(sectionTitles(r.post)).toEqual(['**Left their tier (1)**']);
    expect(rowOf(r.post, 'Amy')?.text).toBe('**Amy Test (5C)**: Letter 1: below the expected standard → **no tier**\nAttendance 98%: outside every band, no tier');
  });

  it('re-creates the post for a past week from its snapshots, with today\'s task states', async () => {
    const past = await tiersPostForWeek(db, { schoolId: inspire.id, policy: inspire.policy, weekStart: '2026-11-23' });
    expect(past?.summary).toBe(posts.get('2026-11-23')?.summary);
    expect(sectionTitles(past ?? posts.get('x') ?? { summary: '', blocks: [] })).toEqual(['**Entered a tier (2)**']);
    expect(rowOf(past ?? { summary: '', blocks: [] }, 'Amy')?.text).toContain('(closed)');
    expect(await tiersPostForWeek(db, { schoolId: inspire.id, policy: inspire.policy, weekStart: '2026-11-16' })).toBeNull();
  });
});

describe('recording an action as done', () => {
  const officer = () => ({ id: 'staff-officer', name: 'Ms Office', roles: ['attendance-officer'], schoolId: inspire.id });

  it('is audited once, answers a second press calmly, and shows in the re-created post', async () => {
    const task = (await tasksOf('Ben')).find((t) => t.title.startsWith('Letter home'));
    if (!task) throw new Error('no task');
    const auditsBefore = await db.prisma.auditEvent.count({ where: { entityId: task.id } });
    const first = await markTierActionDone(db.prisma, { taskId: task.id, staff: officer(), now: new Date('2026-11-24T10:00:00Z'), policy: inspire.policy });
    const second = await markTierActionDone(db.prisma, { taskId: task.id, staff: officer(), now: new Date('2026-11-24T10:05:00Z'), policy: inspire.policy });
    expect([first.status, second.status, second.doneBy, second.doneAt?.toISOString()]).toEqual(['done', 'already-done', 'staff-officer', '2026-11-24T10:00:00.000Z']);
    expect(await db.prisma.auditEvent.count({ where: { entityId: task.id } })).toBe(auditsBefore + 1);
    const post = await tiersPostForWeek(db, { schoolId: inspire.id, policy: inspire.policy, weekStart: '2026-11-23' });
    const ben = rowOf(post ?? { summary: '', blocks: [] }, 'Ben');
    expect(ben?.text).toContain('due Fri 27 Nov ✓ done (Ms Office)');
    expect(ben?.controls?.map((c) => (c.kind === 'button' ? c.value : ''))).not.toContain(task.id);
  });

  it('refuses staff without a tier role, and a task from another school', async () => {
    const task = (await tasksOf('Amy')).find((t) => t.status === 'cancelled') ?? (await tasksOf('Ben'))[1];
    if (!task) throw new Error('no task');
    const teacher = { id: 'staff-t', name: 'Mr Teach', roles: ['class-teacher'], schoolId: inspire.id };
    await expect(markTierActionDone(db.prisma, { taskId: task.id, staff: teacher, now: new Date(), policy: inspire.policy })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const elsewhere = { ...officer(), schoolId: 'another-school' };
    const err: unknown = await markTierActionDone(db.prisma, { taskId: task.id, staff: elsewhere, now: new Date() }).catch((e: unknown) => e);
    expect(err instanceof RollcallError && err.code).toBe('NOT_FOUND');
  });
});

describe('across a term boundary (Lutley)', () => {
  it('days reset with the new term: autumn tiers are left, spring tiers entered afresh', async () => {
    const { policy, yaml } = presetPolicy('lutley');
    const s = await createSchool(db.prisma, 'lutley-terms', policy, yaml);
    const dana = await addPupil(db.prisma, s.id, { upn: 'L-D', firstName: 'Dana', lastName: 'Term' });
    const eli = await addPupil(db.prisma, s.id, { upn: 'L-E', firstName: 'Eli', lastName: 'Term' });
    const autumnAbsence = absentOn(schoolDays(s.calendar, '2026-09-03', 12), 'M');
    const springAbsence = absentOn(schoolDays(s.calendar, '2027-01-05', 6), 'M');
    await setMarks(db.prisma, s.id, dana, register(s.calendar, '2026-09-03', '2027-01-15', autumnAbsence));
    await setMarks(db.prisma, s.id, eli, register(s.calendar, '2026-09-03', '2027-01-15', new Map([...autumnAbsence, ...springAbsence])));
    const run = (weekStart: string) => runWeeklyTiers(db, { schoolId: s.id, policy, weekStart, now: new Date(`${weekStart}T08:00:00Z`) });

    const december = await run('2026-12-14');
    expect(december.status === 'computed' && sectionTitles(december.post)).toEqual(['**Entered a tier (2)**']);
    expect((await run('2026-12-28')).status).toBe('no-school-week');
    expect((await run('2027-01-04')).status).toBe('no-school-week');
    const january = await run('2027-01-11');
    if (january.status !== 'computed') throw new Error(january.status);
    expect(january.previousWeek).toBe('2026-12-14');
    expect(rowOf(january.post, 'Dana Term')?.text).toBe('**Dana Term (3A)**: Tier 2 Focussed Support → **no tier**\n0 days absent this spring term: below every band, no tier\n2 open actions from the previous tier closed as no longer needed');
    expect(rowOf(january.post, 'Eli Term')?.text).toContain('4 days absent this spring term');
    const later = await run('2027-01-18');
    if (later.status !== 'computed') throw new Error(later.status);
    expect(sectionTitles(later.post)).toEqual(['**Entered a tier (1)**']);
    expect(rowOf(later.post, 'Eli Term')?.text).toContain('no tier → **Tier 1 Initial Support**\n6 days absent this spring term: Moderate risk of persistent absence, Tier 1 Initial Support');
  });
});
