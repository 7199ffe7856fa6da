// The missing-pupil card while Slack refuses it, end to end through the real Bolt receiver and the fake
// Web API on the injected clock. Refused because the channel is gone (channel_not_found: Rollcall waits
// for it, as for a channel it is not in yet) or outright (a workspace's policy, restricted_action): in
// both the card is never given up while the search is open, the people who can act are told once, the
// timeline says what happened, and once Slack takes it the card is in #incidents exactly once, with the
// replies that waited for it under it.
import { beforeAll, describe, expect, it } from 'vitest';
import { renderIncidentReport } from '../../../src/workflows/missing/index.js';
import type { FakeSlackCall } from '../../support/fake-slack.js';
import type { SlackHarness } from '../../support/slack-harness.js';
import { cards, command, dms, incidentFor, MINUTE, missingHarnessWithOperatorLines, runUntil as runAll, textOf, thread, USERS } from './support.js';

const file = missingHarnessWithOperatorLines();
const lines = file.lines;
let h: SlackHarness;
beforeAll(() => void (h = file.harness()));

const SECOND = 1000;
const now = () => h.clock.now().getTime();
const runUntil = (until: number, stepMs = 5 * SECOND) => runAll(h, until, stepMs);
const cardsFor = (name: string) => cards(h).filter((m) => textOf(m).includes(name));

/** Slack refuses the pupil's card in #incidents (and nothing else) with `error` until `recovery`. */
function refuseCard(name: string, error: string, recovery: number): () => number {
  let refused = 0;
  h.fake.setRule((c: FakeSlackCall) => {
    const card = c.method === 'chat.postMessage' && c.body['channel'] === '#incidents' && c.body['thread_ts'] === undefined && String(c.body['text']).includes(name);
    if (!card || now() >= recovery) return undefined;
    refused += 1;
    return { error };
  });
  return () => refused;
}

async function raise(first: string, last: string): Promise<string> {
  expect(await command(h, USERS.teacher, '/missing', `${first} ${last} by the gate`)).toContain('Search started');
  return (await incidentFor(h, last)).id;
}

const deadAbout = (incidentId: string) => h.db.prisma.outboxMessage.count({ where: { subject: `incident:${incidentId}`, status: 'dead' } });
const cardRow = (incidentId: string) => h.db.prisma.outboxMessage.findFirstOrThrow({ where: { subject: `incident:${incidentId}`, purpose: 'raise', op: 'post' } });

/** The half-time reminder, due while the card could not go, waited for it (using no attempt) and is in its thread, not on its own. */
async function halfTimeWaitedInThread(incidentId: string, name: string): Promise<void> {
  const halfTime = (m: { blocks: unknown }) => JSON.stringify(m.blocks).includes('Half the time has gone');
  expect(thread(h, cardsFor(name)[0]!).filter(halfTime)).toHaveLength(1);
  expect(cards(h).filter(halfTime)).toEqual([]);
  const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { subject: `incident:${incidentId}`, purpose: 'half-time' } });
  expect([row.status, row.attempts]).toEqual(['sent', 1]);
}

describe('Slack answering channel_not_found, then the channel is back', () => {
  it('waits for the channel, tells the admins once, escalates once, and posts the card once when it is back', async () => {
    const recovery = now() + 4 * MINUTE;
    const refusals = refuseCard('Amy Brown', 'channel_not_found', recovery);
    const incidentId = await raise('Amy', 'Brown');
    await runUntil(recovery - SECOND);
    expect(cardsFor('Amy Brown')).toEqual([]);
    expect(refusals()).toBeGreaterThan(1);
    const waiting = await cardRow(incidentId);
    expect([waiting.status, waiting.lastError]).toEqual(['pending', expect.stringMatching(/^held: channel_not_found/)]);
    // The head (an admin) is told how to fix it once; the DSL and head get the card by DM once, as overdue.
    expect(dms(h, USERS.head).filter((t) => t.includes('Rollcall could not post in Slack'))).toHaveLength(1);
    for (const who of [USERS.dsl, USERS.head]) expect(dms(h, who).filter((t) => t.includes('Not delivered: the missing-pupil card'))).toHaveLength(1);
    const events = await h.db.prisma.incidentEvent.findMany({ where: { incidentId, text: { contains: 'missing-pupil card' } } });
    expect(events.map((e) => [e.kind, e.text])).toEqual([['delivery-escalated', expect.stringContaining('had not reached #incidents on Slack 60 s after it was due (channel_not_found)')]]);

    await runUntil(recovery + MINUTE);
    expect(cardsFor('Amy Brown')).toHaveLength(1);
    const sent = await cardRow(incidentId);
    expect(sent.status).toBe('sent');
    expect(sent.sentAt!.getTime() - recovery).toBeLessThanOrEqual(30 * SECOND);
    await halfTimeWaitedInThread(incidentId, 'Amy Brown');
    expect(await deadAbout(incidentId)).toBe(0);
    const report = await renderIncidentReport(h.db, incidentId, 'markdown');
    expect(report).toContain('The missing-pupil card had not reached \\#incidents on Slack 60 s after it was due');
    h.fake.setRule(undefined);
  });
});

describe('Slack refusing the card outright (restricted_action), then allowing it', () => {
  it('keeps the card, escalates once to the DSL, the head (an admin) and #slt, retries slowly, and posts it once', async () => {
    const recovery = now() + 6 * MINUTE;
    const refusals = refuseCard('Ben Carter', 'restricted_action', recovery);
    const incidentId = await raise('Ben', 'Carter');
    await runUntil(recovery - SECOND);
    expect(cardsFor('Ben Carter')).toEqual([]);
    // Tried again after 1, 2 then 4 minutes: a refusal is not retried every second.
    expect(refusals()).toBe(3);
    const kept = await cardRow(incidentId);
    expect([kept.status, kept.lastError]).toEqual(['pending', expect.stringMatching(/^restricted_action/)]);
    for (const who of [USERS.dsl, USERS.head]) {
      const told = dms(h, who).filter((t) => t.includes('Slack refused the missing-pupil card'));
      expect(told, who).toHaveLength(1);
      expect(told[0]).toContain('Rollcall tries again every few minutes while the search is open');
    }
    expect(h.fake.messages('#slt').filter((m) => textOf(m).includes('Not delivered: the missing-pupil card') && textOf(m).includes('Ben Carter'))).toHaveLength(1);
    const events = await h.db.prisma.incidentEvent.findMany({ where: { incidentId, text: { contains: 'missing-pupil card' } } });
    expect(events.map((e) => [e.kind, e.text])).toEqual([['delivery-refused', expect.stringContaining('The missing-pupil card was refused by Slack in #incidents (restricted_action)')]]);
    expect(lines.filter((l) => l.includes(kept.id) && l.includes('was refused: restricted_action'))).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/Ben|Carter|07700/);

    // Allowed again: the next slow retry (at most five minutes later) posts it, once.
    await runUntil(recovery + 5 * MINUTE);
    expect(cardsFor('Ben Carter')).toHaveLength(1);
    const sent = await cardRow(incidentId);
    expect([sent.status, sent.attempts]).toEqual(['sent', 4]);
    expect(sent.sentAt!.getTime() - recovery).toBeLessThanOrEqual(5 * MINUTE);
    await halfTimeWaitedInThread(incidentId, 'Ben Carter');
    expect(await deadAbout(incidentId)).toBe(0);
    const report = await renderIncidentReport(h.db, incidentId, 'markdown');
    expect(report).toContain('The missing-pupil card was refused by Slack in \\#incidents (restricted\\_action)');
    h.fake.setRule(undefined);
  });
});
