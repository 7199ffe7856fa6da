// The morning fed by a fake Wonde in local mode (the terminal/page port, the real router and outbox): the
// AM list names the registers not taken and is edited in place when they arrive; the afternoon with no
// marks posts one "no register data yet"; a revoked token is told once and its recovery once; a leaver
// deleted in the MIS and a pupil admitted mid-day, through the chat (support-roll.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRollcall, type Rollcall } from '../../src/app/rollcall.js';
import { renderText } from '../../src/chat/local/render-text.js';
import { startLocalMode, type LocalMode } from '../../src/chat/local/start.js';
import type { Database } from '../../src/db/client.js';
import { ManualClock, type JobContext } from '../../src/jobs/index.js';
import { createTestDatabase } from '../support/db.js';
import { JOBS, startFeed, TODAY, type Feed } from './support-feed.js';
import { admittedMidDay, leaverDeletedInTheMis, type RollDriver } from './support-roll.js';
import { WONDE_TOKEN } from './support.js';

let db: Database;
let feed: Feed;
let rollcall: Rollcall;
let local: LocalMode;
let schoolId = '';
const clock = new ManualClock(`${TODAY}T09:10:00Z`);

const posts = () => local.port.messages('attendance').filter((p) => !p.visibleTo);
const shown = () => posts().map((p) => ({ text: renderText(p.message), edits: p.edits ?? 0 }));
async function close(job: string, at: string) {
  clock.set(new Date(at));
  const school = await rollcall.services.school(schoolId);
  const j = feed.workflows[1].jobs!(school, rollcall.services).find((x) => x.name === job)!;
  const context: JobContext = { schoolId, timezone: 'Europe/London', name: job };
  await j.run(new Date(at), context);
  await rollcall.outbox.drain();
}
async function poll(at: string) {
  clock.set(new Date(at));
  const result = await feed.poll(rollcall.services, schoolId, at);
  await rollcall.outbox.drain();
  return result;
}

beforeAll(async () => {
  feed = await startFeed();
  db = await createTestDatabase();
  schoolId = await feed.seed(db);
  rollcall = createRollcall({ db, platforms: ['local'], workflows: feed.workflows, clock });
  local = await startLocalMode({ router: rollcall.router, staffDirectory: rollcall.staffDirectory, schoolId, userId: 'S002', channel: 'attendance', terminal: false, print: () => undefined });
  rollcall.attach(local.port);
  expect(await poll(`${TODAY}T09:10:00Z`)).toMatchObject({ sync: { ok: true, full: true } });
}, 120_000);
afterAll(async () => { await local?.stop(); await rollcall?.stop(); await db?.close(); await feed?.close(); });

describe('local mode fed by the fake Wonde', () => {
  it('shows the classes not taken, then edits the same post when their registers arrive', async () => {
    await close(JOBS.amClose, `${TODAY}T09:15:00Z`);
    expect(shown()).toHaveLength(1);
    expect(shown()[0]!.text).toMatch(/Registers not taken yet \(2\)[\s\S]*1R[\s\S]*Anita Shah[\s\S]*5H[\s\S]*Lucy Hart/);
    feed.takeLateRegisters(`${TODAY}T09:38:00Z`);
    expect(await poll(`${TODAY}T09:40:00Z`)).toMatchObject({ refreshed: 1 });
    const [list] = shown();
    expect(shown()).toHaveLength(1);
    expect(list!.edits).toBeGreaterThanOrEqual(1);
    expect(list!.text).not.toContain('Registers not taken yet');
    expect(list!.text).toMatch(/Kai Reed[\s\S]*Register data as of 09:40|Register data as of 09:40[\s\S]*Kai Reed/);
  });

  it('posts "no register data yet" at the PM close, with no case', async () => {
    const cases = await db.prisma.unexplainedAbsence.count();
    await close(JOBS.pmClose, `${TODAY}T13:30:00Z`);
    expect(shown().filter((p) => p.text.includes('No register data yet: PM Mon 23 Nov'))).toHaveLength(1);
    expect(await db.prisma.unexplainedAbsence.count()).toBe(cases);
  });

  it('tells a revoked token once and its recovery once', async () => {
    feed.fake.store.tokens.clear();
    await poll(`${TODAY}T13:40:00Z`);
    await poll(`${TODAY}T13:42:00Z`);
    feed.fake.store.tokens.add(WONDE_TOKEN);
    await poll(`${TODAY}T13:44:00Z`);
    await poll(`${TODAY}T13:46:00Z`);
    expect(shown().filter((p) => p.text.includes('not arriving from the MIS'))).toHaveLength(1);
    expect(shown().filter((p) => p.text.includes('arriving from the MIS again'))).toHaveLength(1);
  });

  describe('the roll changing in the MIS', () => {
    const driver = (): RollDriver => ({
      db, schoolId, feed, poll, close,
      call: async (words) => {
        await local.chat.run(`/call ${words}`);
        return renderText(local.port.messages('attendance', 'S002').at(-1)!.message);
      },
      list: (heading) => shown().find((p) => p.text.includes(heading))?.text ?? '',
    });
    it('a leaver deleted in the MIS is on no later list and naming them says they left; their history stays', () => leaverDeletedInTheMis(driver()));
    it('a pupil admitted mid-day is listed at the PM close and can be named in /call', () => admittedMidDay(driver()));
  });
});
