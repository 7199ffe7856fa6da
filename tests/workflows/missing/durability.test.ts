// The parent deadline is a durable timer: after a crash and restart (a new createRollcall on the same
// database) it fires once at the right time, or at once when overdue; with two instances on one
// database it fires once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRollcall, type Rollcall } from '../../../src/app/rollcall.js';
import { missingPupilWorkflow } from '../../../src/workflows/missing/index.js';
import type { SlackHarness } from '../../support/slack-harness.js';
import { cards, command, incidentFor, MINUTE, startMissingHarness, textOf, thread, USERS } from './support.js';

let h: SlackHarness;
const extra: Rollcall[] = [];
beforeAll(async () => {
  h = await startMissingHarness();
  // The harness's own instance plays the process that crashed: its timers never run again.
  await h.rollcall.timers.stop();
}, 120_000);
afterAll(async () => {
  for (const r of extra) await r.stop();
  await h?.close();
});

function restart(): Rollcall {
  const r = createRollcall({ db: h.db, platforms: ['slack'], workflows: [missingPupilWorkflow], clock: h.clock });
  extra.push(r);
  return r;
}

const alerts = async (lastName: string) => {
  const incident = await incidentFor(h, lastName);
  return h.db.prisma.incidentEvent.count({ where: { incidentId: incident.id, kind: 'parent-alert' } });
};

describe('the parent deadline survives a restart', () => {
  it('fires once, at the right time, from a new process started mid-countdown', async () => {
    await command(h, USERS.teacher, '/missing', 'amy brown');
    h.clock.advance(3 * MINUTE);
    const second = restart();
    h.clock.advance(2 * MINUTE);
    expect(await second.timers.tick()).toBe(1); // half time
    h.clock.advance(5 * MINUTE - 1000);
    expect(await second.timers.tick()).toBe(0);
    expect(await alerts('Brown')).toBe(0);
    h.clock.advance(1000);
    expect(await second.timers.tick()).toBe(1);
    expect(await second.timers.tick()).toBe(0);
    expect(await h.rollcall.timers.tick()).toBe(0);
    expect(await alerts('Brown')).toBe(1);

    await h.drain();
    const card = cards(h).find((m) => textOf(m).includes('Amy Brown'))!;
    expect(thread(h, card).filter((m) => textOf(m).includes('NOTIFY PARENTS NOW'))).toHaveLength(1);
    const deadline = await h.db.prisma.durableTimer.findFirstOrThrow({ where: { kind: 'missing.parent-deadline', payload: { path: ['incidentId'], equals: (await incidentFor(h, 'Brown')).id } } });
    expect(deadline.status).toBe('fired');
    expect(deadline.firedAt?.toISOString()).toBe('2026-11-23T10:40:00.000Z');
  });

  it('fires at once when the new process starts after the deadline has passed', async () => {
    await command(h, USERS.teacher, '/missing', 'dev evans');
    h.clock.advance(25 * MINUTE);
    const late = restart();
    await late.timers.start();
    expect(await alerts('Evans')).toBe(1);
    await late.timers.stop();
    expect((await incidentFor(h, 'Evans')).parentAlertAt?.toISOString()).toBe(h.clock.now().toISOString());
  });

  it('fires once with two instances ticking the same database at the same moment', async () => {
    await command(h, USERS.teacher, '/missing', 'cara dunn');
    const a = restart();
    const b = restart();
    h.clock.advance(10 * MINUTE);
    const fired = await Promise.all([a.timers.tick(), b.timers.tick(), a.timers.tick(), b.timers.tick()]);
    expect(fired.reduce((x, y) => x + y, 0)).toBe(2); // half time and the deadline, once each
    expect(await alerts('Dunn')).toBe(1);
    const incident = await incidentFor(h, 'Dunn');
    expect(await h.db.prisma.auditEvent.count({ where: { entityId: incident.id, action: 'missing.parent-alert' } })).toBe(1);
    expect(await h.db.prisma.auditEvent.count({ where: { entityId: incident.id, action: 'missing.police-prompt' } })).toBe(1);
  });
});

describe('a card a killed process had claimed', () => {
  it('goes at once after a restart on the embedded database, and waits out the short lease on PostgreSQL', async () => {
    await command(h, USERS.teacher, '/missing', 'ben carter');
    const incident = await incidentFor(h, 'Carter');
    // The killed process had claimed the card (as its worker does) and died before recording anything.
    const claimed = await h.db.prisma.outboxMessage.updateMany({
      where: { messageKey: `incident:${incident.id}`, op: 'post', status: 'pending' },
      data: { attempts: 1, claimedBy: 'killed-process', nextAttemptAt: new Date(h.clock.now().getTime() + 15_000) },
    });
    expect(claimed.count).toBe(1);
    const second = restart();
    second.attach(h.slack.chat);
    await second.start();
    await second.outbox.drain();
    const posted = () => cards(h).filter((m) => textOf(m).includes('Ben Carter'));
    const card = () => h.db.prisma.outboxMessage.findFirstOrThrow({ where: { messageKey: `incident:${incident.id}`, op: 'post' } });
    if (h.db.kind === 'postgres') {
      // Several replicas may share PostgreSQL: the claim may be a live one's, so it is left until its lease ends.
      expect(posted()).toHaveLength(0);
      expect((await card()).claimedBy).toBe('killed-process');
      h.clock.advance(14_999);
      await second.outbox.drain();
      expect(posted()).toHaveLength(0);
      h.clock.advance(1);
      await second.outbox.drain();
    }
    expect(posted()).toHaveLength(1);
    const row = await card();
    expect([row.status, row.attempts, row.claimedBy]).toEqual(['sent', 2, null]);
    await second.stop();
  });
});
