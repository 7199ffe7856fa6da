// First-day calling end to end through the real Bolt receiver and the fake Slack Web API: the AM list and
// its message reference, claims (and a race for one), a call by command and by form, a reason that amends
// the register, the list updated in place after each (chat.update), and what must change nothing: retries,
// bad signatures, an unknown name, a role without permission, a reason the law says needs an explanation
// (Slack's form errors). What the workflow decides (a second claim, a shared name's pick list, a code that
// is not a register code) is asserted on the neutral model in scenarios.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, TEAM_ID } from '../../support/slack-harness.js';
import { sendSigned, slashCommandBody } from '../../support/slack-signing.js';
import type { SlackHarness } from '../../support/slack-harness.js';
import { ACTIONS, JOBS, VIEWS, listMessageKey } from '../../../src/workflows/unexplained/index.js';
import { startSmallSchool, textOf, type SmallSchool } from './support.js';

let s: SmallSchool;
let h: SlackHarness;
const cases: Record<string, string> = {};

async function answer(key: string): Promise<string> {
  return textOf((await h.fake.waitFor('response_url', (c) => c.body['__key'] === key)).body);
}

async function counts() {
  const p = h.db.prisma;
  return {
    attempts: await p.contactAttempt.count(),
    amendments: await p.markAmendment.count(),
    audit: await p.auditEvent.count(),
    outbox: await p.outboxMessage.count(),
    claimed: await p.unexplainedAbsence.count({ where: { claimedBy: { not: null } } }),
  };
}

function listText(): string {
  const posted = h.fake.messages('#attendance').filter((m) => !m.threadTs);
  expect(posted).toHaveLength(1);
  return textOf(posted[0]);
}

beforeAll(async () => {
  s = await startSmallSchool('2026-11-23T09:15:00Z');
  h = s.h;
  await s.runJob(JOBS.amClose, '2026-11-23T09:15:00Z');
  await h.drain();
  for (const c of await h.db.prisma.unexplainedAbsence.findMany({ include: { pupil: true } })) cases[c.pupil.firstName] = c.id;
}, 120_000);
afterAll(async () => h?.close());

