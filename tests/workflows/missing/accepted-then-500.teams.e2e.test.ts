// The Bot Connector accepting a message and then answering 500, end to end through /api/messages and the
// fake Bot Connector on the injected clock. A delivered private answer never also leaves "could not send
// you its answer privately" in the channel. The Bot Connector has no idempotency key and a bot cannot read
// a conversation back without Microsoft Graph, so a message Teams accepted and answered 500 for is sent
// again: the tests pin that remaining window (one extra copy, never a loss) and that the records say sent.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConnectorCall } from '../../support/fake-bot-connector.js';
import { cardText, CHANNELS, type TeamsHarness } from '../../support/teams-harness.js';
import { runUntil, startMissingTeamsHarness, teamsUser } from './support.js';

const head = teamsUser('head', 'Mr Okafor');
const office = teamsUser('office', 'Mrs Fell');
const teacher = teamsUser('teacher', 'Ms Hart');

let h: TeamsHarness;
beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  h = await startMissingTeamsHarness({ S1: head, S2: office, S3: teacher });
}, 120_000);
afterAll(async () => {
  await h?.close();
  vi.restoreAllMocks();
});

const at = (hhmmss: string) => new Date(`2026-11-23T${hhmmss}Z`).getTime();
const says = (c: ConnectorCall, what: string) => JSON.stringify(c.body).includes(what);

/** The first send matching the test lands and is answered 500; every later one goes through. */
function acceptThen500(match: (c: ConnectorCall) => boolean): ConnectorCall[] {
  const hit: ConnectorCall[] = [];
  h.fake.setRule((c) => {
    if (hit.length > 0 || (c.op !== 'send' && c.op !== 'reply') || !match(c)) return undefined;
    hit.push(c);
    return { status: 500, accepted: true };
  });
  return hit;
}

describe('Teams accepts a message and answers 500', () => {
  it('a private answer that was delivered leaves no "could not send you its answer privately" in the channel', async () => {
    const hit = acceptThen500((c) => (c.conversationId ?? '').startsWith('a:1on1-') && says(c, 'Search started for Amy Brown'));
    expect((await h.message(teacher, 'missing amy brown by the gate')).status).toBe(200);
    await h.drain();
    h.fake.setRule(undefined);
    expect(hit).toHaveLength(1);
    expect(h.fake.calls.filter((c) => says(c, 'could not send you its answer privately'))).toEqual([]);
    // Retried through the outbox as a 1:1 message: Teams cannot be asked whether the first one landed.
    const answers = (await h.privateTo(teacher)).filter((t) => t.includes('Search started for Amy Brown'));
    expect(answers).toHaveLength(2);
  });

  it('the parent alert in the card’s thread: sent again once (the documented window), recorded sent, nothing dead', async () => {
    const incident = await h.db.prisma.missingPupilIncident.findFirstOrThrow({ where: { pupil: { lastName: 'Brown' } } });
    const hit = acceptThen500((c) => c.conversationId?.includes(';messageid=') === true && says(c, 'NOTIFY PARENTS NOW'));
    await runUntil(h, at('10:41:00'));
    h.fake.setRule(undefined);
    expect(hit).toHaveLength(1);
    const card = h.posts(CHANNELS.incidents).find((m) => cardText(m).includes('MISSING: Amy Brown'))!;
    expect(h.replies(CHANNELS.incidents, card.id).filter((m) => cardText(m).includes('NOTIFY PARENTS NOW'))).toHaveLength(2);
    const alert = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { subject: `incident:${incident.id}`, purpose: 'parent-alert' } });
    expect(alert).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await h.db.prisma.outboxMessage.count({ where: { subject: `incident:${incident.id}`, status: 'dead' } })).toBe(0);
  });
});
