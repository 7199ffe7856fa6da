// Rollcall started late (14:00, after both registers closed): the lists are posted for the close times, and
// every ladder step missed since is sent once, in ladder order per pupil, stamped with the time it was due
// and the time it went. A second start (a restart) sends nothing again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../src/register/import.js';
import { catchUpToday } from '../../../src/workflows/unexplained/index.js';
import type { SlackHarness } from '../../support/slack-harness.js';
import { SLUG, startSmallSchool, textOf, type SmallSchool } from './support.js';

let s: SmallSchool;
let h: SlackHarness;

async function startAgain(): Promise<void> {
  await catchUpToday(await h.rollcall.services.school(s.schoolId), h.rollcall.services);
  await h.rollcall.timers.tick();
  await h.drain();
}

beforeAll(async () => {
  s = await startSmallSchool('2026-11-23T14:00:00Z');
  h = s.h;
  // The afternoon register: Kai and Amy still absent (N), everyone else here.
  const pm = [['A100000000001', 'N'], ['A100000000002', '\\'], ['A100000000003', 'N'], ['A100000000004', '\\'], ['A100000000005', '\\'], ['A100000000006', '\\']]
    .map(([upn, code]) => `${upn},2026-11-23,PM,${code}`);
  const result = await importFile(h.db, { receivedAt: new Date(), schoolSlug: SLUG, kind: 'marks', csvText: `upn,date,session,code\n${pm.join('\n')}\n`, actor: { name: 'MIS', role: 'system' } });
  expect(result.errors).toEqual([]);
  await startAgain();
}, 120_000);
afterAll(async () => h?.close());

const amThread = () => {
  const list = h.fake.messages('#attendance').find((m) => !m.threadTs && textOf(m).includes('AM Mon 23 Nov'));
  expect(list).toBeDefined();
  return h.fake.messages('#attendance').filter((m) => m.threadTs === list!.ts).map((m) => m.text ?? '');
};
// Direct messages, as "channel: text" (the fake opens D<user> for a user).
const dms = () => h.fake.callsTo('chat.postMessage').filter((c) => String(c.body['channel']).startsWith('D')).map((c) => `${String(c.body['channel'])}: ${String(c.body['text'])}`);

describe('catching up after a late start', () => {
  it('sends each missed step once, in ladder order, with the time it was due and the time it went', () => {
    const lines = amThread();
    const amy = lines.filter((l) => l.includes('Amy Brown'));
    expect(amy.map((l) => l.slice(0, 5))).toEqual(['09:30', '10:00', '10:30']);
    expect(amy[0]).toContain('call the first contact');
    expect(amy[1]).toContain('call the next contact');
    expect(amy.every((l) => l.includes('Due at') && l.includes('sent at 14:00'))).toBe(true);
    const kai = lines.filter((l) => l.includes('Kai Reed'));
    expect(kai.length).toBeGreaterThan(2);
    expect(kai.map((l) => l.slice(0, 5))).toEqual([...kai.map((l) => l.slice(0, 5))].sort());
    // The two safeguarding steps due at 10:00 read alike in the channel: the line is shown once.
    expect(kai.filter((l) => l.startsWith('10:00') && l.includes('Safeguarding follow-up passed to the DSL'))).toHaveLength(1);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('tells each step\'s owner once, and takes each step once in the run (the AM and PM cases share it)', async () => {
    const amy = await h.db.prisma.pupil.findFirstOrThrow({ where: { upn: 'A100000000001' } });
    const tasks = await h.db.prisma.task.findMany({ where: { pupilId: amy.id, kind: { startsWith: 'unexplained.' } }, orderBy: { dueAt: 'asc' } });
    expect(tasks.map((t) => [t.kind, t.dueAt?.toISOString()])).toEqual([
      ['unexplained.call-first-contact', '2026-11-23T09:30:00.000Z'],
      ['unexplained.call-next-contact', '2026-11-23T10:00:00.000Z'],
      ['unexplained.email', '2026-11-23T10:30:00.000Z'],
    ]);
    const sent = dms();
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.filter((t) => t.startsWith('DUOFFICE: Call the first contact: Amy Brown'))).toHaveLength(1);
  });

  it('sends nothing again when Rollcall starts a second time', async () => {
    const before = { thread: amThread().length, dms: dms().length, posts: h.fake.callsTo('chat.postMessage').length };
    await startAgain();
    expect(amThread()).toHaveLength(before.thread);
    expect(dms()).toHaveLength(before.dms);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(before.posts);
  });
});

