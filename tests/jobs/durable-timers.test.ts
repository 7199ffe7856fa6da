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

  it('schedules many in one call: a known key or a repeat changes nothing, each new row is audited once and fires once', async () => {
    const clock = new ManualClock(T0);
    const { fired, handler } = recorder();
    const timers = createDurableTimers({ prisma: db.prisma, clock }).on('ladder', handler);
    const [known, a, b] = [uniqueKey('case-2:known'), uniqueKey('case-2:a'), uniqueKey('case-2:b')];
    const knownRow = await timers.schedule(db.prisma, { schoolId, key: known, kind: 'ladder', dueAt: new Date('2026-11-23T10:00:00Z') });
    const created = await timers.scheduleMany(db.prisma, [
      { schoolId, key: known, kind: 'ladder', dueAt: new Date('2026-11-23T09:01:00Z') },
      { schoolId, key: a, kind: 'ladder', dueAt: new Date('2026-11-23T09:05:00Z'), payload: { step: 'a' } },
      { schoolId, key: b, kind: 'ladder', dueAt: new Date('2026-11-23T09:10:00Z') },
      { schoolId, key: a, kind: 'ladder', dueAt: new Date('2026-11-23T09:30:00Z'), payload: { step: 'again' } },
    ]);
    expect(created.map((c) => c.key).sort()).toEqual([a, b].sort());
    const rows = await db.prisma.durableTimer.findMany({ where: { key: { in: [known, a, b] } }, orderBy: { dueAt: 'asc' } });
    expect(rows.map((r) => [r.key, r.dueAt.toISOString(), r.payload])).toEqual([
      [a, '2026-11-23T09:05:00.000Z', { step: 'a' }],
      [b, '2026-11-23T09:10:00.000Z', {}],
      [known, '2026-11-23T10:00:00.000Z', {}],
    ]);
    expect(rows.find((r) => r.key === known)!.id).toBe(knownRow.id);
    expect(new Set(created.map((c) => c.id))).toEqual(new Set(rows.filter((r) => r.key !== known).map((r) => r.id)));
    const audits = await db.prisma.auditEvent.findMany({ where: { action: 'timer.scheduled', entityId: { in: rows.map((r) => r.id) } } });
    expect(audits.map((e) => e.data).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
      { key: a, kind: 'ladder', dueAt: '2026-11-23T09:05:00.000Z' },
      { key: b, kind: 'ladder', dueAt: '2026-11-23T09:10:00.000Z' },
      { key: known, kind: 'ladder', dueAt: '2026-11-23T10:00:00.000Z' },
    ].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))));
    expect(audits.every((e) => e.at.toISOString() === T0.toISOString())).toBe(true);

    expect(await timers.scheduleMany(db.prisma, [{ schoolId, key: b, kind: 'ladder', dueAt: T0 }])).toEqual([]);
    clock.set(new Date('2026-11-23T10:00:00Z'));
    expect(await timers.tick()).toBe(3);
    expect(await timers.tick()).toBe(0);
    expect(new Map(fired.map((t) => [t.key, t.payload]))).toEqual(new Map([[a, { step: 'a' }], [b, {}], [known, {}]]));
    expect(fired).toHaveLength(3);
  });

  it('scheduleMany inside the caller transaction: a rollback leaves none; a bad due time writes none', async () => {
    const timers = createDurableTimers({ prisma: db.prisma, clock: new ManualClock(T0) });
    const keys = [uniqueKey('many-rolled-back'), uniqueKey('many-rolled-back')];
    await expect(
      db.prisma.$transaction(async (tx) => {
        await timers.scheduleMany(tx, keys.map((key) => ({ schoolId, key, kind: 'escalate', dueAt: T0 })));
        throw new Error('workflow failed');
      }),
    ).rejects.toThrow('workflow failed');
    await expect(timers.scheduleMany(db.prisma, [
      { schoolId, key: keys[0]!, kind: 'escalate', dueAt: T0 },
      { schoolId, key: keys[1]!, kind: 'escalate', dueAt: new Date('not a date') },
    ])).rejects.toThrow('invalid dueAt');
    expect(await db.prisma.durableTimer.count({ where: { key: { in: keys } } })).toBe(0);
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

  it('cancels many in one call: only pending ones, each audited once; a fired timer stays fired', async () => {
    const clock = new ManualClock(T0);
    const { fired, handler } = recorder();
    const timers = createDurableTimers({ prisma: db.prisma, clock }).on('steps', handler);
    const [a, b, done, unknown] = ['a', 'b', 'done', 'unknown'].map((l) => uniqueKey(`case-3:${l}`)) as [string, string, string, string];
    await timers.scheduleMany(db.prisma, [
      { schoolId, key: done, kind: 'steps', dueAt: T0 },
      { schoolId, key: a, kind: 'steps', dueAt: new Date(T0.getTime() + minutes(5)) },
      { schoolId, key: b, kind: 'steps', dueAt: new Date(T0.getTime() + minutes(6)) },
    ]);
    expect(await timers.tick()).toBe(1);
    expect((await timers.cancelMany([a, b, done, unknown])).sort()).toEqual([a, b].sort());
    expect(await timers.cancelMany([a, b, done])).toEqual([]);
    clock.advance(minutes(10));
    expect(await timers.tick()).toBe(0);
    expect(fired.map((t) => t.key)).toEqual([done]);
    const rows = await db.prisma.durableTimer.findMany({ where: { key: { in: [a, b, done] } }, orderBy: { dueAt: 'asc' } });
    expect(rows.map((r) => [r.key, r.status])).toEqual([[done, 'fired'], [a, 'cancelled'], [b, 'cancelled']]);
    const cancelled = await db.prisma.auditEvent.findMany({ where: { action: 'timer.cancelled', entityId: { in: rows.map((r) => r.id) } } });
    expect(cancelled.map((e) => e.data).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual(
      [{ key: a, kind: 'steps' }, { key: b, kind: 'steps' }].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    );
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
