// The weekly tiers on the neutral message model (the local port: no Slack, no Teams), each case on its own
// database and clock from the Monday run over the fixture school (tests/fixtures/small-school): the post,
// an action recorded from its button, a second press, who may not record what, /tiers for a class, a
// re-run, and the platform down when the post is due. How Slack and Teams carry these is
// slack.e2e.test.ts's and teams/tiers-digest.e2e.test.ts's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tiersWorkflow } from '../../../src/workflows/tiers/index.js';
import { TIER_ACTION_DONE } from '../../../src/workflows/tiers/week-post.js';
import { loadSmallSchool } from '../../fixtures/small-school/load.js';
import { buttonValues, controlsOf, startLocalHarness, textOf, type Answer, type LocalHarness } from '../../support/local-harness.js';
import { runSchoolJob } from '../../support/school-job.js';

/** Staff ids: S1 Olu Officer (attendance officer), S2 Tia Teacher (class teacher). */
const OFFICER = 'S1', TEACHER = 'S2';
const MONDAY_8AM = new Date('2026-11-23T08:00:00Z');
const BEN = 'A100000000002', CARA = 'A100000000003', DAN = 'A100000000004';

let h: LocalHarness;

async function start(): Promise<void> {
  h = await startLocalHarness({
    workflows: [tiersWorkflow],
    now: MONDAY_8AM,
    seed: async (db) => {
      const school = await loadSmallSchool(db.prisma);
      await db.prisma.staffMember.createMany({ data: [
        { schoolId: school.id, staffId: OFFICER, name: 'Olu Officer', roles: ['attendance-officer'] },
        { schoolId: school.id, staffId: TEACHER, name: 'Tia Teacher', roles: ['class-teacher'] },
      ] });
      return school.id;
    },
  });
}

const runWeeklyTiers = () => runSchoolJob(tiersWorkflow, h.rollcall.services, h.schoolId, 'weekly-tiers', MONDAY_8AM);

beforeEach(start);
afterEach(async () => h?.close());

const said = (answer: Answer) => answer.messages.map(textOf).join('\n');
const post = () => {
  const posts = h.channel('attendance');
  expect(posts).toHaveLength(1);
  return posts[0]!;
};
const lines = () => textOf(post()).split('\n');
const buttons = () => buttonValues(post(), TIER_ACTION_DONE);

async function task(upn: string, where: { title?: string; kind?: string; status?: string }) {
  const pupil = await h.db.prisma.pupil.findFirstOrThrow({ where: { schoolId: h.schoolId, upn } });
  return h.db.prisma.task.findFirstOrThrow({ where: { schoolId: h.schoolId, pupilId: pupil.id, ...where } });
}

async function counts() {
  const p = h.db.prisma;
  return { audit: await p.auditEvent.count(), outbox: await p.outboxMessage.count(), open: await p.task.count({ where: { status: 'open' } }) };
}

/** The post is out: the Monday run, then the outbox delivered. */
async function posted(): Promise<void> {
  expect(await runWeeklyTiers()).toMatchObject({ status: 'computed', weekStart: '2026-11-23', asOf: '2026-11-20' });
  await h.drain();
}

describe('the Monday post', () => {
  it('names each movement with its rule and the actions it needs (owner, due date), the decision needed, and a button per open task', async () => {
    await posted();
    const text = lines();
    expect(text[0]).toContain('Tier movements: week of 23 Nov 2026');
    const cara = text.findIndex((l) => l.includes('Cara Clark (3B)') && l.includes('Letter 2: monitoring'));
    expect(cara).toBeGreaterThan(0);
    expect(text.slice(cara + 1, cara + 4).join('\n')).toMatch(/Attendance 50% \(below 90%\)[^\n]*\n[^\n]*Monitoring letter: attendance officer, due Fri 27 Nov\n[^\n]*Meeting with parents: headteacher, due Fri 4 Dec/);
    expect(textOf(post())).toMatch(/National threshold met on 20 Nov 2026: 10 unauthorised sessions/);
    expect(textOf(post())).toContain('Consider whether to issue a penalty notice');
    // 2 concern letters, 2 monitoring letters, 2 meetings, 1 decision; no other control on the post.
    const open = await h.db.prisma.task.findMany({ where: { schoolId: h.schoolId, status: 'open' } });
    expect(open).toHaveLength(7);
    expect(buttons().sort()).toEqual(open.map((t) => t.id).sort());
    expect(controlsOf(post())).toHaveLength(7);
    expect(h.port.calls.map((c) => `${c.op} ${c.channel}`)).toEqual(['post attendance']);
  });

  it('is posted once, after the platform comes back, when it was down as the post fell due', async () => {
    h.port.setRule(() => ({ kind: 'down' }));
    expect(await runWeeklyTiers()).toMatchObject({ status: 'computed' });
    await h.runUntil(new Date('2026-11-23T08:05:00Z'), 30_000);
    expect(h.channel('attendance')).toEqual([]);
    const failed = h.port.calls.filter((c) => c.failed).length;
    expect(failed).toBeGreaterThan(1);
    h.port.setRule(undefined);
    await h.runUntil(new Date('2026-11-23T08:15:00Z'), 30_000);
    expect(buttons()).toHaveLength(7);
    expect(h.port.calls.filter((c) => !c.failed).map((c) => `${c.op} ${c.channel}`)).toEqual(['post attendance']);
    expect((await h.db.prisma.outboxMessage.findMany()).map((m) => m.status)).toEqual(['sent']);
  });
});

