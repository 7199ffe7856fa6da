// Slack accepting a message and then answering 500, end to end through the real Bolt receiver and the
// fake Web API on the injected clock: the missing-pupil card, the parent alert in its thread and the
// alert's direct message each land on the first try and fail. The retry reads the channel, thread or DM
// back, finds the page by the mark it carries, and posts nothing again: one card, one alert, one DM, and
// the records say sent. Without the history scopes it falls back to posting again (a duplicate, never a loss).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeSlackCall } from '../../support/fake-slack.js';
import type { SlackHarness } from '../../support/slack-harness.js';
import { cards, command, dms, incidentFor, MINUTE, runUntil, startMissingHarness, textOf, thread, USERS } from './support.js';

let h: SlackHarness;
beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  h = await startMissingHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
  vi.restoreAllMocks();
});

const at = (hhmmss: string) => new Date(`2026-11-23T${hhmmss}Z`).getTime();
const cardFor = (name: string) => cards(h).find((m) => textOf(m).includes(`MISSING: ${name}`));
const alertsIn = (name: string) => thread(h, cardFor(name)!).filter((m) => textOf(m).includes('NOTIFY PARENTS NOW'));
const says = (c: FakeSlackCall, what: string) => JSON.stringify(c.body['blocks'] ?? '').includes(what);

/** The first post matching each test lands and is answered 500; every later one goes through. */
function acceptThen500(...matches: ((c: FakeSlackCall) => boolean)[]): FakeSlackCall[] {
  const hit: FakeSlackCall[] = [];
  const left = [...matches];
  h.fake.setRule((c) => {
    if (c.method !== 'chat.postMessage') return undefined;
    const at = left.findIndex((m) => m(c));
    if (at === -1) return undefined;
    left.splice(at, 1);
    hit.push(c);
    return { status: 500, accepted: true };
  });
  return hit;
}

describe('Slack accepts a post and answers 500', () => {
  it('the card, the parent alert in its thread and its direct message each appear once, and are recorded sent', async () => {
    const hit = acceptThen500(
      (c) => c.body['channel'] === '#incidents' && c.body['thread_ts'] === undefined && says(c, 'MISSING: Amy Brown'),
      (c) => c.body['thread_ts'] !== undefined && says(c, 'NOTIFY PARENTS NOW'),
      (c) => c.body['channel'] === `D${USERS.office}` && says(c, 'NOTIFY PARENTS NOW'),
    );
    expect(await command(h, USERS.teacher, '/missing', 'Amy Brown by the gate')).toContain('Search started');
    await runUntil(h, at('10:41:00'));
    h.fake.setRule(undefined);
    expect(hit).toHaveLength(3);

    expect(cards(h).filter((m) => textOf(m).includes('MISSING: Amy Brown'))).toHaveLength(1);
    expect(alertsIn('Amy Brown')).toHaveLength(1);
    expect(dms(h, USERS.office).filter((m) => m.includes('NOTIFY PARENTS NOW'))).toHaveLength(1);
    // The replies went under the card that landed, found again by its mark.
    expect(thread(h, cardFor('Amy Brown')!).length).toBeGreaterThan(1);
    expect(h.fake.callsTo('conversations.history').length).toBeGreaterThan(0);
    expect(h.fake.callsTo('conversations.replies').length).toBeGreaterThan(0);

    const incident = await incidentFor(h, 'Brown');
    const rows = await h.db.prisma.outboxMessage.findMany({ where: { subject: `incident:${incident.id}`, attempts: { gt: 1 } } });
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(await h.db.prisma.outboxMessage.count({ where: { subject: `incident:${incident.id}`, status: 'dead' } })).toBe(0);
  });

  it('without the history scopes (an older install) the alert is posted again: a duplicate, not a loss', async () => {
    await runUntil(h, at('10:50:00'), MINUTE);
    expect(await command(h, USERS.teacher, '/missing', 'Ben Carter in the hall')).toContain('Search started');
    await h.drain();
    acceptThen500((c) => c.body['thread_ts'] !== undefined && says(c, 'NOTIFY PARENTS NOW'));
    h.fake.failNext('conversations.replies', { error: 'missing_scope' }, 5);
    await runUntil(h, at('11:01:00'));
    h.fake.setRule(undefined);
    expect(alertsIn('Ben Carter')).toHaveLength(2);
  });
});
