// Tier movements and the SLT digest on Microsoft Teams, end to end through /api/messages and a fake Bot
// Connector, on the six-pupil fixture school: the Friday digest posted proactively into the leadership
// channel ('#slt' in the policy, the team's "slt" channel) with its chart as an inline image card, the
// Monday tiers post in the attendance channel with an action-done button pressed from the card
// (Action.Execute), refused for a role the policy does not allow, and /digest typed in a 1:1 chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobContext, SchoolJob } from '../../../src/jobs/index.js';
import { digestWorkflow } from '../../../src/workflows/digest/index.js';
import { tiersWorkflow } from '../../../src/workflows/tiers/index.js';
import { cardsOf } from '../../support/fake-bot-connector.js';
import type { TeamsUser } from '../../support/teams-activity.js';
import { cardText, CHANNELS, executeActions, startTeamsHarness, type TeamsHarness } from '../../support/teams-harness.js';
import { loadSmallSchool } from '../../fixtures/small-school/load.js';

const officer: TeamsUser = { id: '29:officer-teams', aadObjectId: 'aad-officer', name: 'Olu Officer' };
const teacher: TeamsUser = { id: '29:teacher-teams', aadObjectId: 'aad-teacher', name: 'Tia Teacher' };
const head: TeamsUser = { id: '29:head-teams', aadObjectId: 'aad-head', name: 'Hana Head' };

let h: TeamsHarness;
let schoolId = '';

async function run(jobs: (school: Awaited<ReturnType<TeamsHarness['rollcall']['services']['school']>>, services: TeamsHarness['rollcall']['services']) => SchoolJob[], at: string): Promise<unknown> {
  const school = await h.rollcall.services.school(schoolId);
  const [job] = jobs(school, h.rollcall.services);
  if (!job) throw new Error('no job');
  const context: JobContext = { schoolId, timezone: school.timezone, name: job.name };
  return job.run(new Date(at), context);
}

beforeAll(async () => {
  h = await startTeamsHarness({
    workflows: [tiersWorkflow, digestWorkflow],
    now: new Date('2026-11-20T15:30:00Z'),
    seed: async (db) => {
      schoolId = (await loadSmallSchool(db.prisma)).id;
      await db.prisma.staffMember.createMany({
        data: [
          { schoolId, staffId: 'S1', name: 'Olu Officer', roles: ['attendance-officer'], teamsUserId: officer.aadObjectId ?? null },
          { schoolId, staffId: 'S2', name: 'Tia Teacher', roles: ['class-teacher'], teamsUserId: teacher.aadObjectId ?? null },
          { schoolId, staffId: 'S3', name: 'Hana Head', roles: ['headteacher'], teamsUserId: head.aadObjectId ?? null },
        ],
      });
    },
  });
}, 120_000);
afterAll(async () => h?.close());

describe('the Friday digest', () => {
  it('is posted proactively into the leadership channel after a 429, followed by its chart as an inline image', async () => {
    expect(await run(digestWorkflow.jobs!, '2026-11-20T15:30:00Z')).toEqual({ weekStart: '2026-11-16', published: true });
    // Teams throttles: the outbox waits the Retry-After it was given, then delivers.
    h.fake.failNext({ status: 429, retryAfter: 1 }, 1, 'send');
    await h.drain();
    expect(h.posts(CHANNELS.leadership)).toEqual([]);
    h.clock.advance(1500);
    await h.drain();
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { platform: 'teams', op: 'post', channel: '#slt' } });
    expect([row.status, row.attempts]).toEqual(['sent', 1]); // the rate limit used up no attempt
    const [post, chart, ...rest] = h.posts(CHANNELS.leadership);
    expect(rest).toEqual([]);
    const text = cardText(post);
    expect(text).toContain('80.0%');
    expect(text).toMatch(/88\.3%/);
    const image = cardsOf(chart?.activity).flatMap((c) => (c !== null && typeof c === 'object' && !Array.isArray(c) && Array.isArray(c['body']) ? c['body'] : []))
      .find((el) => el !== null && typeof el === 'object' && !Array.isArray(el) && el['type'] === 'Image');
    const url = image !== null && typeof image === 'object' && !Array.isArray(image) ? String(image['url']) : '';
    expect(url).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // The chart (about 47 KB at 1850 px) is scaled to fit a Teams message (~28 KB) but stays legible.
    const width = png.readUInt32BE(16);
    expect(width).toBeGreaterThanOrEqual(400);
    expect(width).toBeLessThan(1850);
    expect(png.length).toBeGreaterThan(5_000); // not a blank canvas
    expect(JSON.stringify(chart?.activity).length).toBeLessThan(28 * 1024);
    expect(await h.db.prisma.outboxMessage.count({ where: { platform: 'teams', status: { in: ['pending', 'dead'] } } })).toBe(0);
  });

  it('publishes nothing new when the same occurrence runs again', async () => {
    const sends = h.fake.callsTo('send').length;
    await run(digestWorkflow.jobs!, '2026-11-20T15:30:00Z');
    await h.drain();
    expect(h.fake.callsTo('send')).toHaveLength(sends);
  });

  it('answers /digest typed in a 1:1 chat there, for senior staff only', async () => {
    await h.personal(head, 'digest');
    expect((await h.privateTo(head)).join('\n')).toContain('80.0%');
    await h.personal(teacher, 'digest');
    expect((await h.privateTo(teacher)).join('\n')).toMatch(/needs one of these roles|Not allowed/);
  });
});

describe('the Monday tier movements', () => {
  it('are posted in the attendance channel with a done button per action', async () => {
    h.clock.set('2026-11-23T08:00:00Z');
    await run(tiersWorkflow.jobs!, '2026-11-23T08:00:00Z');
    await h.drain();
    const [post] = h.posts(CHANNELS.attendance);
    expect(cardText(post)).toContain('Tier movements: week of 23 Nov 2026');
    expect(cardText(post)).toContain('Cara Clark (3B)');
    const buttons = executeActions(post?.activity).filter((a) => a.verb === 'tiers.action-done');
    expect(buttons.length).toBeGreaterThan(0);
    const ids = buttons.map((b) => String(b.data['value']));
    expect(await h.db.prisma.task.count({ where: { id: { in: ids }, status: 'open' } })).toBe(ids.length);
  });

  it('records an action as done from the card for the attendance officer, not for a class teacher', async () => {
    const [post] = h.posts(CHANNELS.attendance);
    const task = await h.db.prisma.task.findFirstOrThrow({ where: { schoolId, title: 'Monitoring letter' } });
    const refused = await h.execute(teacher, 'tiers.action-done', { value: task.id }, { card: post! });
    expect(refused.value).toEqual(expect.stringContaining('needs one of these roles'));
    expect((await h.db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('open');
    const done = await h.execute(officer, 'tiers.action-done', { value: task.id }, { card: post! });
    expect(done).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('Recorded as done: Monitoring letter') });
    const after = await h.db.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(after.status).toBe('done');
    expect(await h.db.prisma.auditEvent.count({ where: { entityId: task.id } })).toBeGreaterThanOrEqual(1);
  });
});
