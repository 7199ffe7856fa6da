// The demo school's morning (about 420 pupils, Lutley's policy): the AM close job on the injected clock
// posts the list within Slack's limits, opens one case per unexplained absence, vulnerable pupils first,
// and the morning N-code reminders go out. The demo is built once here (it takes ~20 s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSchool } from '../../../src/demo/index.js';
import type { JobContext } from '../../../src/jobs/index.js';
import { JOBS, listMessageKey, unexplainedWorkflow } from '../../../src/workflows/unexplained/index.js';
import { sessionRows } from '../../../src/workflows/unexplained/session-rows.js';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';
import { textOf } from './support.js';

const TODAY = '2026-11-23';
let h: SlackHarness;
let schoolId = '';

async function run(name: string, at: string): Promise<unknown> {
  const school = await h.rollcall.services.school(schoolId);
  const job = unexplainedWorkflow.jobs!(school, h.rollcall.services).find((j) => j.name === name)!;
  const context: JobContext = { schoolId, timezone: school.timezone, name };
  return job.run(new Date(at), context);
}

beforeAll(async () => {
  h = await startSlackHarness({
    workflows: [unexplainedWorkflow],
    now: new Date(`${TODAY}T09:15:00Z`),
    seed: async (db) => {
      schoolId = (await createDemoSchool(db, { today: TODAY, sessionsTakenToday: ['AM'] })).schoolId;
    },
  });
}, 240_000);
afterAll(async () => h?.close());

describe('the demo school at AM register close', () => {
  it('posts every unexplained absence as a case, vulnerable pupils first, within Slack limits', async () => {
    const school = await h.rollcall.services.school(schoolId);
    const expected = await sessionRows(h.db.sql, schoolId, school.policy, TODAY, 'AM');
    expect(expected.length).toBeGreaterThan(3);
    const result = await run(JOBS.amClose, `${TODAY}T09:15:00Z`);
    expect(result).toMatchObject({ held: true, listed: expected.length, opened: expected.length });
    await h.drain();

    const cases = await h.db.prisma.unexplainedAbsence.findMany({ where: { schoolId }, include: { pupil: true } });
    expect(cases.map((c) => c.pupil.upn).sort()).toEqual(expected.map((r) => r.pupil.upn).sort());
    const pages = h.fake.messages('#attendance');
    expect(pages.length).toBeGreaterThanOrEqual(1);
    const ref = await h.db.prisma.chatMessageRef.findFirstOrThrow({ where: { key: listMessageKey(schoolId, TODAY, 'AM') } });
    expect(ref.externalId.split(',')).toEqual(pages.map((p) => p.ts));
    const all = pages.map(textOf).join("\n");
    expect(all).toContain('Unexplained absences: AM Mon 23 Nov');
    // The pupil with a child-protection plan, absent since Thursday, heads the list.
    const cp = cases.find((c) => c.pupil.childProtectionPlan)!;
    const firstRow = all.indexOf('day ');
    expect(firstRow).toBeGreaterThan(0);
    expect(all.lastIndexOf(cp.pupil.lastName, firstRow)).toBeGreaterThan(0);
    expect(all).toMatch(new RegExp(`${cp.pupil.lastName}\\*[^"]*priority[^"]*day \\d+ absent`));
    // Each open row can be claimed; nobody's phone number is in the channel.
    expect((all.match(/unexplained\.claim/g) ?? []).length).toBe(cases.length);
    expect(all).not.toMatch(/07\d{3} \d{6}/);
    // Every case's ladder is armed.
    expect(await h.db.prisma.durableTimer.count({ where: { schoolId, kind: 'unexplained.step' } })).toBeGreaterThanOrEqual(cases.length);
  });

  it('answers /absences privately to any member of staff with the same list', async () => {
    await h.command('UDEMO008', '/absences', '', { responseKey: 'teacher-list' });
    const answer = await h.fake.waitFor('response_url', (c) => c.body['__key'] === 'teacher-list');
    const body = textOf(answer.body);
    expect(body).toContain('"response_type":"ephemeral"');
    expect(body).toContain('Unexplained absences: AM Mon 23 Nov');
    expect(body).toMatch(/\d+ open · 0 claimed · 0 resolved/);
  });

  it('posts the morning N-code reminders: overdue ones with the amendment to make', async () => {
    const reminders = await run(JOBS.nCodes, `${TODAY}T08:45:00Z`);
    expect(reminders).toMatchObject({ overdue: expect.arrayContaining([expect.objectContaining({ suggestedCode: expect.stringMatching(/^[OUL]$/) })]) });
    await h.drain();
    const post = h.fake.messages('#attendance').map(textOf).filter((t) => t.includes('N codes to resolve: Mon 23 Nov'));
    expect(post.length).toBeGreaterThanOrEqual(1);
    expect(post.join()).toMatch(/Overdue: amend N to [OUL]/);
    const outbox = await h.db.prisma.outboxMessage.findMany({ where: { schoolId, status: { not: 'sent' } } });
    expect(outbox).toEqual([]);
  });
});
