import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { ManualClock } from '../../src/jobs/clock.js';
import { createDurableTimers, type DurableTimers } from '../../src/jobs/durable-timers.js';
import { scheduleTimer, type DueTimer } from '../../src/jobs/timer-rows.js';
import { createTestDatabase } from '../support/db.js';
import { createSchool, deferred, openReplica } from './support.js';

let db: Database;
let replica: Database;
let schoolId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  replica = await openReplica(db);
  schoolId = await createSchool(db.prisma);
});
afterAll(async () => {
  await replica.close();
  await db.close();
});

const T0 = new Date('2026-11-23T09:00:00Z');
const minutes = (n: number) => n * 60_000;
let seq = 0;
const uniqueKey = (label: string) => `${label}:${++seq}`;

function recorder() {
  const fired: DueTimer[] = [];
  return { fired, handler: async (timer: DueTimer) => void fired.push(timer) };
}

describe('durable timers', () => {
  it('fires once at its due time, with its payload, and records the firing', async () => {
    const clock = new ManualClock(T0);
    const { fired, handler } = recorder();
    const timers = createDurableTimers({ prisma: db.prisma, clock }).on('parent-deadline', handler);
    const key = uniqueKey('incident-7:parent-deadline');
    const { id, created } = await timers.schedule(db.prisma, { schoolId, key, kind: 'parent-deadline', dueAt: new Date(T0.getTime() + minutes(10)), payload: { incidentId: 'inc-7' } });
    expect(created).toBe(true);

    clock.advance(minutes(10) - 1000);
    expect(await timers.tick()).toBe(0);
    expect(fired).toHaveLength(0);

    clock.advance(1000);
    expect(await timers.tick()).toBe(1);
    expect(await timers.tick()).toBe(0);
    expect(fired.map((t) => [t.key, t.payload, t.attempts])).toEqual([[key, { incidentId: 'inc-7' }, 0]]);

    const row = await db.prisma.durableTimer.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('fired');
    expect(row.firedAt?.toISOString()).toBe('2026-11-23T09:10:00.000Z');
    const audit = await db.prisma.auditEvent.findMany({ where: { entityId: id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['timer.scheduled', 'timer.fired']);
  });

  it('keeps one row when the same key is scheduled twice, and the first due time', async () => {
    const timers = createDurableTimers({ prisma: db.prisma, clock: new ManualClock(T0) });
    const key = uniqueKey('case-1:escalate');
    const first = await timers.schedule(db.prisma, { schoolId, key, kind: 'escalate', dueAt: new Date('2026-11-23T10:00:00Z') });
    const second = await timers.schedule(db.prisma, { schoolId, key, kind: 'escalate', dueAt: new Date('2026-11-23T11:00:00Z') });
    expect(second).toEqual({ id: first.id, created: false });
    const rows = await db.prisma.durableTimer.findMany({ where: { key } });
    expect(rows.map((r) => r.dueAt.toISOString())).toEqual(['2026-11-23T10:00:00.000Z']);
  });

  it('schedules inside the caller transaction: a rollback leaves no timer', async () => {
    const key = uniqueKey('rolled-back');
    await expect(
      db.prisma.$transaction(async (tx) => {
        await scheduleTimer(tx, { schoolId, key, kind: 'escalate', dueAt: T0 });
        throw new Error('workflow failed');
      }),
    ).rejects.toThrow('workflow failed');
    expect(await db.prisma.durableTimer.count({ where: { key } })).toBe(0);
  });

  it('a cancelled timer never fires; cancelling twice reports nothing to cancel', async () => {
    const clock = new ManualClock(T0);
    const { fired, handler } = recorder();
    const timers = createDurableTimers({ prisma: db.prisma, clock }).on('found-check', handler);
    const key = uniqueKey('incident-8:found-check');
    const { id } = await timers.schedule(db.prisma, { schoolId, key, kind: 'found-check', dueAt: new Date(T0.getTime() + minutes(5)) });
    expect(await timers.cancel(key)).toBe(true);
    expect(await timers.cancel(key)).toBe(false);
    clock.advance(minutes(6));
    expect(await timers.tick()).toBe(0);
    expect(fired).toHaveLength(0);
    expect((await db.prisma.durableTimer.findUniqueOrThrow({ where: { id } })).status).toBe('cancelled');
    expect(await db.prisma.auditEvent.count({ where: { entityId: id, action: 'timer.cancelled' } })).toBe(1);
  });

  it('after a restart a new service instance fires the overdue timer at once, and only once', async () => {
    const clock = new ManualClock(T0);
    const before = createDurableTimers({ prisma: db.prisma, clock }).on('restart-check', async () => {
      throw new Error('the old process must not fire it');
    });
    const key = uniqueKey('restart');
    await before.schedule(db.prisma, { schoolId, key, kind: 'restart-check', dueAt: new Date(T0.getTime() + minutes(10)) });
    // The process dies; the service is gone. Time passes beyond the due time.
    clock.advance(minutes(25));

    const { fired, handler } = recorder();
    const after = createDurableTimers({ prisma: db.prisma, clock, sweepMs: 60_000 }).on('restart-check', handler);
    await after.start();
    await after.stop();
    expect(fired.map((t) => t.key)).toEqual([key]);

    const again = createDurableTimers({ prisma: db.prisma, clock, sweepMs: 60_000 }).on('restart-check', handler);
    await again.start();
    await again.stop();
    expect(fired).toHaveLength(1);
  });

  it('two service instances on one database racing fire each timer exactly once', async () => {
    const clock = new ManualClock(T0);
    const runs = new Map<string, number>();
    const count = async (timer: DueTimer) => void runs.set(timer.key, (runs.get(timer.key) ?? 0) + 1);
    const a = createDurableTimers({ prisma: db.prisma, clock, concurrency: 3 }).on('race', count);
    const b = createDurableTimers({ prisma: replica.prisma, clock, concurrency: 3 }).on('race', count);
    const keys = Array.from({ length: 12 }, (_, i) => uniqueKey(`race-${i}`));
    for (const key of keys) await a.schedule(db.prisma, { schoolId, key, kind: 'race', dueAt: T0 });

    const [byA, byB] = await Promise.all([a.tick(), b.tick()]);
    expect(byA + byB).toBe(keys.length);
    expect([...runs.keys()].sort()).toEqual([...keys].sort());
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(await db.prisma.auditEvent.count({ where: { action: 'timer.fired', data: { path: ['kind'], equals: 'race' } } })).toBe(keys.length);
  });

  it('a failing handler commits nothing, is retried with backoff, then marked failed', async () => {
    const clock = new ManualClock(T0);
    let calls = 0;
    const timers = createDurableTimers({ prisma: db.prisma, clock, maxAttempts: 3, retryBaseMs: 1000, onError: () => undefined }).on(
      'flaky',
      async (timer, tx) => {
        calls += 1;
        await tx.task.create({ data: { schoolId, key: `task-for-${timer.key}-${calls}`, kind: 'follow-up', title: 'Ring home' } });
        throw new Error(`platform down (${timer.attempts})`);
      },
    );
    const key = uniqueKey('flaky');
    const { id } = await timers.schedule(db.prisma, { schoolId, key, kind: 'flaky', dueAt: T0, payload: { pupil: 'p1' } });

    expect(await timers.tick()).toBe(0);
    let row = await db.prisma.durableTimer.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('pending');
    expect(row.dueAt.toISOString()).toBe('2026-11-23T09:00:01.000Z');
    expect(row.payload).toMatchObject({ pupil: 'p1', _retry: { attempts: 1, lastError: 'Error: platform down (0)', firstDueAt: T0.toISOString() } });
    expect(await db.prisma.task.count({ where: { key: { startsWith: `task-for-${key}` } } })).toBe(0);

    clock.advance(999);
    await timers.tick();
    expect(calls).toBe(1);
    clock.advance(1);
    await timers.tick();
    row = await db.prisma.durableTimer.findUniqueOrThrow({ where: { id } });
    expect(row.dueAt.toISOString()).toBe('2026-11-23T09:00:03.000Z');

    clock.set(row.dueAt);
    await timers.tick();
    row = await db.prisma.durableTimer.findUniqueOrThrow({ where: { id } });
    expect(calls).toBe(3);
    expect(row.status).toBe('failed');
    expect(row.firedAt).toBeNull();
    const actions = await db.prisma.auditEvent.findMany({ where: { entityId: id }, orderBy: { id: 'asc' }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(['timer.scheduled', 'timer.retry', 'timer.retry', 'timer.failed']);
  });

  it('a handler that succeeds on retry sees the attempt count and its writes commit with the firing', async () => {
    const clock = new ManualClock(T0);
    const seen: number[] = [];
    const timers = createDurableTimers({ prisma: db.prisma, clock, onError: () => undefined }).on('second-time-lucky', async (timer, tx) => {
      seen.push(timer.attempts);
      if (timer.attempts === 0) throw new Error('first try fails');
      await tx.task.create({ data: { schoolId, key: `done-${timer.key}`, kind: 'follow-up', title: 'Check register' } });
    });
    const key = uniqueKey('lucky');
    await timers.schedule(db.prisma, { schoolId, key, kind: 'second-time-lucky', dueAt: T0, payload: { n: 1 } });
    await timers.tick();
    clock.advance(1000);
    expect(await timers.tick()).toBe(1);
    expect(seen).toEqual([0, 1]);
    expect(await db.prisma.task.count({ where: { key: `done-${key}` } })).toBe(1);
  });

  it('leaves timers of kinds it has no handler for to a replica that has one', async () => {
    const clock = new ManualClock(T0);
    const key = uniqueKey('other-kind');
    const { id } = await scheduleTimer(db.prisma, { schoolId, key, kind: 'not-here', dueAt: T0 }, clock);
    const timers = createDurableTimers({ prisma: db.prisma, clock }).on('something-else', async () => undefined);
    await timers.tick();
    expect((await db.prisma.durableTimer.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
    await db.prisma.durableTimer.update({ where: { id }, data: { status: 'cancelled' } });
  });

  describe('running (real time)', () => {
    let timers: DurableTimers | undefined;
    afterAll(async () => timers?.stop());

    it('fires on the in-process hint without waiting for the sweep', async () => {
      const done = deferred<DueTimer>();
      timers = createDurableTimers({ prisma: db.prisma, sweepMs: 600_000 }).on('hinted', async (t) => done.resolve(t));
      await timers.start();
      const key = uniqueKey('hinted');
      await timers.schedule(db.prisma, { schoolId, key, kind: 'hinted', dueAt: new Date(Date.now() + 150) });
      expect((await done.promise).key).toBe(key);
      await timers.stop();
    });

    it('a timer that falls due while a pass is firing another fires without waiting for the sweep', async () => {
      const second = deferred<DueTimer>();
      const fired: string[] = [];
      timers = createDurableTimers({ prisma: db.prisma, sweepMs: 600_000 }).on('burst', async (t) => {
        fired.push(t.key);
        // The first handler is still running when the second timer falls due.
        if (fired.length === 1) await new Promise((resolve) => setTimeout(resolve, 300));
        else second.resolve(t);
      });
      await timers.start();
      const first = uniqueKey('burst');
      const next = uniqueKey('burst');
      const soon = Date.now() + 200;
      await timers.schedule(db.prisma, { schoolId, key: first, kind: 'burst', dueAt: new Date(soon) });
      await timers.schedule(db.prisma, { schoolId, key: next, kind: 'burst', dueAt: new Date(soon + 100) });
      expect((await second.promise).key).toBe(next);
      expect(fired).toEqual([first, next]);
      await timers.stop();
    });

    it('the sweep picks up rows another replica wrote', async () => {
      const done = deferred<DueTimer>();
      timers = createDurableTimers({ prisma: db.prisma, sweepMs: 50 }).on('from-elsewhere', async (t) => done.resolve(t));
      await timers.start();
      const key = uniqueKey('elsewhere');
      // Written straight to the table: no in-process signal, as from another process.
      await replica.prisma.durableTimer.create({ data: { schoolId, key, kind: 'from-elsewhere', dueAt: new Date() } });
      expect((await done.promise).key).toBe(key);
      await timers.stop();
    });
  });
});
