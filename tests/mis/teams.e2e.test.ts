// The morning fed by a fake Wonde on Microsoft Teams (real /api/messages, fake Bot Connector): the AM list
// posted proactively names the registers not taken and is updated in place (one post, its id kept) when
// they arrive; a revoked token is told once in the attendance channel and its recovery once; a reason
// typed as a message is written back and the card shows the MIS accepted it; a leaver deleted in the MIS
// and a pupil admitted mid-day, through the chat (support-roll.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobContext } from '../../src/jobs/index.js';
import { listMessageKey } from '../../src/workflows/unexplained/index.js';
import type { TeamsUser } from '../support/teams-activity.js';
import { cardText, CHANNELS, startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';
import { JOBS, startFeed, TODAY, type Feed } from './support-feed.js';
import { admittedMidDay, leaverDeletedInTheMis, type RollDriver } from './support-roll.js';
import { WONDE_TOKEN } from './support.js';

const clare: TeamsUser = { id: '29:clare-teams', aadObjectId: 'aad-clare-0002', name: 'Clare Fell' };
let h: TeamsHarness;
let feed: Feed;
let schoolId = '';

const amList = () => h.posts(CHANNELS.attendance).filter((m) => cardText(m).includes('AM Mon 23 Nov'));

beforeAll(async () => {
  feed = await startFeed({ writeBack: true });
  h = await startTeamsHarness({
    workflows: feed.workflows, now: new Date(`${TODAY}T09:10:00Z`),
    seed: async (db) => {
      schoolId = await feed.seed(db);
      await db.prisma.staffMember.updateMany({ where: { schoolId, staffId: 'S002' }, data: { teamsUserId: clare.aadObjectId! } });
    },
  });
  expect(await feed.poll(h.rollcall.services, schoolId, `${TODAY}T09:10:00Z`)).toMatchObject({ sync: { ok: true } });
}, 120_000);
afterAll(async () => { await h?.close(); await feed?.close(); });

describe('registers arriving after the close, on Teams', () => {
  it('posts the list with the classes not taken, then updates that same card when they arrive', async () => {
    const school = await h.rollcall.services.school(schoolId);
    const close = feed.workflows[1].jobs!(school, h.rollcall.services).find((j) => j.name === JOBS.amClose)!;
    const context: JobContext = { schoolId, timezone: 'Europe/London', name: JOBS.amClose };
    expect(await close.run(new Date(`${TODAY}T09:15:00Z`), context)).toMatchObject({ opened: 1 });
    await h.drain();
    expect(amList()).toHaveLength(1);
    expect(cardText(amList()[0])).toContain('Registers not taken yet (2)');
    expect(cardText(amList()[0])).toContain('Register data as of 09:10');

    feed.takeLateRegisters(`${TODAY}T09:38:00Z`);
    h.clock.set(new Date(`${TODAY}T09:40:00Z`));
    expect(await feed.poll(h.rollcall.services, schoolId, `${TODAY}T09:40:00Z`)).toMatchObject({ refreshed: 1 });
    await h.drain();
    const posts = amList();
    expect(posts).toHaveLength(1);
    expect(h.fake.callsTo('update').length).toBeGreaterThanOrEqual(1);
    const text = cardText(posts[0]);
    expect(text).not.toContain('Registers not taken yet');
    expect(text).toContain('Kai Reed');
    expect(text).toContain('Lily Evans');
    const ref = await h.db.prisma.chatMessageRef.findFirstOrThrow({ where: { key: listMessageKey(schoolId, TODAY, 'AM'), platform: 'teams' } });
    expect(ref.externalId).toBe(posts[0]!.id);
  });

  it('tells a revoked token once and its recovery once', async () => {
    feed.fake.store.tokens.clear();
    for (const at of ['10:00', '10:02']) {
      h.clock.set(new Date(`${TODAY}T${at}:00Z`));
      await feed.poll(h.rollcall.services, schoolId, `${TODAY}T${at}:00Z`);
    }
    feed.fake.store.tokens.add(WONDE_TOKEN);
    for (const at of ['10:04', '10:06']) {
      h.clock.set(new Date(`${TODAY}T${at}:00Z`));
      await feed.poll(h.rollcall.services, schoolId, `${TODAY}T${at}:00Z`);
    }
    await h.drain();
    const texts = h.posts(CHANNELS.attendance).map((m) => cardText(m));
    expect(texts.filter((t) => t.includes('not arriving from the MIS'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('arriving from the MIS again'))).toHaveLength(1);
  });

  it('writes a reason typed as a message back to the MIS, and the card says so', async () => {
    h.clock.set(new Date(`${TODAY}T10:10:00Z`));
    await h.message(clare, 'reason Lily Evans I Ear infection');
    await h.drain();
    expect(await feed.writeBack(h.rollcall.services, schoolId)).toEqual([expect.objectContaining({ status: 'accepted', code: 'I' })]);
    await h.drain();
    expect(cardText(amList()[0])).toContain('Written to the MIS');
  });
});

describe('the roll changing in the MIS, on Teams', () => {
  const driver = (): RollDriver => ({
    db: h.db, schoolId, feed,
    poll: async (at) => {
      h.clock.set(new Date(at));
      const polled = await feed.poll(h.rollcall.services, schoolId, at);
      await h.drain();
      return polled;
    },
    close: async (job, at) => {
      h.clock.set(new Date(at));
      const school = await h.rollcall.services.school(schoolId);
      const run = feed.workflows[1].jobs!(school, h.rollcall.services).find((j) => j.name === job)!;
      await run.run(new Date(at), { schoolId, timezone: 'Europe/London', name: job });
      await h.drain();
    },
    call: async (words) => {
      expect((await h.message(clare, `call ${words}`)).status).toBe(200);
      return (await h.privateTo(clare)).at(-1) ?? '';
    },
    list: (heading) => cardText(h.posts(CHANNELS.attendance).find((m) => cardText(m).includes(heading))),
  });
  it('a leaver deleted in the MIS is on no later list and naming them says they left; their history stays', () => leaverDeletedInTheMis(driver()), 60_000);
  it('a pupil admitted mid-day is listed at the PM close and can be named in a call', () => admittedMidDay(driver()), 60_000);
});
