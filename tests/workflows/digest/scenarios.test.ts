// The weekly SLT digest on the neutral message model (the local port: no Slack, no Teams), each case on its
// own database and clock from the Friday run over the fixture school (tests/fixtures/small-school): the
// post and its chart in the leadership channel, /digest for senior staff only, a re-run, and the platform
// rate-limiting the chart. Figures are worked out by hand in small-school.test.ts. How Slack uploads a
// file and Teams shows an image is slack.e2e.test.ts's and teams/tiers-digest.e2e.test.ts's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestWorkflow } from '../../../src/workflows/digest/index.js';
import { loadSmallSchool } from '../../fixtures/small-school/load.js';
import { startLocalHarness, textOf, type Answer, type LocalHarness } from '../../support/local-harness.js';
import { runSchoolJob } from '../../support/school-job.js';

/** Staff ids: S1 Hana Head (headteacher), S2 Tia Teacher (class teacher). */
const HEAD = 'S1', TEACHER = 'S2';
const FRIDAY_3_30PM = new Date('2026-11-20T15:30:00Z');

let h: LocalHarness;

beforeEach(async () => {
  h = await startLocalHarness({
    workflows: [digestWorkflow],
    now: FRIDAY_3_30PM,
    seed: async (db) => {
      const school = await loadSmallSchool(db.prisma);
      // Registered under its own name, while its policy was started from a preset naming another school.
      await db.prisma.school.update({ where: { id: school.id }, data: { name: 'Hollybrook Primary School' } });
      await db.prisma.staffMember.createMany({ data: [
        { schoolId: school.id, staffId: HEAD, name: 'Hana Head', roles: ['headteacher'] },
        { schoolId: school.id, staffId: TEACHER, name: 'Tia Teacher', roles: ['class-teacher'] },
      ] });
      return school.id;
    },
  });
});
afterEach(async () => h?.close());

const runWeeklyDigest = () => runSchoolJob(digestWorkflow, h.rollcall.services, h.schoolId, 'weekly-digest', FRIDAY_3_30PM);

const said = (answer: Answer) => answer.messages.map(textOf).join('\n');
const sent = () => h.port.calls.filter((c) => !c.failed).map((c) => `${c.op} ${c.channel}`);

async function counts() {
  const p = h.db.prisma;
  return { audit: await p.auditEvent.count(), outbox: await p.outboxMessage.count() };
}

describe('the Friday digest', () => {
  it('posts the school\'s figures to the leadership channel under its own name, then its chart there', async () => {
    expect(await runWeeklyDigest()).toEqual({ weekStart: '2026-11-16', published: true });
    await h.drain();
    const posts = h.channel('slt');
    expect(posts).toHaveLength(1);
    const text = textOf(posts[0]);
    expect(text).toContain('Attendance digest: Hollybrook Primary School');
    expect(text).not.toContain('Small Fixture Primary');
    expect(text).toContain('Chart attached');
    expect(text).toContain('Week of 16 Nov 2026, registers to 20 Nov 2026.');
    // 48/60 this week, 53/60 the week before, 101/120 year to date.
    expect(text).toContain('80.0% (−8.3 pts on last week, 88.3%)');
    expect(text).toContain('84.2% (target 95%: −10.8 pts)');
    expect(sent()).toEqual(['post slt', 'uploadFile slt']);
    const [chart] = h.port.files;
    expect([chart?.channel, chart?.filename]).toEqual(['slt', 'attendance-digest-2026-11-16.png']);
    expect(Buffer.from(chart!.bytes).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(h.channel('attendance')).toEqual([]);
  });

  it('sends the chart once the platform stops rate-limiting it, without using up its attempts', async () => {
    h.port.failNext('uploadFile', { kind: 'rate-limited', retryAfterMs: 20_000 }, 3);
    expect(await runWeeklyDigest()).toMatchObject({ published: true });
    await h.runUntil(new Date('2026-11-20T15:33:00Z'), 5_000);
    expect(h.port.calls.filter((c) => c.op === 'uploadFile').map((c) => c.failed)).toEqual([true, true, true, false]);
    expect(sent()).toEqual(['post slt', 'uploadFile slt']);
    const upload = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { op: 'upload' } });
    expect([upload.status, upload.attempts]).toEqual(['sent', 1]);
  });

  it('re-running the same week sends nothing new', async () => {
    await runWeeklyDigest();
    await h.drain();
    const before = await counts();
    expect(await runWeeklyDigest()).toEqual({ weekStart: '2026-11-16', published: true });
    await h.drain();
    expect(await counts()).toEqual(before);
    expect(sent()).toEqual(['post slt', 'uploadFile slt']);
  });
});

describe('/digest', () => {
  it('now: answers the head privately with this week so far, promising no chart, and posts nothing', async () => {
    const answer = said(await h.command(HEAD, '/digest', 'now'));
    expect(answer).toContain('Attendance digest: Hollybrook Primary School');
    expect(answer).not.toContain('Chart attached');
    expect(answer).toContain('Week of 16 Nov 2026, registers to 20 Nov 2026.');
    expect(answer).toContain('80.0% (−8.3 pts on last week, 88.3%)');
    await h.drain();
    expect(h.channel('slt')).toEqual([]);
  });

  it('is refused to a class teacher, privately, with no figures and nothing written', async () => {
    const before = await counts();
    const answer = said(await h.command(TEACHER, '/digest'));
    expect(answer).toContain('Your roles: class-teacher');
    expect(answer).not.toContain('80.0%');
    expect(await counts()).toEqual(before);
  });
});
