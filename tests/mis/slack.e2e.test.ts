// A morning fed by a fake Wonde, on Slack (real Bolt receiver, fake Slack Web API): two classes' registers
// arrive after the AM close and the list says so, then updates in place; a mark changed in the MIS after a
// call closes the case as an amendment; the afternoon with no marks at all opens nothing; a revoked token
// is told once, its recovery once; write-back accepted and refused; a leaver deleted in the MIS and a pupil
// admitted mid-day, through the chat (support-roll.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobContext } from '../../src/jobs/index.js';
import { listMessageKey } from '../../src/workflows/unexplained/index.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { textOf } from '../workflows/unexplained/support.js';
import { JOBS, startFeed, TODAY, type Feed } from './support-feed.js';
import { admittedMidDay, leaverDeletedInTheMis, type RollDriver } from './support-roll.js';
import { studentIdOf, WONDE_SCHOOL, WONDE_TOKEN } from './support.js';

let h: SlackHarness;
let feed: Feed;
let schoolId = '';

async function close(job: string, at: string) {
  const school = await h.rollcall.services.school(schoolId);
  const j = feed.workflows[1].jobs!(school, h.rollcall.services).find((x) => x.name === job)!;
  const context: JobContext = { schoolId, timezone: 'Europe/London', name: job };
  return j.run(new Date(at), context);
}

/**
 * Delivers the outbox; a delivery the loaded machine's sockets dropped is retried a minute later on the
 * injected clock, as the worker would, until nothing is pending.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await h.drain();
    if ((await h.db.prisma.outboxMessage.count({ where: { status: 'pending' } })) === 0) return;
    h.clock.set(new Date(h.clock.now().getTime() + 60_000));
  }
}

/** Runs a slash command and waits for its private answer (the handler runs after Slack's ack). */
async function command(user: string, name: string, text: string, key: string): Promise<void> {
  await h.command(user, name, text, { responseKey: key });
  await h.fake.waitFor('response_url', (c) => c.body['__key'] === key, 20_000);
}

const list = () => h.fake.messages('#attendance').find((m) => textOf(m).includes(`AM Mon 23 Nov`))!;
const cases = () => h.db.prisma.unexplainedAbsence.findMany({ where: { schoolId }, include: { pupil: true }, orderBy: { createdAt: 'asc' } });

beforeAll(async () => {
  feed = await startFeed({ writeBack: true });
  h = await startSlackHarness({ workflows: feed.workflows, now: new Date(`${TODAY}T09:10:00Z`), seed: async (db) => { schoolId = await feed.seed(db); } });
  expect(await feed.poll(h.rollcall.services, schoolId, `${TODAY}T09:10:00Z`)).toMatchObject({ sync: { ok: true, full: true } });
}, 120_000);
afterAll(async () => { await h?.close(); await feed?.close(); });

