import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { createDbDeliveryLog, createMemoryDeliveryLog } from '../../src/jobs/delivery-log.js';
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

describe('delivery log', () => {
  it('says first time once per key, then never again', async () => {
    const log = createDbDeliveryLog(db.prisma);
    expect(await log.firstTime('slack:Ev01ABC')).toBe(true);
    expect(await log.firstTime('slack:Ev01ABC')).toBe(false);
    expect(await log.firstTime('slack:Ev01ABD')).toBe(true);
    // A restarted process (a new log over the same table) remembers.
    expect(await createDbDeliveryLog(db.prisma).firstTime('slack:Ev01ABC')).toBe(false);
  });

  it('two replicas receiving the same redelivery at once: exactly one handles it', async () => {
    const a = createDbDeliveryLog(db.prisma);
    const b = createDbDeliveryLog(replica.prisma);
    const keys = Array.from({ length: 10 }, (_, i) => `teams:activity-${i}`);
    const answers = await Promise.all(keys.flatMap((k) => [a.firstTime(k), b.firstTime(k)]));
    for (let i = 0; i < keys.length; i++) expect([answers[2 * i], answers[2 * i + 1]].filter(Boolean)).toHaveLength(1);
  });

  it('records inside a caller transaction, so a rolled-back handler can be redelivered', async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        expect(await createDbDeliveryLog(tx).firstTime('slack:rolled-back')).toBe(true);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await createDbDeliveryLog(db.prisma).firstTime('slack:rolled-back')).toBe(true);
  });

  it('prunes keys received before a cut-off', async () => {
    const log = createDbDeliveryLog(db.prisma);
    await db.prisma.processedDelivery.create({ data: { key: 'slack:old', receivedAt: new Date('2026-11-01T00:00:00Z') } });
    await log.firstTime('slack:new');
    const removed = await log.prune(new Date('2026-11-02T00:00:00Z'));
    expect(removed).toBe(1);
    expect(await log.firstTime('slack:old')).toBe(true);
    expect(await log.firstTime('slack:new')).toBe(false);
  });

  it('the in-memory log behaves the same within one process', async () => {
    const log = createMemoryDeliveryLog();
    expect([await log.firstTime('k'), await log.firstTime('k'), await log.firstTime('j')]).toEqual([true, false, true]);
  });
});
