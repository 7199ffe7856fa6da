// "Register data as of 08:40" on the morning N-code reminders and on the Friday digest, as on the lists:
// staff acting on a post can see how old the register behind it is (an N replaced in the MIS since is
// still listed). Through the real Bolt receiver to the fake Slack, for a CSV school.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/register/import.js';
import { digestWorkflow } from '../../src/workflows/digest/index.js';
import { JOBS, unexplainedWorkflow } from '../../src/workflows/unexplained/index.js';
import { SLUG, startSmallSchool, textOf, type SmallSchool } from '../workflows/unexplained/support.js';

let s: SmallSchool;
beforeAll(async () => {
  s = await startSmallSchool('2026-11-23T08:45:00Z', [unexplainedWorkflow, digestWorkflow]);
  // This morning's marks arrive at 08:40 (a re-import of one mark: the register's "as of" moves).
  const csv = 'upn,date,session,code\nA100000000002,2026-11-23,AM,/\n';
  const result = await importFile(s.h.db, { schoolSlug: SLUG, kind: 'marks', csvText: csv, actor: { name: 'office', role: 'office' }, receivedAt: new Date('2026-11-23T08:40:00Z') });
  expect(result.errors).toEqual([]);
}, 120_000);
afterAll(async () => s?.h.close());

describe('freshness on the N-code reminders and the digest', () => {
  it('the morning N-code reminders say when the register data is from', async () => {
    const reminders = await s.runJob(JOBS.nCodes, '2026-11-23T08:45:00Z');
    expect(reminders).toMatchObject({ overdue: [expect.anything()] });
    await s.h.drain();
    const posts = s.h.fake.messages('#attendance').filter((m) => textOf(m).includes('N codes to resolve'));
    expect(posts).toHaveLength(1);
    expect(textOf(posts[0])).toContain('Register data as of 08:40.');
  });

  it('the Friday digest says when the register data is from, with the day when it is not today', async () => {
    const school = await s.h.rollcall.services.school(s.schoolId);
    const job = digestWorkflow.jobs!(school, s.h.rollcall.services).find((j) => j.name === 'weekly-digest')!;
    s.h.clock.set(new Date('2026-11-27T15:30:00Z'));
    expect(await job.run(new Date('2026-11-27T15:30:00Z'), { schoolId: s.schoolId, timezone: 'Europe/London', name: job.name })).toMatchObject({ published: true });
    await s.h.drain();
    const posts = s.h.fake.messages('#slt').filter((m) => textOf(m).includes('Attendance digest'));
    expect(posts).toHaveLength(1);
    expect(textOf(posts[0])).toContain('Register data as of Mon 23 Nov 08:40.');
  });
});
