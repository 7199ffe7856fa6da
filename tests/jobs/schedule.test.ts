import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { createDbDeliveryLog, createMemoryDeliveryLog } from '../../src/jobs/delivery-log.js';
import { dailyCron, occurrenceKey, scheduleSchoolJobs, weeklyCron, type OccurrenceReport, type ScheduledSchoolJobs } from '../../src/jobs/schedule.js';
import { createTestDatabase } from '../support/db.js';
import { openReplica } from './support.js';

let db: Database;
let replica: Database;
beforeAll(async () => {
  db = await createTestDatabase();
  replica = await openReplica(db);
});
afterAll(async () => {
  await replica.close();
  await db.close();
});

const running: ScheduledSchoolJobs[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
  vi.useRealTimers();
});

// Only timers and Date are faked; database I/O keeps running on the real event loop.
function fakeTime(at: string): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(new Date(at));
}

describe('cron expressions from a policy\'s clock times', () => {
  it.each([
    [dailyCron('09:05'), '5 9 * * *'],
    [dailyCron('13:30'), '30 13 * * *'],
    [weeklyCron({ day: 'monday', time: '08:00' }), '0 8 * * 1'],
    [weeklyCron({ day: 'sunday', time: '18:45' }), '45 18 * * 0'],
  ])('%s', (expression, expected) => {
    expect(expression).toBe(expected);
  });
});

describe('per-school cron wiring', () => {
  it.each([
    ['winter (GMT)', '2026-11-23T08:58:00Z', '2026-11-23T09:00:00.000Z'],
    ['summer (BST)', '2026-06-15T07:58:00Z', '2026-06-15T08:00:00.000Z'],
  ])('a 09:00 Europe/London job fires at 09:00 local time in %s', async (_label, start, expected) => {
    fakeTime(start);
    const runs: string[] = [];
    const jobs = scheduleSchoolJobs(
      [{ id: 'oakfield', timezone: 'Europe/London', jobs: [{ name: 'am-register-check', cron: '0 9 * * *', run: (at) => void runs.push(at.toISOString()) }] }],
      { claims: createMemoryDeliveryLog() },
    );
    running.push(jobs);
    expect(jobs.nextRun('oakfield', 'am-register-check')?.toISOString()).toBe(expected);

    await vi.advanceTimersByTimeAsync(119_000);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs).toEqual([expected]);
    // Nothing more until the next day.
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(runs).toEqual([expected]);
  });

  it('each school runs in its own time zone', async () => {
    fakeTime('2026-11-23T08:59:30Z');
    const runs: string[] = [];
    const job = (name: string) => ({ name, cron: '0 9 * * *', run: (at: Date, c: { schoolId: string }) => void runs.push(`${c.schoolId}@${at.toISOString()}`) });
    running.push(
      scheduleSchoolJobs(
        [
          { id: 'london', timezone: 'Europe/London', jobs: [job('am')] },
          { id: 'berlin', timezone: 'Europe/Berlin', jobs: [job('am')] },
        ],
        { claims: createMemoryDeliveryLog() },
      ),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toEqual(['london@2026-11-23T09:00:00.000Z']);
  });

  it('replicas scheduling the same job run each occurrence once, claimed in the database', async () => {
    fakeTime('2026-11-23T08:59:30Z');
    const runs: string[] = [];
    const reports: OccurrenceReport[] = [];
    let settled!: () => void;
    const bothSettled = new Promise<void>((r) => (settled = r));
    const onOccurrence = (report: OccurrenceReport) => {
      reports.push(report);
      if (reports.length === 2) settled();
    };
    const schools = (replicaName: string) => [
      { id: 'oakfield', timezone: 'Europe/London', jobs: [{ name: 'am-register-check', cron: '0 9 * * *', run: () => void runs.push(replicaName) }] },
    ];
    running.push(scheduleSchoolJobs(schools('a'), { claims: createDbDeliveryLog(db.prisma), onOccurrence }));
    running.push(scheduleSchoolJobs(schools('b'), { claims: createDbDeliveryLog(replica.prisma), onOccurrence }));

    await vi.advanceTimersByTimeAsync(31_000);
    await bothSettled;
    expect(runs).toHaveLength(1);
    expect(reports.map((r) => r.ran).sort()).toEqual([false, true]);
    expect(reports.every((r) => r.occurrence.toISOString() === '2026-11-23T09:00:00.000Z')).toBe(true);
    const key = occurrenceKey('oakfield', 'am-register-check', new Date('2026-11-23T09:00:00Z'));
    expect(key).toBe('job:oakfield:am-register-check:2026-11-23T09:00Z');
    expect(await db.prisma.processedDelivery.count({ where: { key } })).toBe(1);
  });

  it('reports a failing run and keeps the schedule going', async () => {
    fakeTime('2026-11-23T08:59:30Z');
    const errors: string[] = [];
    let calls = 0;
    running.push(
      scheduleSchoolJobs([{ id: 's', timezone: 'Europe/London', jobs: [{ name: 'every-minute', cron: '* * * * *', run: () => {
        calls += 1;
        if (calls === 1) throw new Error('first run breaks');
      } }] }], { claims: createMemoryDeliveryLog(), onError: (err, c) => errors.push(`${c.name}@${c.occurrence.toISOString()}: ${err instanceof Error ? err.message : String(err)}`) }),
    );
    await vi.advanceTimersByTimeAsync(91_000);
    expect(calls).toBe(2);
    expect(errors).toEqual(['every-minute@2026-11-23T09:00:00.000Z: first run breaks']);
  });

  it('refuses a bad cron expression, an unknown time zone or a duplicate job before scheduling anything', () => {
    const claims = createMemoryDeliveryLog();
    const run = () => undefined;
    expect(() => scheduleSchoolJobs([{ id: 's', timezone: 'Europe/London', jobs: [{ name: 'x', cron: '61 9 * * *', run }] }], { claims })).toThrow(/invalid cron/);
    expect(() => scheduleSchoolJobs([{ id: 's', timezone: 'Europe/Londres', jobs: [{ name: 'x', cron: '0 9 * * *', run }] }], { claims })).toThrow(/unknown time zone/);
    expect(() =>
      scheduleSchoolJobs([{ id: 's', timezone: 'Europe/London', jobs: [{ name: 'x', cron: '0 9 * * *', run }, { name: 'x', cron: '0 10 * * *', run }] }], { claims }),
    ).toThrow(/listed twice/);
  });
});
