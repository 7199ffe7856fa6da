// Local mode end to end with every workflow the app runs (WORKFLOWS) on the demo school, as `npm start`
// without chat credentials serves it: the AM list posted to #attendance and claimed in place, a missing
// pupil's card, and the digest for senior staff only. All on the neutral message model; the demo is built
// once (it takes ~20 s) and each case asks only for what it needs, so any one runs alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOWS } from '../../src/app/workflows.js';
import { createDemoSchool } from '../../src/demo/index.js';
import { JOBS, unexplainedWorkflow } from '../../src/workflows/unexplained/index.js';
import { buttonValues, startLocalHarness, textOf, type LocalHarness } from '../support/local-harness.js';

const TODAY = '2026-11-23';
/** Demo staff: the head (also DSL and attendance champion), the office manager, a class teacher. */
const HEAD = 'S001', OFFICE = 'S003', TEACHER = 'T001';
const CLAIM = 'unexplained.claim';

let h: LocalHarness;
beforeAll(async () => {
  h = await startLocalHarness({
    workflows: WORKFLOWS,
    now: new Date(`${TODAY}T09:15:00Z`),
    seed: async (db) => (await createDemoSchool(db, { today: TODAY, sessionsTakenToday: ['AM'] })).schoolId,
  });
}, 240_000);
afterAll(async () => h?.close());

const said = (answer: { messages: unknown[] }) => answer.messages.map((m) => textOf(m as never)).join('\n');

/** The AM close job, as node-cron would run it at 09:15 (a second run changes nothing). */
async function amClose() {
  const school = await h.rollcall.services.school(h.schoolId);
  const job = unexplainedWorkflow.jobs!(school, h.rollcall.services).find((j) => j.name === JOBS.amClose)!;
  await job.run(new Date(`${TODAY}T09:15:00Z`), { schoolId: h.schoolId, timezone: school.timezone, name: job.name });
  await h.drain();
}

describe('local mode with every workflow', () => {
  it('posts the AM list to #attendance, and a claim edits that list in place', async () => {
    await amClose();
    const [list, ...more] = h.channel('attendance');
    expect(more).toEqual([]);
    expect(textOf(list)).toContain('Unexplained absences: AM Mon 23 Nov');
    const open = await h.db.prisma.unexplainedAbsence.count({ where: { schoolId: h.schoolId, status: 'open', claimedBy: null } });
    const claimable = buttonValues(list, CLAIM);
    expect(claimable.length).toBe(open);
    expect(open).toBeGreaterThan(3);

    expect(said(await h.press(OFFICE, CLAIM, claimable[0]!))).not.toBe('');
    await h.drain();
    const after = h.channel('attendance');
    expect(after.map((p) => p.id)).toEqual([list!.id]);
    expect(after[0]!.edits).toBeGreaterThan(0);
    expect(buttonValues(after[0], CLAIM)).toHaveLength(open - 1);
    expect(textOf(after[0])).toContain('Clare Fell');
  });

  it('answers /absences privately with the open cases, and posts nothing', async () => {
    await amClose();
    const posted = h.channel('attendance').length;
    const open = await h.db.prisma.unexplainedAbsence.count({ where: { schoolId: h.schoolId, status: 'open' } });
    const answer = await h.command(OFFICE, '/absences');
    expect(answer.messages).toHaveLength(1);
    expect(answer.messages[0]!.summary).toBe(`Unexplained absences on 23 Nov 2026: ${open} open`);
    await h.drain();
    expect(h.channel('attendance')).toHaveLength(posted);
  });

  it('posts a missing pupil\'s card to #incidents from a class teacher\'s /missing', async () => {
    const pupil = await h.db.prisma.pupil.findFirstOrThrow({ where: { schoolId: h.schoolId, upn: { not: '' } }, orderBy: { upn: 'asc' } });
    const answer = await h.command(TEACHER, '/missing', `${pupil.upn} in the hall`);
    expect(said(answer)).toContain('Search started');
    await h.drain();
    const card = h.channel('incidents').find((p) => textOf(p).includes('MISSING'));
    expect(textOf(card)).toContain(pupil.lastName);
    expect(textOf(card)).toContain('in the hall');
  });

  it('gives the digest to the head and refuses a class teacher', async () => {
    const head = await h.command(HEAD, '/digest', 'now');
    expect(head.messages).toHaveLength(1);
    expect(textOf(head.messages[0])).toMatch(/\d+(\.\d)?%/);
    const teacher = await h.command(TEACHER, '/digest', 'now');
    expect(said(teacher)).toContain('This needs one of these roles');
    expect(said(teacher)).not.toMatch(/\d+(\.\d)?%/);
  });
});
