// Lists that show everything: a morning with 45 more pupils coded N than one answer can hold. /absences
// answers one page at a time (each fits one Slack reply), says how many there are and carries a Next
// button, so every pupil can be reached; App Home lists every follow-up the person owns, soonest first,
// with the count. Over Slack's real HTTP receiver against the fake Slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../src/register/import.js';
import { ABSENCES_PAGE_ROWS } from '../../../src/workflows/unexplained/absences.js';
import { eventCallback, sendSigned } from '../../support/slack-signing.js';
import { SIGNING_SECRET, TEAM_ID, type SlackHarness } from '../../support/slack-harness.js';
import { SLUG, startSmallSchool, type SmallSchool } from './support.js';

const EXTRA = 45;
const extraUpn = (i: number) => `B2000000000${String(i).padStart(2, '0')}`;
const extraName = (i: number) => `Pupil${String(i).padStart(2, '0')} Extra`;

let s: SmallSchool;
let h: SlackHarness;
beforeAll(async () => {
  s = await startSmallSchool('2026-11-23T09:15:00Z');
  h = s.h;
  const header = 'upn,first_name,last_name,year_group,class,admission_date,sen_status,ehcp,fsm,eal,looked_after,child_protection_plan,social_worker,young_carer';
  const pupils = Array.from({ length: EXTRA }, (_, i) => `${extraUpn(i)},Pupil${String(i).padStart(2, '0')},Extra,Y4,4K,2022-09-05,N,N,N,N,N,N,N,N`);
  const marks = Array.from({ length: EXTRA }, (_, i) => `${extraUpn(i)},2026-11-23,AM,N`);
  const actor = { name: 'test', role: 'system' as const };
  for (const [kind, csvText] of [['pupils', `${header}\n${pupils.join('\n')}\n`], ['marks', `upn,date,session,code\n${marks.join('\n')}\n`]] as const) {
    const result = await importFile(h.db, { receivedAt: new Date(), schoolSlug: SLUG, kind, csvText, actor });
    expect(result.errors).toEqual([]);
  }
  await s.runJob('unexplained.am-close', '2026-11-23T09:15:00Z');
  await h.drain();
}, 120_000);
afterAll(async () => h?.close());

let seq = 0;
async function absences(text: string): Promise<string[]> {
  const key = `abs-${++seq}`;
  await h.command('UOFFICE', '/absences', text, { responseKey: key });
  await h.fake.waitFor('response_url', (c) => c.body['__key'] === key);
  await h.drain();
  return h.fake.callsTo('response_url').filter((c) => c.body['__key'] === key).map((c) => JSON.stringify(c.body));
}

const pupilsIn = (answer: string) => new Set([...answer.matchAll(/\*(Amy Brown|Kai Reed|Lily Evans|Pupil\d\d Extra)\*/g)].map((m) => m[1] ?? ''));
const nextCommand = (answer: string) => /"value":"(\/absences [^"]+)"/.exec(answer)?.[1];

describe('/absences with more pupils than one answer holds', () => {
  it('answers one page that fits one reply, with the count and a button for the next', async () => {
    const first = await absences('');
    expect(first).toHaveLength(1);
    expect(first[0]).toContain(`Showing 1-${ABSENCES_PAGE_ROWS} of 48 pupils (page 1 of 3)`);
    expect(pupilsIn(first[0]!).size).toBe(ABSENCES_PAGE_ROWS);
    expect(nextCommand(first[0]!)).toBe('/absences 2026-11-23 page 2');
  });

  it('reaches every pupil by pressing Next, each once, and the last page has no Next', async () => {
    const seen: string[] = [];
    let answer = (await absences(''))[0]!;
    for (let page = 1; ; page++) {
      seen.push(...pupilsIn(answer));
      const next = nextCommand(answer);
      if (!next) break;
      expect(page).toBeLessThan(3);
      answer = (await absences(next.replace('/absences ', '')))[0]!;
    }
    expect(answer).toContain('Showing 41-48 of 48 pupils (page 3 of 3)');
    expect(seen).toHaveLength(48);
    expect(new Set(seen).size).toBe(48);
    for (let i = 0; i < EXTRA; i++) expect(seen).toContain(extraName(i));
  });

  it('answers a page past the end with the last page, and refuses words it does not know', async () => {
    expect((await absences('today page 9'))[0]).toContain('(page 3 of 3)');
    const bad = (await absences('today pages two'))[0]!;
    expect(bad).toContain('after the date, write page and a number');
    expect(bad).toContain('/absences [today|yesterday|YYYY-MM-DD] [page N]');
  });
});

describe('App Home follow-ups', () => {
  it('lists every follow-up the person owns, soonest due first, with the count', async () => {
    h.clock.set(new Date('2026-11-23T10:45:00Z'));
    await h.rollcall.timers.tick();
    await h.drain();
    const owned = await h.db.prisma.task.count({ where: { status: 'open', ownerRole: 'office', kind: { startsWith: 'unexplained.' } } });
    expect(owned).toBeGreaterThan(100);
    const before = h.fake.callsTo('views.publish').length;
    const body = JSON.stringify(eventCallback({ type: 'app_home_opened', user: 'UOFFICE', tab: 'home', channel: 'DUOFFICE' }, { eventId: 'Ev-full-lists-1', teamId: TEAM_ID }));
    await sendSigned(h.url, body, { signingSecret: SIGNING_SECRET, contentType: 'application/json' });
    await h.fake.waitFor('views.publish', (c) => c.body['user_id'] === 'UOFFICE' && h.fake.callsTo('views.publish').length > before);
    const home = JSON.stringify(h.fake.homeViews.get('UOFFICE'));
    expect(home).toContain(`Your follow-ups (${owned})`);
    expect(home).not.toContain('left out');
    const times = [...home.matchAll(/due (\d\d:\d\d) · /g)].map((m) => m[1]);
    expect(times).toHaveLength(owned);
    expect(times).toEqual([...times].sort());
    for (let i = 0; i < EXTRA; i++) expect(home).toContain(`Call the first contact: ${extraName(i)}`);
    // A morning's worth of follow-ups fired and posted at once: about 15 s alone, over a minute on a
    // machine busy with other suites.
  }, 180_000);
});