describe('registers taken after the AM close', () => {
  it('lists only the taken register\'s absences and names the classes not taken, with their teachers', async () => {
    h.clock.set(new Date(`${TODAY}T09:15:00Z`));
    expect(await close(JOBS.amClose, `${TODAY}T09:15:00Z`)).toMatchObject({ held: true, listed: 1, opened: 1 });
    await settle();
    expect((await cases()).map((c) => c.pupil.firstName)).toEqual(['Amy']);
    const post = textOf(list());
    expect(post).toContain('Registers not taken yet (2)');
    expect(post).toMatch(/1R\* \(2 pupils\) · Anita Shah/);
    expect(post).toMatch(/5H\* \(2 pupils\) · Lucy Hart/);
    expect(post).toContain('Register data as of 09:10');
    expect(post).not.toContain('Reed');
    // Nobody was nudged about pupils whose register was simply not taken.
    expect(await h.db.prisma.durableTimer.count({ where: { schoolId, payload: { path: ['caseId'], not: (await cases())[0]!.id } } })).toBe(0);
  });

  it('updates the same post in place when the registers arrive: new cases, no classes left to chase', async () => {
    feed.takeLateRegisters(`${TODAY}T09:38:00Z`);
    h.clock.set(new Date(`${TODAY}T09:40:00Z`));
    const polled = await feed.poll(h.rollcall.services, schoolId, `${TODAY}T09:40:00Z`);
    expect(polled).toMatchObject({ sync: { ok: true, full: false }, refreshed: 1 });
    await settle();
    expect((await cases()).map((c) => c.pupil.firstName).sort()).toEqual(['Amy', 'Kai', 'Lily']);
    expect(h.fake.messages('#attendance').filter((m) => textOf(m).includes('AM Mon 23 Nov'))).toHaveLength(1);
    const post = textOf(list());
    expect(post).not.toContain('Registers not taken yet');
    expect(post).toContain('Reed');
    expect(post).toContain('Register data as of 09:40');
    const ref = await h.db.prisma.chatMessageRef.findFirstOrThrow({ where: { key: listMessageKey(schoolId, TODAY, 'AM') } });
    expect(ref.externalId).toBe(list().ts);
    // Polling again with nothing new changes nothing.
    expect(await feed.poll(h.rollcall.services, schoolId, `${TODAY}T09:42:00Z`)).toMatchObject({ refreshed: 0 });
  });

  it('closes a case the MIS explains after a call, kept as an amendment', async () => {
    await command('UOFFICE', '/call', 'A100000000001 no-answer', 'call-amy');
    await settle();
    feed.fake.store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000001'), date: TODAY, session: 'AM', code: 'I' }, new Date(`${TODAY}T09:50:00Z`));
    h.clock.set(new Date(`${TODAY}T09:52:00Z`));
    await feed.poll(h.rollcall.services, schoolId, `${TODAY}T09:52:00Z`);
    await settle();
    const amy = (await cases()).find((c) => c.pupil.upn === 'A100000000001')!;
    expect(amy).toMatchObject({ status: 'resolved', resolvedCode: 'I', resolvedBy: 'register' });
    expect(await h.db.prisma.contactAttempt.count({ where: { caseId: amy.id } })).toBe(1);
    expect(await h.db.prisma.markAmendment.findFirst({ where: { pupilId: amy.pupilId } })).toMatchObject({ originalCode: 'N', newCode: 'I', amendedBy: 'MIS sync (Wonde)' });
    expect(textOf(list())).toMatch(/Resolved: [^"]*by/);
  });
});

describe('the afternoon with no marks at all', () => {
  it('posts one "no register data yet" message and opens no case, sends no DM', async () => {
    const before = { cases: (await cases()).length, dms: h.fake.callsTo('chat.postMessage').filter((c) => String(c.body['channel']).startsWith('U')).length };
    h.clock.set(new Date(`${TODAY}T13:30:00Z`));
    expect(await close(JOBS.pmClose, `${TODAY}T13:30:00Z`)).toMatchObject({ held: true, listed: 0, opened: 0 });
    await settle();
    expect((await cases()).length).toBe(before.cases);
    const pm = h.fake.messages('#attendance').filter((m) => textOf(m).includes('PM Mon 23 Nov'));
    expect(pm).toHaveLength(1);
    expect(textOf(pm[0])).toContain('No register data yet: PM Mon 23 Nov');
    expect(h.fake.callsTo('chat.postMessage').filter((c) => String(c.body['channel']).startsWith('U')).length).toBe(before.dms);
  });
});

describe('a revoked token', () => {
  it('tells the office once, writes nothing, and tells it once when the connection works again', async () => {
    feed.fake.store.tokens.clear();
    const marks = await h.db.prisma.sessionMark.count({ where: { schoolId } });
    feed.fake.store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000002'), date: TODAY, session: 'PM', code: '\\' }, new Date(`${TODAY}T13:40:00Z`));
    for (const at of ['13:42', '13:44', '13:46']) {
      h.clock.set(new Date(`${TODAY}T${at}:00Z`));
      expect(await feed.poll(h.rollcall.services, schoolId, `${TODAY}T${at}:00Z`)).toMatchObject({ sync: { ok: false } });
    }
    await settle();
    const told = h.fake.messages('#attendance').filter((m) => textOf(m).includes('not arriving from the MIS'));
    expect(told).toHaveLength(1);
    expect(textOf(told[0])).toMatch(/Since 13:42: Wonde refused the app token/);
    expect(await h.db.prisma.sessionMark.count({ where: { schoolId } })).toBe(marks);

    feed.fake.store.tokens.add(WONDE_TOKEN);
    for (const at of ['13:48', '13:50']) {
      h.clock.set(new Date(`${TODAY}T${at}:00Z`));
      expect(await feed.poll(h.rollcall.services, schoolId, `${TODAY}T${at}:00Z`)).toMatchObject({ sync: { ok: true } });
    }
    await settle();
    expect(h.fake.messages('#attendance').filter((m) => textOf(m).includes('arriving from the MIS again'))).toHaveLength(1);
    expect(await h.db.prisma.sessionMark.count({ where: { schoolId } })).toBe(marks + 1);
  });
});

describe('write-back', () => {
  it('writes a reason given in chat to the MIS and shows it accepted on the case', async () => {
    h.clock.set(new Date(`${TODAY}T14:00:00Z`));
    await command('UOFFICE', '/reason', 'A100000000005 I Ear infection, mum called', 'reason-lily');
    await settle();
    const done = await feed.writeBack(h.rollcall.services, schoolId);
    expect(done).toEqual([expect.objectContaining({ status: 'accepted', code: 'I', session: 'AM' })]);
    const sent = feed.fake.store.writeBacks.at(-1) as { attendance: { student_id: string; session: string; comment: string }[] };
    expect(sent.attendance[0]).toMatchObject({ student_id: studentIdOf('A100000000005'), session: 'AM', comment: 'Ear infection, mum called' });
    await settle();
    expect(textOf(list())).toContain('Written to the MIS');
    // Answered once: the next pass has nothing to do, and the MIS's own copy comes back as no amendment.
    expect(await feed.writeBack(h.rollcall.services, schoolId)).toEqual([]);
    await feed.poll(h.rollcall.services, schoolId, `${TODAY}T14:04:00Z`);
    expect(await h.db.prisma.markAmendment.count({ where: { schoolId, pupil: { upn: 'A100000000005' } } })).toBe(1);
  });

  it('retries while the MIS is down, then shows its refusal to the person who gave the reason', async () => {
    h.clock.set(new Date(`${TODAY}T14:10:00Z`));
    await command('UOFFICE', '/reason', 'A100000000003 M Hospital appointment', 'reason-kai');
    await settle();
    feed.fake.store.fail({ path: 'attendance/session', method: 'POST', status: 503, times: 4 });
    expect(await feed.writeBack(h.rollcall.services, schoolId)).toEqual([expect.objectContaining({ status: 'waiting' })]);
    expect(await feed.writeBack(h.rollcall.services, schoolId)).toEqual([]); // not due yet
    feed.fake.store.refuseWriteBacks = 'The register for this session is locked in SIMS.';
    h.clock.set(new Date(`${TODAY}T14:12:00Z`));
    expect(await feed.writeBack(h.rollcall.services, schoolId)).toEqual([expect.objectContaining({ status: 'refused', detail: expect.stringContaining('locked in SIMS') })]);
    await settle();
    const dm = h.fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'DUOFFICE' && textOf(c.body).includes('MIS refused'));
    expect(dm).toHaveLength(1);
    expect(textOf(dm[0]!.body)).toContain('locked in SIMS');
    expect(textOf(list())).toContain('MIS refused');
    expect(await h.db.prisma.misWriteBack.findFirst({ where: { schoolId, code: 'M' } })).toMatchObject({ status: 'refused', attempts: 2 });
  });
});

describe('the roll changing in the MIS', () => {
  let calls = 0;
  const driver = (): RollDriver => ({
    db: h.db, schoolId, feed,
    poll: async (at) => {
      h.clock.set(new Date(at));
      const polled = await feed.poll(h.rollcall.services, schoolId, at);
      await settle();
      return polled;
    },
    close: async (job, at) => {
      h.clock.set(new Date(at));
      await close(job, at);
      await settle();
    },
    call: async (words) => {
      const key = `roll-call-${++calls}`;
      await h.command('UOFFICE', '/call', words, { responseKey: key });
      const answer = textOf((await h.fake.waitFor('response_url', (c) => c.body['__key'] === key, 20_000)).body);
      // The answer goes before the request is marked handled: wait for that too, so nothing runs after the test.
      await vi.waitFor(async () => expect(await h.db.prisma.$queryRawUnsafe('SELECT key FROM "ProcessedDelivery" WHERE "handledAt" IS NULL AND body IS NOT NULL')).toEqual([]));
      return answer;
    },
    list: (heading) => textOf(h.fake.messages('#attendance').find((m) => textOf(m).includes(heading))),
  });
  it('a leaver deleted in the MIS is on no later list and naming them says they left; their history stays', () => leaverDeletedInTheMis(driver()), 60_000);
  it('a pupil admitted mid-day is listed at the PM close and can be named in /call', () => admittedMidDay(driver()), 60_000);
});
