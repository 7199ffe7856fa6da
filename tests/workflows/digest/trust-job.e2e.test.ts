// The trust digest on its schedule: the school whose policy says it posts its trust's digest gets a
// weekly job that gathers every school naming the same trust (and no other) into one digest, posted to
// its leadership channel with the chart, through the outbox to the fake Slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOWS } from '../../../src/app/workflows.js';
import { digestWorkflow } from '../../../src/workflows/digest/index.js';
import { loadSmallSchool, type LoadedSchool } from '../../fixtures/small-school/load.js';
import type { Json } from '../../support/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

const FRIDAY_3_30PM = new Date('2026-11-20T15:30:00Z');
const TRUST = 'Oak Learning Trust';

let h: SlackHarness;
let ash: LoadedSchool;
let birch: LoadedSchool;

function shown(value: Json | undefined): string[] {
  if (typeof value === 'string' || value === null || value === undefined || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(shown);
  return Object.entries(value).flatMap(([k, v]) => (k === 'text' && typeof v === 'string' ? [v] : shown(v)));
}

beforeAll(async () => {
  h = await startSlackHarness({
    workflows: WORKFLOWS,
    now: new Date('2026-11-20T16:00:00Z'),
    seed: async (db) => {
      ash = await loadSmallSchool(db.prisma, 'ash', 'Ash Primary');
      birch = await loadSmallSchool(db.prisma, 'birch', 'Birch Primary');
      await loadSmallSchool(db.prisma, 'cedar', 'Cedar Primary');
      const joinTrust = async (id: string, posts: boolean) => {
        const school = await db.prisma.school.findUniqueOrThrow({ where: { id } });
        await db.prisma.school.update({ where: { id }, data: { policyYaml: `${school.policyYaml.trimEnd()}\ntrust:\n  name: ${TRUST}\n  postsTrustDigest: ${String(posts)}\n` } });
      };
      await joinTrust(ash.id, true);
      await joinTrust(birch.id, false);
      // Ash's register data last arrived at 15:12 today; Birch's has never arrived.
      await db.prisma.registerFeed.create({ data: { schoolId: ash.id, receivedAt: new Date('2026-11-20T15:12:00Z'), receivedFrom: 'import' } });
    },
  });
}, 120_000);
afterAll(async () => h?.close());

async function jobsOf(schoolId: string) {
  const services = h.rollcall.services;
  return digestWorkflow.jobs?.(await services.school(schoolId), services) ?? [];
}

describe('the scheduled trust digest', () => {
  it('is a job of the school that posts it only, on its digest schedule', async () => {
    const ashJobs = await jobsOf(ash.id);
    expect(ashJobs.map((j) => [j.name, j.cron])).toEqual([['weekly-digest', ashJobs[0]?.cron], ['weekly-trust-digest', ashJobs[0]?.cron]]);
    expect((await jobsOf(birch.id)).map((j) => j.name)).toEqual(['weekly-digest']);
  });

  it("posts one digest of the trust's schools, and no other school, to the owner's leadership channel with its chart", async () => {
    const job = (await jobsOf(ash.id)).find((j) => j.name === 'weekly-trust-digest');
    if (!job) throw new Error('no trust digest job');
    expect(await job.run(FRIDAY_3_30PM, { schoolId: ash.id, timezone: 'Europe/London', name: job.name })).toEqual({ weekStart: '2026-11-16', published: true });
    await h.drain();
    const posted = h.fake.messages('#slt');
    expect(posted).toHaveLength(1);
    const text = shown(posted[0]?.blocks ?? []).join('\n');
    expect(text).toContain(`${TRUST}: attendance digest: week of 16 Nov 2026`);
    expect(text).toContain('Ash Primary');
    expect(text).toContain('Birch Primary');
    expect(text).not.toContain('Cedar Primary');
    // Each school says how fresh its own register data is: schools' feeds can be hours apart.
    expect(text).toMatch(/\*Ash Primary\*: [^\n]* · Register data as of 15:12\./);
    expect(text).toMatch(/\*Birch Primary\*: [^\n]* · No register data has been received yet\./);
    // Each school is the fixture (48 of 60 sessions this week), so the trust is 96 of 120.
    expect(text).toContain('80.0%');
    expect([...h.fake.files.values()].map((f) => f.channel)).toEqual(['#slt']);
    const rows = await h.db.prisma.outboxMessage.findMany({ where: { key: { contains: 'trust-digest' } } });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.schoolId))).toEqual(new Set([ash.id]));
  });
});