describe('recording an action', () => {
  it('records it from its button for the attendance officer, audited, and shows it done in the same post for everyone', async () => {
    await posted();
    const letter = await task(BEN, { title: 'Concern letter' });
    expect(said(await h.press(OFFICER, TIER_ACTION_DONE, letter.id))).toContain('Recorded as done: Concern letter for Ben Baker (3A).');
    const saved = await h.db.prisma.task.findUniqueOrThrow({ where: { id: letter.id } });
    const officer = await h.db.prisma.staffMember.findFirstOrThrow({ where: { staffId: OFFICER } });
    expect([saved.status, saved.doneBy]).toEqual(['done', officer.id]);
    expect((await h.db.prisma.auditEvent.findMany({ where: { entityId: letter.id, action: 'tier-action.done' } })).map((a) => a.actorRole)).toEqual(['attendance-officer']);
    await h.drain();
    expect(post().edits).toBe(1);
    expect(lines().find((l) => l.includes('Concern letter') && l.includes('Olu Officer'))).toMatch(/Concern letter: attendance officer, due Fri 27 Nov ✓ done \(Olu Officer\)/);
    expect(buttons()).not.toContain(letter.id);
    expect(buttons()).toHaveLength(6);
  });

  it('a second press changes nothing and says when it was recorded', async () => {
    await posted();
    const letter = await task(BEN, { title: 'Concern letter' });
    await h.press(OFFICER, TIER_ACTION_DONE, letter.id);
    const before = await counts();
    // Before the post is updated the button is still there: a second press, as a retry or a second screen would.
    expect(said(await h.press(OFFICER, TIER_ACTION_DONE, letter.id))).toMatch(/Already recorded as done: Concern letter for Ben Baker \(3A\) on 23 Nov 2026 at \d\d:\d\d\. Nothing changed\./);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a class teacher a monitoring letter', TEACHER, CARA, { title: 'Monitoring letter' }, /needs one of these roles: attendance-officer, headteacher.*Your roles: class-teacher\./s],
    ['the attendance officer a penalty-notice decision', OFFICER, CARA, { kind: 'tier-decision' }, /needs one of these roles: headteacher, executive-headteacher, deputy-headteacher, assistant-headteacher\. Your roles: attendance-officer\./],
  ])('refuses %s, and changes nothing', async (_who, staffId, upn, which, why) => {
    await posted();
    const open = await task(upn, { ...which, status: 'open' });
    const before = await counts();
    expect(said(await h.press(staffId, TIER_ACTION_DONE, open.id))).toMatch(why);
    expect((await h.db.prisma.task.findUniqueOrThrow({ where: { id: open.id } })).status).toBe('open');
    expect(await counts()).toEqual(before);
    await h.drain();
    expect(post().edits).toBe(0);
  });

  it('two actions recorded at once both show as done in the post', async () => {
    await posted();
    const tasks = [await task(CARA, { title: 'Monitoring letter' }), await task(DAN, { title: 'Concern letter' })];
    await Promise.all(tasks.map((t) => h.press(OFFICER, TIER_ACTION_DONE, t.id)));
    await h.drain();
    const done = lines().filter((l) => l.includes('✓ done (Olu Officer)'));
    expect(done).toHaveLength(2);
    expect(buttons().sort()).toEqual((await h.db.prisma.task.findMany({ where: { status: 'open' } })).map((t) => t.id).sort());
    expect(buttons()).toHaveLength(5);
  });
});

describe('/tiers and a re-run', () => {
  it('/tiers 3B answers privately with the class\'s pupils and their open actions, and posts nothing', async () => {
    await posted();
    const answer = said(await h.command(TEACHER, '/tiers', '3B'));
    expect(answer).toContain('Tiers: class 3B');
    expect(answer).toMatch(/Cara Clark \(3B\)[^\n]*Attendance 50% \(below 90%\): Letter 2: monitoring/);
    expect(answer).not.toContain('Ben Baker');
    expect(h.channel('attendance')).toHaveLength(1);
  });

  it('re-running the same week posts nothing new and changes nothing', async () => {
    await posted();
    const before = await counts();
    expect(await runWeeklyTiers()).toMatchObject({ status: 'already-computed', weekStart: '2026-11-23' });
    await h.drain();
    expect(await counts()).toEqual(before);
    expect(h.port.calls.map((c) => `${c.op} ${c.channel}`)).toEqual(['post attendance']);
  });
});