describe('the AM list at register close', () => {
  it('posts the unexplained absences, vulnerable first, with year/class, days absent, next step and buttons', async () => {
    expect(Object.keys(cases).sort()).toEqual(['Amy', 'Kai', 'Lily']);
    const [post] = h.fake.messages('#attendance');
    const body = textOf(post);
    expect(body).toContain('Unexplained absences: AM Mon 23 Nov');
    // Kai (CP plan, social worker, day 3) comes first; standard privacy says "priority", not why.
    expect(body.indexOf('Kai Reed')).toBeLessThan(body.indexOf('Amy Brown'));
    expect(body).toMatch(/Kai Reed\*[^"]*Y5, 5H[^"]*priority[^"]*day 3 absent/);
    expect(body).not.toMatch(/CP plan|Social worker/);
    expect(body).toContain('Lily Evans');
    expect(body).toContain('Next: Call the first contact (office, by 09:30)');
    for (const id of [ACTIONS.claim, ACTIONS.logCall, ACTIONS.reason]) expect(body).toContain(id);
    // Contact numbers stay out of the channel (contactDetailsIn: private-only).
    expect(body).not.toContain('07700');
    const stored = await h.db.prisma.unexplainedAbsence.findMany({ where: { status: 'open', session: 'AM' } });
    expect(stored).toHaveLength(3);
    const ref = await h.db.prisma.chatMessageRef.findFirstOrThrow({ where: { key: listMessageKey(s.schoolId, '2026-11-23', 'AM') } });
    expect(ref.externalId).toBe(post!.ts);
  });

  it('opens each case once: running the occurrence again adds no case, timer or post', async () => {
    const before = { ...(await counts()), timers: await h.db.prisma.durableTimer.count() };
    await s.runJob(JOBS.amClose, '2026-11-23T09:15:00Z');
    await h.drain();
    expect(await h.db.prisma.unexplainedAbsence.count()).toBe(3);
    expect(await h.db.prisma.durableTimer.count()).toBe(before.timers);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

describe('claiming', () => {
  it('claims a pupil, answers privately with the contacts, and updates the list in place', async () => {
    const updates = h.fake.callsTo('chat.update').length;
    await h.press('UOFFICE', ACTIONS.claim, cases.Amy!, { responseKey: 'claim-amy' });
    const reply = await answer('claim-amy');
    expect(reply).toContain('You have claimed this pupil');
    expect(reply).toContain('Jane Brown (Mother) 07700 900001');
    expect(reply).toContain('"response_type":"ephemeral"');
    const clare = await h.db.prisma.staffMember.findFirstOrThrow({ where: { slackUserId: 'UOFFICE' } });
    expect((await h.db.prisma.unexplainedAbsence.findUniqueOrThrow({ where: { id: cases.Amy! } })).claimedBy).toBe(clare.id);
    expect(await h.db.prisma.auditEvent.count({ where: { action: 'unexplained.claimed', entityId: cases.Amy! } })).toBe(1);
    await h.drain();
    expect(h.fake.callsTo('chat.update')).toHaveLength(updates + 1);
    expect(listText()).toContain('Claimed by Clare Fell');
    expect(listText()).not.toContain('07700');
  });

  it('lets exactly one of two simultaneous claims win', async () => {
    await Promise.all([
      h.press('UOFFICE', ACTIONS.claim, cases.Lily!, { responseKey: 'race-1' }),
      h.press('UOFFICE2', ACTIONS.claim, cases.Lily!, { responseKey: 'race-2' }),
    ]);
    const answers = [await answer('race-1'), await answer('race-2')];
    expect(answers.filter((a) => a.includes('You have claimed this pupil'))).toHaveLength(1);
    expect(answers.filter((a) => /claimed this pupil at/.test(a))).toHaveLength(1);
    expect(await h.db.prisma.auditEvent.count({ where: { action: 'unexplained.claimed', entityId: cases.Lily! } })).toBe(1);
  });
});

describe('logging calls', () => {
  it('records /call with a multi-word name, the contact and a note, and shows the attempt on the list', async () => {
    await h.command('UOFFICE', '/call', 'Amy Brown no-answer #1 rang twice', { responseKey: 'call-1' });
    expect(await answer('call-1')).toContain('Logged *no answer* (Jane Brown, Mother) for Amy Brown');
    const attempt = await h.db.prisma.contactAttempt.findFirstOrThrow({ where: { caseId: cases.Amy! }, include: { contact: true } });
    expect([attempt.outcome, attempt.contact?.name, attempt.note]).toEqual(['no-answer', 'Jane Brown', 'rang twice']);
    expect(attempt.at.toISOString()).toBe('2026-11-23T09:15:00.000Z');
    await h.drain();
    expect(listText()).toContain('1 attempt: no answer 09:15');
    expect(listText()).not.toContain('rang twice'); // notes never go to the channel
  });

  it('records a call from the Log call form', async () => {
    h.clock.set('2026-11-23T09:18:00Z');
    await h.press('UOFFICE', ACTIONS.logCall, cases.Amy!, { responseKey: 'log-1', triggerId: 'trig-log-1' });
    const opened = await h.fake.waitFor('views.open', (c) => c.body['trigger_id'] === 'trig-log-1');
    expect(textOf(opened.body)).toContain(VIEWS.logCall);
    const tom = await h.db.prisma.emergencyContact.findFirstOrThrow({ where: { name: 'Tom Brown' } });
    const res = await h.submit('UOFFICE', VIEWS.logCall, { contact: tom.id, outcome: 'reached', note: 'Dad says tummy bug' }, cases.Amy!);
    expect(res.status).toBe(200);
    const reached = await h.db.prisma.contactAttempt.findFirstOrThrow({ where: { caseId: cases.Amy!, outcome: 'reached' } });
    expect(reached.contactId).toBe(tom.id);
    await h.drain();
    expect(listText()).toContain('2 attempts: no answer 09:15, reached 09:18');
    expect(listText()).toContain('Next: Record the reason and code');
  });

  it('records a Slack retry of the same delivery once', async () => {
    const body = slashCommandBody({ command: '/call', text: 'Kai Reed voicemail', user_id: 'UOFFICE2', team_id: TEAM_ID, channel_id: 'C0OFFICE', trigger_id: 'trig-retry', response_url: h.fake.responseUrl('retry') });
    const first = await sendSigned(h.url, body, { signingSecret: SIGNING_SECRET });
    await answer('retry');
    const again = await sendSigned(h.url, body, { signingSecret: SIGNING_SECRET, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect([first.status, again.status]).toEqual([200, 200]);
    await h.drain();
    expect(await h.db.prisma.contactAttempt.count({ where: { caseId: cases.Kai!, outcome: 'voicemail' } })).toBe(1);
    expect(h.fake.callsTo('response_url').filter((c) => c.body['__key'] === 'retry')).toHaveLength(1);
  });

  it.each([
    ['a forged signature', { signingSecret: 'not-the-secret' }],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ])('answers %s with 401 and writes nothing', async (_, extra) => {
    const before = { ...(await counts()), deliveries: await h.db.prisma.processedDelivery.count() };
    const res = await h.command('UOFFICE', '/call', 'Kai Reed no-answer', extra);
    expect(res.status).toBe(401);
    expect({ ...(await counts()), deliveries: await h.db.prisma.processedDelivery.count() }).toEqual(before);
  });
});

describe('names that do not point at one pupil', () => {
  it('says when no pupil matches, and writes nothing', async () => {
    const before = await counts();
    await h.command('UOFFICE', '/reason', 'Zed Quinn I poorly', { responseKey: 'unknown' });
    expect(await answer('unknown')).toContain('No pupil on roll matches \\"Zed Quinn\\"');
    expect(await counts()).toEqual(before);
  });
});

describe('recording the reason', () => {
  it('refuses a class teacher, and writes nothing', async () => {
    const before = await counts();
    await h.command('UTEACH', '/reason', 'Kai Reed I', { responseKey: 'teacher' });
    expect(await answer('teacher')).toMatch(/Not allowed.*office/);
    await h.press('UTEACH', ACTIONS.claim, cases.Kai!, { responseKey: 'teacher-claim' });
    expect(await answer('teacher-claim')).toContain('Not allowed');
    expect(await counts()).toEqual(before);
  });

  it('closes the case with /reason: amendment N -> I with who and role, timers cancelled, list updated', async () => {
    h.clock.set('2026-11-23T09:20:00Z');
    await h.command('UOFFICE', '/reason', 'Amy Brown I tummy bug, dad rang back', { responseKey: 'reason-amy' });
    expect(await answer('reason-amy')).toContain('Recorded *I* (illness (physical or mental)) for Amy Brown, AM on 23 Nov 2026');
    const amy = await h.db.prisma.unexplainedAbsence.findUniqueOrThrow({ where: { id: cases.Amy! } });
    expect([amy.status, amy.resolvedCode, amy.resolvedNote]).toEqual(['resolved', 'I', 'tummy bug, dad rang back']);
    const amendment = await h.db.prisma.markAmendment.findFirstOrThrow({ where: { pupilId: amy.pupilId, source: 'chat' } });
    expect([amendment.originalCode, amendment.newCode, amendment.amendedBy, amendment.amendedRole, amendment.reason]).toEqual(['N', 'I', 'Clare Fell', 'office', 'tummy bug, dad rang back']);
    const mark = await h.db.prisma.sessionMark.findFirstOrThrow({ where: { pupilId: amy.pupilId, date: amy.date, session: 'AM' } });
    expect(mark.code).toBe('I');
    const timers = await h.db.prisma.durableTimer.findMany({ where: { key: { startsWith: `unexplained:${amy.id}:` } } });
    expect(timers.length).toBeGreaterThan(0);
    expect(timers.every((t) => t.status === 'cancelled')).toBe(true);
    await h.drain();
    expect(listText()).toMatch(/Amy Brown[^"]*Resolved: authorised absence, by Clare Fell at 09:20/);
  });

  it('needs the explanation for B, beside the input, then records it from the Reason form', async () => {
    const before = await counts();
    await h.press('UOFFICE2', ACTIONS.reason, cases.Lily!, { responseKey: 'reason-lily', triggerId: 'trig-reason-lily' });
    await h.fake.waitFor('views.open', (c) => c.body['trigger_id'] === 'trig-reason-lily');
    // Slack sends every input of the form, an empty one as null.
    const refused = await h.submit('UOFFICE2', VIEWS.reason, { code: 'B', note: '' }, `case:${cases.Lily!}`);
    expect(await refused.json()).toMatchObject({ response_action: 'errors', errors: { note: expect.stringContaining('activity') } });
    expect(await counts()).toEqual(before);
    await h.submit('UOFFICE2', VIEWS.reason, { code: 'B', note: 'Swimming gala with Year 1' }, `case:${cases.Lily!}`);
    const lily = await h.db.prisma.unexplainedAbsence.findUniqueOrThrow({ where: { id: cases.Lily! } });
    expect(lily.status).toBe('resolved');
    const amendment = await h.db.prisma.markAmendment.findFirstOrThrow({ where: { pupilId: lily.pupilId, source: 'chat' } });
    expect([amendment.originalCode, amendment.newCode, amendment.amendedBy]).toEqual([null, 'B', 'Anita Shah']);
  });
});
