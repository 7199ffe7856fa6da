import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { ManualClock } from '../../src/jobs/clock.js';
import { createOutboxWorker, enqueue, type OutboxDelivery, type OutboxEnqueue, type OutboxOp, type OutboxWorkerOptions } from '../../src/jobs/outbox.js';
import { createTestDatabase } from '../support/db.js';
import { classify, fakePlatform, PlatformError } from './outbox-support.js';
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
let seq = 0;
/** A channel no other test uses, so per-channel ordering in one test never waits on another's leftovers. */
const channel = (label: string) => `C-${label}-${++seq}`;

function worker(clock: ManualClock, deliver: OutboxWorkerOptions['deliver'], extra: Partial<OutboxWorkerOptions> = {}) {
  return createOutboxWorker({ prisma: db.prisma, clock, deliver, classifyError: classify, maxAttempts: 5, ...extra });
}

const message = (key: string, ch: string, extra: Partial<OutboxEnqueue> = {}): OutboxEnqueue => ({
  schoolId,
  key,
  platform: 'slack',
  op: 'post',
  channel: ch,
  payload: { text: key },
  ...extra,
});

const row = (key: string) => db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } });

describe('outbox', () => {
  it('honours a 429 retry-after without using up an attempt, then sends', async () => {
    const clock = new ManualClock(T0);
    const platform = fakePlatform({ 'rate-limited': [new PlatformError(429, 30)] });
    await enqueue(db.prisma, message('rate-limited', channel('rl')));
    const w = worker(clock, platform.deliver);

    expect(await w.drain()).toEqual({ sent: 0, retried: 1, dead: 0, waiting: 0, held: 0, escalated: 0 });
    let r = await row('rate-limited');
    expect([r.status, r.attempts, r.nextAttemptAt.toISOString()]).toEqual(['pending', 0, '2026-11-23T09:00:30.000Z']);
    expect(r.lastError).toMatch(/^rate_limited: /);

    clock.advance(29_999);
    await w.drain();
    expect(platform.calls).toEqual(['rate-limited']);

    clock.advance(1);
    expect((await w.drain()).sent).toBe(1);
    r = await row('rate-limited');
    expect([r.status, r.attempts, r.sentAt?.toISOString(), r.lastError]).toEqual(['sent', 1, '2026-11-23T09:00:30.000Z', null]);
    expect(platform.calls).toEqual(['rate-limited', 'rate-limited']);
  });

  it('a storm of rate limits longer than maxAttempts never makes a message dead', async () => {
    const clock = new ManualClock(T0);
    const platform = fakePlatform({ storm: Array.from({ length: 12 }, () => new PlatformError(429, 2)) });
    await enqueue(db.prisma, message('storm', channel('storm')));
    const w = worker(clock, platform.deliver);
    for (let i = 0; i < 12; i++) {
      await w.drain();
      clock.advance(2000);
    }
    await w.drain();
    const r = await row('storm');
    expect([r.status, r.attempts]).toEqual(['sent', 1]);
    expect(platform.calls).toHaveLength(13);
  });

  it('holds a message whose channel Rollcall is not in yet, tells once, and sends it when released', async () => {
    const clock = new ManualClock(T0);
    const ch = channel('held');
    let connected = false;
    const held: string[] = [];
    const w = worker(clock, async (m) => {
      if (!connected) throw new PlatformError(404);
      return { externalId: `ts-${m.key}` };
    }, {
      classifyError: (err) => (err instanceof PlatformError && err.status === 404 ? { retryable: true, held: true, reason: 'channel_unknown' } : classify(err)),
      onHeld: (r, _verdict, lastError) => void held.push(`${r.key} ${lastError}`),
      heldRecheckMs: 600_000,
    });
    await enqueue(db.prisma, message('held-1', ch));
    await enqueue(db.prisma, message('held-2', ch));
    expect(await w.drain()).toMatchObject({ held: 1, sent: 0 });
    clock.advance(300_000);
    expect(await w.drain()).toMatchObject({ held: 0, sent: 0 });
    let r = await row('held-1');
    expect([r.status, r.attempts]).toEqual(['pending', 0]);
    expect(r.lastError).toMatch(/^held: channel_unknown: /);
    // Rechecked later: still held, still no attempt used, and nobody is told twice.
    clock.advance(300_000);
    expect(await w.drain()).toMatchObject({ held: 1 });
    expect(held).toHaveLength(1);

    connected = true;
    expect(await w.release('slack')).toBeGreaterThanOrEqual(1);
    expect(await w.drain()).toMatchObject({ sent: 2 });
    r = await row('held-1');
    expect([r.status, r.attempts, r.lastError]).toEqual(['sent', 1, null]);
  });

  it('retries a 500 after exponential backoff, then sends', async () => {
    const clock = new ManualClock(T0);
    const platform = fakePlatform({ outage: [new PlatformError(500), new PlatformError(503)] });
    await enqueue(db.prisma, message('outage', channel('5xx')));
    const w = worker(clock, platform.deliver, { retryBaseMs: 1000 });
    await w.drain();
    expect((await row('outage')).nextAttemptAt.toISOString()).toBe('2026-11-23T09:00:01.000Z');
    clock.advance(1000);
    await w.drain();
    expect((await row('outage')).nextAttemptAt.toISOString()).toBe('2026-11-23T09:00:03.000Z');
    clock.advance(2000);
    await w.drain();
    const r = await row('outage');
    expect([r.status, r.attempts]).toEqual(['sent', 3]);
    expect(platform.delivered.map((d) => [d.key, d.attempt])).toEqual([['outage', 3]]);
  });

  it('a non-retryable error makes the message dead at once, with an audit event', async () => {
    const clock = new ManualClock(T0);
    const platform = fakePlatform({ refused: [new PlatformError(400)] });
    await enqueue(db.prisma, message('refused', channel('dead')));
    expect(await worker(clock, platform.deliver).drain()).toEqual({ sent: 0, retried: 0, dead: 1, waiting: 0, held: 0, escalated: 0 });
    const r = await row('refused');
    expect([r.status, r.attempts, r.lastError]).toEqual(['dead', 1, 'http_400: Error: platform answered 400']);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { entityId: r.id } });
    expect(audit.action).toBe('outbox.dead');
    expect(audit.data).toMatchObject({ key: 'refused', op: 'post', attempts: 1, retryable: false });
  });

  it('a retryable error that outlasts maxAttempts ends dead', async () => {
    const clock = new ManualClock(T0);
    const platform = fakePlatform({ flapping: [new PlatformError(502), new PlatformError(502), new PlatformError(502)] });
    await enqueue(db.prisma, message('flapping', channel('max')));
    const w = worker(clock, platform.deliver, { maxAttempts: 3, retryBaseMs: 10 });
    for (let i = 0; i < 3; i++) {
      await w.drain();
      clock.advance(1000);
    }
    const r = await row('flapping');
    expect([r.status, r.attempts]).toEqual(['dead', 3]);
    expect(await db.prisma.auditEvent.count({ where: { entityId: r.id, action: 'outbox.dead' } })).toBe(1);
  });

  it('loses nothing when the process dies before delivering', async () => {
    const clock = new ManualClock(T0);
    const ch = channel('crash');
    await db.prisma.$transaction(async (tx) => {
      await enqueue(tx, message('before-crash', ch));
    });
    // The first process is gone before its worker ever ran; a new one delivers.
    const platform = fakePlatform();
    expect((await worker(clock, platform.deliver).drain()).sent).toBe(1);
    expect(platform.delivered.map((d) => d.key)).toEqual(['before-crash']);
  });

  it('a message claimed by a worker that died mid-delivery is delivered after the lease', async () => {
    const clock = new ManualClock(T0);
    await enqueue(db.prisma, message('claimed-then-died', channel('lease')));
    const reached = deferred();
    const dying = worker(clock, async () => {
      reached.resolve();
      return new Promise<never>(() => undefined);
    }, { leaseMs: 60_000 });
    void dying.runOnce();
    await reached.promise;

    const platform = fakePlatform();
    const survivor = worker(clock, platform.deliver, { leaseMs: 60_000 });
    await survivor.drain();
    expect(platform.calls).toEqual([]);
    clock.advance(60_000);
    await survivor.drain();
    expect(platform.delivered.map((d) => [d.key, d.attempt])).toEqual([['claimed-then-died', 2]]);
    expect((await row('claimed-then-died')).status).toBe('sent');
  });

  it('a live worker renews its claim on a safeguarding message while it sends, up to maxSendMs', async () => {
    const clock = new ManualClock(T0);
    await enqueue(db.prisma, message('renewed', channel('renew'), { urgent: { subject: 'incident:renew', purpose: 'raise' } }));
    const reached = deferred();
    const gate = deferred();
    const slow = worker(clock, async () => {
      reached.resolve();
      await gate.promise;
      return { externalId: 'ts-renewed' };
    }, { urgentLeaseMs: 300, maxSendMs: 60_000 });
    const sending = slow.runOnce();
    await reached.promise;
    const claimed = await row('renewed');
    expect(claimed.claimedBy).not.toBeNull();
    expect(claimed.nextAttemptAt.toISOString()).toBe('2026-11-23T09:00:00.300Z');
    const renewedPast = async (at: Date) => {
      for (let i = 0; i < 100 && (await row('renewed')).nextAttemptAt <= at; i++) await new Promise((r) => setTimeout(r, 20));
      return (await row('renewed')).nextAttemptAt.toISOString();
    };

    // Far past its first lease, yet the sender is alive: it renews, and another worker keeps off.
    clock.advance(10_000);
    expect(await renewedPast(clock.now())).toBe('2026-11-23T09:00:10.300Z');
    const platform = fakePlatform();
    const other = worker(clock, platform.deliver);
    await other.drain();
    expect(platform.calls.filter((k) => k === 'renewed')).toEqual([]);

    // A send still going after maxSendMs is presumed stuck: no more renewals, and the lease lapses.
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect((await row('renewed')).nextAttemptAt.toISOString()).toBe('2026-11-23T09:00:10.300Z');
    await other.drain();
    expect(platform.delivered.filter((d) => d.key === 'renewed').map((d) => d.attempt)).toEqual([2]);
    gate.resolve();
    await sending;
    expect((await row('renewed')).claimedBy).toBeNull();
  });

  it('releaseClaims frees what other workers claimed, not its own sends', async () => {
    const clock = new ManualClock(T0);
    const ch = channel('release-claims');
    await enqueue(db.prisma, message('orphaned', ch));
    await enqueue(db.prisma, message('mine', channel('release-own')));
    await db.prisma.outboxMessage.update({ where: { key: 'orphaned' }, data: { attempts: 1, claimedBy: 'dead-process', nextAttemptAt: new Date(T0.getTime() + 60_000) } });
    const reached = deferred();
    const gate = deferred();
    const platform = fakePlatform();
    const w = worker(clock, async (m) => {
      if (m.key !== 'mine') return platform.deliver(m);
      reached.resolve();
      await gate.promise;
    });
    const sending = w.runOnce();
    await reached.promise;
    expect(await w.releaseClaims()).toBe(1);
    expect((await row('mine')).claimedBy).not.toBeNull();
    await w.drain();
    expect(platform.delivered.filter((d) => d.key === 'orphaned').map((d) => d.attempt)).toEqual([2]);
    gate.resolve();
    await sending;
    expect((await row('mine')).status).toBe('sent');
  });

  it('enqueue is idempotent by key, and part of the caller transaction', async () => {
    const ch = channel('idem');
    expect(await enqueue(db.prisma, message('once', ch))).toEqual({ created: true });
    expect(await enqueue(db.prisma, message('once', ch, { payload: { text: 'changed' } }))).toEqual({ created: false });
    await expect(
      db.prisma.$transaction(async (tx) => {
        await enqueue(tx, message('never', ch));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const platform = fakePlatform();
    await worker(new ManualClock(T0), platform.deliver).drain();
    expect(platform.delivered.map((d) => [d.key, d.payload])).toEqual([['once', { text: 'once' }]]);
    expect(await db.prisma.outboxMessage.count({ where: { key: { in: ['once', 'never'] } } })).toBe(1);
  });

  it('delivers in enqueue order per channel; a blocked channel does not hold up another', async () => {
    const clock = new ManualClock(T0);
    const slow = channel('slow');
    const fast = channel('fast');
    await db.prisma.$transaction(async (tx) => {
      for (const key of ['slow-1', 'slow-2', 'slow-3']) await enqueue(tx, message(key, slow));
      for (const key of ['fast-1', 'fast-2']) await enqueue(tx, message(key, fast));
    });
    const platform = fakePlatform({ 'slow-1': [new PlatformError(429, 10)] });
    const w = worker(clock, platform.deliver);
    await w.drain();
    expect(platform.delivered.map((d) => d.key)).toEqual(['fast-1', 'fast-2']);
    clock.advance(10_000);
    await w.drain();
    expect(platform.delivered.map((d) => d.key)).toEqual(['fast-1', 'fast-2', 'slow-1', 'slow-2', 'slow-3']);
  });

  it('conversations in one channel do not wait for each other; each keeps its own order', async () => {
    const clock = new ManualClock(T0);
    const ch = channel('incidents');
    await db.prisma.$transaction(async (tx) => {
      await enqueue(tx, message('card-a', ch, { messageKey: 'incident-a' }));
      await enqueue(tx, message('card-a:timeline', ch, { threadKey: 'incident-a' }));
      await enqueue(tx, message('card-b', ch, { messageKey: 'incident-b' }));
      await enqueue(tx, message('card-b:timeline', ch, { threadKey: 'incident-b' }));
    });
    const platform = fakePlatform({ 'card-a': [new PlatformError(429, 10)] });
    const w = worker(clock, platform.deliver);
    await w.drain();
    expect(platform.delivered.map((d) => d.key)).toEqual(['card-b', 'card-b:timeline']);
    clock.advance(10_000);
    await w.drain();
    expect(platform.delivered.map((d) => d.key)).toEqual(['card-b', 'card-b:timeline', 'card-a', 'card-a:timeline']);
  });

  it('an update waits behind its post, then replaces it using the stored platform id', async () => {
    const clock = new ManualClock(T0);
    const ch = channel('am-list');
    await enqueue(db.prisma, message('am-list:post', ch, { messageKey: 'am-list:2026-11-23' }));
    await enqueue(db.prisma, message('am-list:update-1', ch, { op: 'update', messageKey: 'am-list:2026-11-23' }));
    await enqueue(db.prisma, message('am-list:reply', ch, { threadKey: 'am-list:2026-11-23' }));
    const platform = fakePlatform({ 'am-list:post': [new PlatformError(429, 5)] });
    const w = worker(clock, platform.deliver);
    await w.drain();
    expect(platform.delivered).toHaveLength(0);
    clock.advance(5000);
    await w.drain();
    expect(platform.delivered.map((d) => [d.key, d.target?.externalId, d.thread?.externalId])).toEqual([
      ['am-list:post', undefined, undefined],
      ['am-list:update-1', 'ts-am-list:post', undefined],
      ['am-list:reply', undefined, 'ts-am-list:post'],
    ]);
    const ref = await db.prisma.chatMessageRef.findUniqueOrThrow({ where: { platform_key: { platform: 'slack', key: 'am-list:2026-11-23' } } });
    expect([ref.externalId, ref.channel, ref.schoolId]).toEqual(['ts-am-list:post', `${ch}-real`, schoolId]);
  });

  it('an update queued elsewhere waits for its post without using up attempts', async () => {
    const clock = new ManualClock(T0);
    await enqueue(db.prisma, message('dm-post', 'U-HEAD', { op: 'dm', messageKey: 'dm:head:case-9' }));
    await enqueue(db.prisma, message('dm-update', channel('other'), { op: 'update', messageKey: 'dm:head:case-9' }));
    const platform = fakePlatform({ 'dm-post': [new PlatformError(429, 5)] });
    const w = worker(clock, platform.deliver, { refWaitMs: 1000, maxAttempts: 2 });
    expect(await w.drain()).toEqual({ sent: 0, retried: 1, dead: 0, waiting: 1, held: 0, escalated: 0 });
    for (let s = 1; s <= 4; s++) {
      clock.advance(1000);
      expect((await w.drain()).waiting).toBe(1);
    }
    clock.advance(1000);
    expect((await w.drain()).sent).toBe(2);
    const update = platform.delivered.find((d) => d.key === 'dm-update');
    expect(update?.target).toEqual({ externalId: 'ts-dm-post', channel: 'U-HEAD-real' });
    expect((await row('dm-update')).attempts).toBe(1);
  });

  it('an update with no post anywhere is retried, then dead', async () => {
    const clock = new ManualClock(T0);
    await enqueue(db.prisma, message('orphan-update', channel('orphan'), { op: 'update', messageKey: 'never-posted' }));
    const platform = fakePlatform();
    const w = worker(clock, platform.deliver, { maxAttempts: 2, retryBaseMs: 100 });
    await w.drain();
    clock.advance(100);
    await w.drain();
    const r = await row('orphan-update');
    expect([r.status, r.attempts]).toEqual(['dead', 2]);
    expect(r.lastError).toMatch(/^no_posted_message: .*never-posted/);
    expect(platform.calls).toEqual([]);
  });

  it('two workers on one database draining at once deliver each message once', async () => {
    const clock = new ManualClock(T0);
    const keys: string[] = [];
    await db.prisma.$transaction(async (tx) => {
      for (let c = 0; c < 4; c++) {
        const ch = channel(`race-${c}`);
        for (let i = 0; i < 4; i++) {
          keys.push(`race-${c}-${i}`);
          await enqueue(tx, message(`race-${c}-${i}`, ch));
        }
      }
    });
    const seen: string[] = [];
    const deliver = async (m: OutboxDelivery) => {
      seen.push(m.key);
      await new Promise((r) => setImmediate(r));
      return { externalId: m.key };
    };
    const a = createOutboxWorker({ prisma: db.prisma, clock, deliver, classifyError: classify });
    const b = createOutboxWorker({ prisma: replica.prisma, clock, deliver, classifyError: classify });
    const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
    expect(ra.sent + rb.sent).toBe(keys.length);
    expect([...seen].sort()).toEqual([...keys].sort());
    for (let c = 0; c < 4; c++) {
      const order = seen.filter((k) => k.startsWith(`race-${c}-`));
      expect(order).toEqual([0, 1, 2, 3].map((i) => `race-${c}-${i}`));
    }
  });

  it('wakeCommitted delivers what was enqueued at once, and starts no round when nothing was', async () => {
    const seen: string[] = [];
    const committed = deferred<string>();
    const w = createOutboxWorker({
      prisma: db.prisma, pollMs: 600_000, classifyError: classify,
      deliver: async (m) => {
        seen.push(m.key);
        if (m.key === 'committed') committed.resolve(m.key);
      },
    });
    w.start();
    await w.drain();
    // The round start() began runs beside drain(); let it end before the quiet write below.
    await new Promise((resolve) => setTimeout(resolve, 200));
    seen.length = 0;
    // Written without this process's enqueue signal, as by another replica: nothing asked for a round.
    await replica.prisma.$executeRawUnsafe(
      `INSERT INTO "OutboxMessage" ("schoolId", key, platform, op, channel, payload) VALUES ($1, 'unsignalled', 'slack', 'post', $2, '{}'::jsonb)`,
      schoolId, channel('quiet'),
    );
    w.wakeCommitted();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual([]);
    await enqueue(db.prisma, message('committed', channel('prompt')));
    w.wakeCommitted();
    expect(await committed.promise).toBe('committed');
    await w.stop();
    expect(seen).toContain('unsignalled');
  });

  it('once started, delivers a new message on the enqueue wake-up without waiting for a poll', async () => {
    const done = deferred<string>();
    const w = createOutboxWorker({ prisma: db.prisma, pollMs: 600_000, deliver: async (m) => void (m.key === 'woken' && done.resolve(m.key)), classifyError: classify });
    w.start();
    await w.drain();
    await enqueue(db.prisma, message('woken', channel('wake')));
    expect(await done.promise).toBe('woken');
    await w.stop();
    expect((await row('woken')).status).toBe('sent');
  });

  it('rejects an update without a messageKey and an unknown op', async () => {
    await expect(enqueue(db.prisma, message('bad-update', 'C', { op: 'update' }))).rejects.toThrow(/needs messageKey/);
    // As if read from untyped input (a CLI argument, a JSON file).
    const op: OutboxOp = JSON.parse('"shout"');
    await expect(enqueue(db.prisma, message('bad-op', 'C', { op }))).rejects.toThrow(/unknown op/);
  });
});
