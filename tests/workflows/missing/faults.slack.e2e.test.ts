// The missing-pupil procedure on Slack while Slack fails the way it does, end to end through the real
// Bolt receiver and the fake Web API, on the injected clock: three minutes of 500s around the parent
// deadline, a storm of 429s, and a post Slack accepted but answered 500. In each the parent alert
// arrives exactly once after the fault, nothing about the search is given up, the overdue alert is
// escalated by every other route and recorded on the timeline, and the written report says "posted"
// only once Slack took it.
import { beforeAll, describe, expect, it } from 'vitest';
import { renderIncidentReport } from '../../../src/workflows/missing/index.js';
import type { FakeSlackCall } from '../../support/fake-slack.js';
import type { SlackHarness } from '../../support/slack-harness.js';
import { cards, command, dms, incidentFor, MINUTE, missingHarnessWithOperatorLines, runUntil as runAll, textOf, thread, USERS } from './support.js';

const file = missingHarnessWithOperatorLines();
const alerts = file.lines;
let h: SlackHarness;
beforeAll(() => void (h = file.harness()));

const SECOND = 1000;
const at = (hhmmss: string) => new Date(`2026-11-23T${hhmmss}Z`).getTime();
const now = () => h.clock.now().getTime();
const cardFor = (name: string) => cards(h).find((m) => textOf(m).includes(name))!;
const alertsIn = (name: string) => thread(h, cardFor(name)).filter((m) => textOf(m).includes('NOTIFY PARENTS NOW'));

const runUntil = (until: number, stepMs = 2 * SECOND) => runAll(h, until, stepMs);

async function raise(first: string, last: string, where: string): Promise<string> {
  expect(await command(h, USERS.teacher, '/missing', `${first} ${last} ${where}`)).toContain('Search started');
  await h.drain();
  expect(cardFor(`${first} ${last}`)).toBeDefined();
  return (await incidentFor(h, last)).id;
}

async function safeguardingDead(incidentId: string): Promise<number> {
  return h.db.prisma.outboxMessage.count({ where: { subject: `incident:${incidentId}`, status: 'dead' } });
}

describe('Slack failing 500 for three minutes around the parent deadline', () => {
  let incidentId = '';
  const outage = { from: at('10:39:00'), to: at('10:42:00') };

  it('keeps the alert (and its direct messages) waiting while Slack fails, without giving up', async () => {
    incidentId = await raise('Amy', 'Brown', 'by the gate');
    await runUntil(at('10:38:50'), MINUTE);
    h.fake.setRule(() => (now() >= outage.from && now() < outage.to ? { status: 500 } : undefined));
    await runUntil(at('10:40:30'));
    const incident = await incidentFor(h, 'Brown');
    expect(incident.parentAlertAt?.toISOString()).toBe('2026-11-23T10:40:00.000Z');
    expect(alertsIn('Amy Brown')).toEqual([]);
    const report = await renderIncidentReport(h.db, incidentId, 'markdown');
    expect(report).toMatch(/- \*\*Parent alert:\*\* Raised 10:40:00; NOT posted \(not delivered yet: http\\?_500\); 0 of 2 direct messages delivered/);
  });

  it('escalates the alert a minute after it was due: by every other route, on the timeline and the operator’s screen', async () => {
    await runUntil(at('10:41:10'));
    const events = await h.db.prisma.incidentEvent.findMany({ where: { incidentId, kind: 'delivery-escalated' }, orderBy: { id: 'asc' } });
    const alertEvent = events.find((e) => e.text.startsWith('The parent alert had not reached #incidents on Slack'));
    expect(alertEvent?.text).toMatch(/\(http_500\): Rollcall sent it directly to the search lead, the DSL and the head, to #slt, to the operator's screen\./);
    expect(alertEvent!.at.getTime()).toBeGreaterThanOrEqual(at('10:41:00'));
    expect(alertEvent!.at.getTime()).toBeLessThan(at('10:41:04'));
    expect(alerts.some((l) => l.startsWith('[safeguarding] st-lukes missing-pupil incident') && l.includes('the parent alert had not reached #incidents'))).toBe(true);
    expect(alerts.join('\n')).not.toMatch(/Amy|Brown|07700/);
    // Escalated once, however long the outage lasts.
    await runUntil(at('10:41:40'));
    expect(await h.db.prisma.incidentEvent.count({ where: { incidentId, kind: 'delivery-escalated', text: { startsWith: 'The parent alert had' } } })).toBe(1);
  });

  it('delivers the alert exactly once, within two seconds of Slack coming back, and nothing was given up', async () => {
    await runUntil(at('10:43:00'));
    h.fake.setRule(undefined);
    expect(alertsIn('Amy Brown')).toHaveLength(1);
    const post = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { subject: `incident:${incidentId}`, purpose: 'parent-alert' } });
    expect(post.status).toBe('sent');
    expect(post.sentAt!.getTime() - outage.to).toBeLessThanOrEqual(2 * SECOND);
    expect(post.attempts).toBeGreaterThan(8); // more than the outbox gives an ordinary message
    expect(await safeguardingDead(incidentId)).toBe(0);
    // The lead and office got the alert with the numbers, and the escalation copy came to the lead too.
    for (const user of [USERS.head, USERS.office]) expect(dms(h, user).filter((m) => m.includes('NOTIFY PARENTS NOW') && m.includes('07700 900001'))).not.toHaveLength(0);
    expect(dms(h, USERS.head).some((m) => m.includes('Not delivered: the parent alert'))).toBe(true);
    expect(h.fake.messages('#slt').some((m) => textOf(m).includes('Not delivered: the parent alert'))).toBe(true);
    const report = await renderIncidentReport(h.db, incidentId, 'markdown');
    expect(report).toMatch(/- \*\*Parent alert:\*\* Raised 10:40:00; posted 10:42:0[0-2]; 2 of 2 direct messages delivered/);
    expect(report).toContain('The parent alert had not reached \\#incidents on Slack');
  });
});

describe('a storm of 429s from Slack around the deadline', () => {
  it('waits out each Retry-After per method (one request per wait, no attempt used) and delivers the alert once', async () => {
    const start = at('10:50:00');
    await runUntil(start, MINUTE);
    const incidentId = await raise('Ben', 'Carter', 'in the hall');
    const storm = { from: start + 9 * MINUTE, to: start + 11 * MINUTE };
    const posts: number[] = [];
    h.fake.setRule((c: FakeSlackCall) => {
      if (c.method !== 'chat.postMessage' || now() < storm.from || now() >= storm.to) return undefined;
      posts.push(now());
      return { status: 429, retryAfter: 5 };
    });
    await runUntil(storm.from - 10 * SECOND, MINUTE);
    await runUntil(storm.to + 10 * SECOND, SECOND);
    h.fake.setRule(undefined);
    expect(alertsIn('Ben Carter')).toHaveLength(1);
    // Two minutes of storm at one request per 5 s Retry-After: about 24, not one per queued message per second.
    expect(posts.length).toBeLessThanOrEqual(26);
    const alert = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { subject: `incident:${incidentId}`, purpose: 'parent-alert' } });
    expect(alert.attempts).toBe(1);
    expect(alert.sentAt!.getTime() - storm.to).toBeLessThanOrEqual(5 * SECOND);
    expect(await safeguardingDead(incidentId)).toBe(0);
  });
});
