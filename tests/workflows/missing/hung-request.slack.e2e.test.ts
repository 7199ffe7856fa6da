// A Web API call Slack never answers, end to end through the real Bolt receiver: the missing-pupil card's
// first post hangs with its connection open. The call gives up after the client's timeout as a network
// error, the outbox tries again, and the card lands once; a hung call does not hold the card (or the
// messages queued behind it) for as long as the socket stays open.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeSlackCall } from '../../support/fake-slack.js';
import type { SlackHarness } from '../../support/slack-harness.js';
import { cards, command, incidentFor, runUntil, startMissingHarness, textOf, USERS } from './support.js';

let h: SlackHarness;
beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  h = await startMissingHarness({ requestTimeoutMs: 500 });
}, 120_000);
afterAll(async () => {
  await h?.close();
  vi.restoreAllMocks();
});

describe('Slack never answers the card post', () => {
  it('the call times out, the card is posted again and lands once, recorded sent', async () => {
    const hung: FakeSlackCall[] = [];
    h.fake.setRule((c) => {
      const isCard = c.method === 'chat.postMessage' && c.body['thread_ts'] === undefined && JSON.stringify(c.body['blocks'] ?? '').includes('MISSING: Amy Brown');
      if (!isCard || hung.length > 0) return undefined;
      hung.push(c);
      return { hang: true };
    });
    expect(await command(h, USERS.teacher, '/missing', 'Amy Brown by the gate')).toContain('Search started');
    await runUntil(h, new Date('2026-11-23T10:31:00Z').getTime());
    h.fake.setRule(undefined);

    expect(hung).toHaveLength(1);
    expect(cards(h).filter((m) => textOf(m).includes('MISSING: Amy Brown'))).toHaveLength(1);
    const incident = await incidentFor(h, 'Brown');
    const card = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { subject: `incident:${incident.id}`, channel: '#incidents', threadKey: null, attempts: { gt: 1 } } });
    expect(card.status).toBe('sent');
  }, 30_000);
});
