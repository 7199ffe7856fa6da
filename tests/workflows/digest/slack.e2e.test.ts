// The weekly SLT digest end to end through Slack: the app's workflows behind the real Bolt receiver, the
// Friday job posting to the leadership channel and uploading its chart the way Slack wants files now
// (files.getUploadURLExternal, the bytes to the upload URL, files.completeUploadExternal) through the
// outbox to the fake Slack Web API, `/digest` answered as an ephemeral message for senior staff only, and
// a re-run of the same week calling Slack for nothing new. What the digest says is asserted on the neutral
// model in scenarios.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOWS } from '../../../src/app/workflows.js';
import { digestWorkflow } from '../../../src/workflows/digest/index.js';
import { loadSmallSchool, type LoadedSchool } from '../../fixtures/small-school/load.js';
import type { Json } from '../../support/fake-slack.js';
import { runSchoolJob } from '../../support/school-job.js';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

const FRIDAY_3_30PM = new Date('2026-11-20T15:30:00Z');

let h: SlackHarness;
let school: LoadedSchool;

beforeAll(async () => {
  h = await startSlackHarness({
    workflows: WORKFLOWS,
    now: new Date('2026-11-20T16:00:00Z'),
    seed: async (db) => {
      school = await loadSmallSchool(db.prisma);
      // Registered under its own name, while its policy was started from a preset naming another school.
      await db.prisma.school.update({ where: { id: school.id }, data: { name: 'Hollybrook Primary School' } });
      await db.prisma.staffMember.createMany({ data: [
        { schoolId: school.id, staffId: 'S1', name: 'Hana Head', roles: ['headteacher'], slackUserId: 'UHEAD' },
        { schoolId: school.id, staffId: 'S2', name: 'Tia Teacher', roles: ['class-teacher'], slackUserId: 'UTEACH' },
      ] });
    },
  });
}, 120_000);
afterAll(async () => h?.close());

const runWeeklyDigest = () => runSchoolJob(digestWorkflow, h.rollcall.services, school.id, 'weekly-digest', FRIDAY_3_30PM);

function shown(value: Json | undefined): string[] {
  if (typeof value === 'string' || value === null || value === undefined || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(shown);
  return Object.entries(value).flatMap(([k, v]) => (k === 'text' && typeof v === 'string' ? [v] : shown(v)));
}

async function privateAnswer(responseKey: string) {
  const call = await h.fake.waitFor('response_url', (c) => c.body['__key'] === responseKey);
  return { type: call.body['response_type'], text: shown(call.body['blocks']).join('\n') };
}

const calls = () => ['chat.postMessage', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal'].map((m) => h.fake.callsTo(m).length);

describe('the weekly digest in Slack', () => {
  it('posts to the leadership channel and uploads the chart to it', async () => {
    expect(await runWeeklyDigest()).toEqual({ weekStart: '2026-11-16', published: true });
    await h.drain();
    const posted = h.fake.messages('#slt');
    expect(posted).toHaveLength(1);
    // What the digest says is scenarios.test.ts's; here, that Slack received it as blocks.
    expect(shown(posted[0]?.blocks ?? []).join('\n')).toContain('Attendance digest: Hollybrook Primary School');
    expect(h.fake.messages('#attendance')).toEqual([]);

    // The file upload, in Slack's three steps, shared to the same channel.
    expect(calls()).toEqual([1, 1, 1, 1]);
    const order = h.fake.calls.map((c) => c.method).filter((m) => m !== 'auth.test');
    expect(order).toEqual(['chat.postMessage', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const [getUrl] = h.fake.callsTo('files.getUploadURLExternal');
    expect(getUrl?.body['filename']).toBe('attendance-digest-2026-11-16.png');
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { schoolId: school.id, op: 'upload' } });
    const payload = row.payload;
    const file = typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? payload['file'] : undefined;
    const base64 = typeof file === 'object' && file !== null && !Array.isArray(file) && typeof file['base64'] === 'string' ? file['base64'] : '';
    const png = Buffer.from(base64, 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([...h.fake.files.values()]).toEqual([
      { filename: 'attendance-digest-2026-11-16.png', bytes: png.length, title: expect.stringContaining('week of 16 Nov 2026'), channel: '#slt' },
    ]);
    expect(png.length).toBeGreaterThan(1000);
    expect(row.status).toBe('sent');
  });

  it('/digest now answers privately with this week so far', async () => {
    const res = await h.command('UHEAD', '/digest', 'now', { responseKey: 'digest-now' });
    expect(res.status).toBe(200);
    const answer = await privateAnswer('digest-now');
    expect(answer.type).toBe('ephemeral');
    expect(answer.text).toContain('80.0% (−8.3 pts on last week, 88.3%)');
    expect(h.fake.messages('#slt')).toHaveLength(1);
  });

  it('/digest is refused to a class teacher, privately', async () => {
    await h.command('UTEACH', '/digest', '', { responseKey: 'digest-teacher' });
    const answer = await privateAnswer('digest-teacher');
    expect(answer.type).toBe('ephemeral');
    expect(answer.text).toContain('Your roles: class-teacher');
    expect(answer.text).not.toContain('80.0%');
  });

  it('re-running the same week\'s job sends nothing new', async () => {
    const before = calls();
    const outbox = await h.db.prisma.outboxMessage.count();
    expect(await runWeeklyDigest()).toEqual({ weekStart: '2026-11-16', published: true });
    await h.drain();
    expect(calls()).toEqual(before);
    expect(await h.db.prisma.outboxMessage.count()).toBe(outbox);
    expect([h.fake.messages('#slt').length, h.fake.files.size]).toEqual([1, 1]);
  });
});
