// The office hears about the MIS's own records through chat, once each: a mark held back from the register
// (a Saturday trip mark, a mark in half term) with its reason while the rest of the marks arrive, and the
// import's warnings (a present symbol in the other session). Polls, the nightly reconcile and a restart read
// the same records again and tell nothing new; a new record is told alone. No pupil data reaches the log.
// Through the real Bolt receiver to the fake Slack, the feed from a fake Wonde.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pollSchool } from '../../src/workflows/mis/index.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { textOf } from '../workflows/unexplained/support.js';
import { startFeed, TODAY, type Feed } from './support-feed.js';
import { studentIdOf, WONDE_SCHOOL } from './support.js';

let h: SlackHarness;
let feed: Feed;
let schoolId = '';
const logged: string[] = [];

/** Direct messages about the MIS's records (the school's policy gives resolveNCodes to the attendance officer, UATT). */
const dms = (user: string, words = 'from the MIS') => h.fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === `D${user}` && textOf(c.body).includes(words));
const HELD = 'from the MIS not taken into Rollcall';
let toldAtFirstSync = 0;
const marksOf = async (upn: string) =>
  (await h.db.prisma.sessionMark.findMany({ where: { schoolId, pupil: { upn } } })).map((m) => `${m.date.toISOString().slice(0, 10)} ${m.session} ${m.code}`);

async function pollAt(at: string, full = false) {
  h.clock.set(new Date(`${TODAY}T${at}:00Z`));
  feed.fake.store.now = () => new Date(`${TODAY}T${at}:00Z`);
  const outcome = await pollSchool(h.rollcall.services, await h.rollcall.services.school(schoolId), feed.source, full);
  await h.drain();
  return outcome;
}

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => { logged.push(args.map(String).join(' ')); });
  }
  feed = await startFeed();
  h = await startSlackHarness({ workflows: feed.workflows, now: new Date(`${TODAY}T09:10:00Z`), seed: async (db) => { schoolId = await feed.seed(db); } });
  expect(await pollAt('09:10')).toMatchObject({ sync: { ok: true, full: true } });
  // The first full sync's own remarks (a pupil with one contact...) are told then, once.
  toldAtFirstSync = dms('UATT').length;
}, 120_000);
afterAll(async () => { vi.restoreAllMocks(); await h?.close(); await feed?.close(); });

describe('MIS records the import cannot take, or takes with a remark', () => {
  it('holds back only the bad marks, takes the rest, and tells the office once each with the reason', async () => {
    const store = feed.fake.store;
    const at = new Date(`${TODAY}T09:20:00Z`);
    store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000003'), date: TODAY, session: 'AM', code: 'N' }, at);
    store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000001'), date: '2026-11-21', session: 'AM', code: 'V' }, at); // a Saturday trip
    store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000002'), date: '2026-10-28', session: 'PM', code: 'I' }, at); // half term
    store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000004'), date: '2026-11-20', session: 'AM', code: '\\' }, at);

    const first = await pollAt('09:20');
    expect(first.sync).toMatchObject({ ok: true, counts: { marks: 4, marksHeldBack: 2 } });
    expect(await marksOf('A100000000003')).toContain(`${TODAY} AM N`);
    expect(await marksOf('A100000000001')).not.toContain('2026-11-21 AM V');
    expect(await marksOf('A100000000002')).not.toContain('2026-10-28 PM I');
    // No outage: the register feed works, so the admin channel hears nothing.
    expect(h.fake.messages('#attendance').filter((m) => textOf(m).includes('not arriving'))).toHaveLength(0);

    for (const user of ['UATT']) {
      const told = dms(user, HELD);
      expect(told).toHaveLength(1);
      const words = textOf(told[0]!.body);
      expect(words).toContain('2 register marks from the MIS not taken into Rollcall');
      expect(words).toMatch(/A100000000001 2026-11-21 AM\): no AM session on 2026-11-21, a Saturday/);
      expect(words).toMatch(/A100000000002 2026-10-28 PM\): no PM session on 2026-10-28, in the autumn half term/);
      expect(words).toMatch(/A100000000004 2026-11-20 AM: \\+ is the afternoon present mark/);
    }
    // Only those who resolve register entries: not the class teacher or the first-day callers, not a channel.
    for (const user of ['UTEACH', 'UOFFICE', 'UHEAD']) expect(dms(user)).toHaveLength(0);
    expect(dms('UATT')).toHaveLength(toldAtFirstSync + 1);
    expect(h.fake.messages('#attendance').filter((m) => textOf(m).includes('from the MIS'))).toHaveLength(0);
  });

  it('tells nothing again when polls and the nightly reconcile read the same records', async () => {
    await pollAt('09:22');
    await pollAt('09:24', true);
    expect((await pollAt('09:26', true)).sync).toMatchObject({ ok: true, counts: { marksHeldBack: 2 } });
    expect(dms('UATT')).toHaveLength(toldAtFirstSync + 1);
  });

  it('tells a new bad record alone', async () => {
    feed.fake.store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000005'), date: '2026-11-22', session: 'PM', code: 'V' }, new Date(`${TODAY}T09:28:00Z`));
    await pollAt('09:30');
    const told = dms('UATT', HELD);
    expect(told).toHaveLength(2);
    expect(dms('UATT')).toHaveLength(toldAtFirstSync + 2);
    const words = textOf(told[1]!.body);
    expect(words).toContain('1 register mark from the MIS not taken into Rollcall');
    expect(words).toContain('A100000000005 2026-11-22 PM');
    expect(words).not.toContain('A100000000001');
    expect(words).not.toContain('is the afternoon present mark');
  });

  it('puts no pupil data in the log', () => {
    const all = logged.join('\n');
    expect(all).not.toMatch(/A1000000000\d\d/);
    expect(all).not.toContain('2026-11-21');
  });
});
