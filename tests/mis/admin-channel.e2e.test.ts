// A school whose policy names an admin channel (channels.admin) hears there, not in the attendance channel,
// that register data stopped arriving from the MIS, once per outage, and once that it is back. Through the
// real Bolt receiver to the fake Slack; the fake Wonde refuses the token for the outage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/load.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { textOf } from '../workflows/unexplained/support.js';
import { startFeed, TODAY, type Feed } from './support-feed.js';
import { WONDE_TOKEN, wondePolicyYaml } from './support.js';

let h: SlackHarness;
let feed: Feed;
let schoolId = '';

async function pollAt(...times: string[]): Promise<boolean[]> {
  const ok: boolean[] = [];
  for (const at of times) {
    h.clock.set(new Date(`${TODAY}T${at}:00Z`));
    ok.push((await feed.poll(h.rollcall.services, schoolId, `${TODAY}T${at}:00Z`)).sync?.ok ?? false);
  }
  await h.drain();
  return ok;
}

const said = (channel: string, words: string) => h.fake.messages(channel).filter((m) => textOf(m).includes(words));

beforeAll(async () => {
  feed = await startFeed({ adminChannel: '#it-office' });
  h = await startSlackHarness({ workflows: feed.workflows, now: new Date(`${TODAY}T09:10:00Z`), seed: async (db) => { schoolId = await feed.seed(db); } });
  expect(await pollAt('09:10')).toEqual([true]);
}, 120_000);
afterAll(async () => { await h?.close(); await feed?.close(); });

describe('channels.admin', () => {
  it('tells the admin channel once per outage and once on recovery, and the attendance channel neither', async () => {
    feed.fake.store.tokens.clear();
    expect(await pollAt('10:00', '10:02', '10:04')).toEqual([false, false, false]);
    expect(said('#it-office', 'not arriving from the MIS')).toHaveLength(1);
    expect(textOf(said('#it-office', 'not arriving from the MIS')[0])).toMatch(/Since 10:00: Wonde refused the app token/);

    feed.fake.store.tokens.add(WONDE_TOKEN);
    expect(await pollAt('10:06', '10:08')).toEqual([true, true]);
    expect(said('#it-office', 'arriving from the MIS again')).toHaveLength(1);

    // A second outage is a new one: told again, once.
    feed.fake.store.tokens.clear();
    expect(await pollAt('11:00', '11:02')).toEqual([false, false]);
    expect(said('#it-office', 'not arriving from the MIS')).toHaveLength(2);
    expect(said('#attendance', 'from the MIS')).toHaveLength(0);
  });

  it('is a channel name when given: an empty one is refused with its path', () => {
    const parsed = parsePolicy(wondePolicyYaml().replace('\nchannels:\n', '\nchannels:\n  admin: ""\n'));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.path)).toContain('channels.admin');
    const without = parsePolicy(wondePolicyYaml());
    expect(without.ok && without.policy.channels.admin).toBe(undefined);
  });
});
