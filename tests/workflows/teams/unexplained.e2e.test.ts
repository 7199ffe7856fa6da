// First-day calling on Microsoft Teams, end to end through the real /api/messages endpoint and a fake
// Bot Connector: the AM list posted proactively at register close, a claim from the card
// (Action.Execute) refreshing the list for everyone, a call and a reason typed as messages, the Log call
// form as a card dialog, a redelivered message handled once, and the 09:30 escalation nudge on the
// injected clock. Same small Lutley school as the Slack tests (London = UTC in November).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS, listMessageKey, unexplainedWorkflow } from '../../../src/workflows/unexplained/index.js';
import type { JobContext } from '../../../src/jobs/index.js';
import type { TeamsUser } from '../../support/teams-activity.js';
import { cardText, CHANNELS, executeActions, startTeamsHarness, type TeamsHarness } from '../../support/teams-harness.js';
import { seedSmallSchool } from '../unexplained/support.js';

const clare: TeamsUser = { id: '29:clare-teams', aadObjectId: 'aad-clare-0002', name: 'Clare Fell' };
const anita: TeamsUser = { id: '29:anita-teams', aadObjectId: 'aad-anita-0003', name: 'Anita Shah' };
const rachel: TeamsUser = { id: '29:rachel-teams', aadObjectId: 'aad-rachel-0004', name: 'Rachel Ashton' };
const TEAMS_IDS: Record<string, string> = { S001: 'aad-helen-0001', S002: clare.aadObjectId!, S003: anita.aadObjectId!, S004: rachel.aadObjectId!, S005: 'aad-lucy-0005' };

let h: TeamsHarness;
let schoolId = '';
const cases: Record<string, string> = {};

async function runJob(name: string, at: string): Promise<unknown> {
  const school = await h.rollcall.services.school(schoolId);
  const job = unexplainedWorkflow.jobs!(school, h.rollcall.services).find((j) => j.name === name)!;
  const context: JobContext = { schoolId, timezone: school.timezone, name };
  return job.run(new Date(at), context);
}

function theList() {
  const posts = h.posts(CHANNELS.attendance).filter((m) => cardText(m).includes('Unexplained absences: AM Mon 23 Nov'));
  expect(posts).toHaveLength(1);
  return posts[0]!;
}

async function claimed(name: string): Promise<string | null> {
  const { claimedBy } = await h.db.prisma.unexplainedAbsence.findUniqueOrThrow({ where: { id: cases[name]! } });
  return claimedBy === null ? null : (await h.db.prisma.staffMember.findUniqueOrThrow({ where: { id: claimedBy } })).name;
}

beforeAll(async () => {
  h = await startTeamsHarness({
    workflows: [unexplainedWorkflow],
    now: new Date('2026-11-23T09:15:00Z'),
    seed: async (db) => {
      schoolId = await seedSmallSchool(db);
      for (const [staffId, teamsUserId] of Object.entries(TEAMS_IDS)) await db.prisma.staffMember.updateMany({ where: { schoolId, staffId }, data: { teamsUserId } });
    },
  });
}, 120_000);
afterAll(async () => h?.close());

describe('the AM list on Teams', () => {
  it('is posted proactively into the attendance channel at register close, as a new post with a Claim per pupil', async () => {
    expect(h.fake.calls.filter((c) => c.op === 'send' || c.op === 'reply')).toEqual([]);
    expect(await runJob(JOBS.amClose, '2026-11-23T09:15:00Z')).toMatchObject({ held: true, listed: 3, opened: 3 });
    for (const c of await h.db.prisma.unexplainedAbsence.findMany({ include: { pupil: true } })) cases[c.pupil.firstName] = c.id;
    await h.drain();

    const sends = h.fake.callsTo('send');
    expect(sends.map((c) => c.conversationId)).toEqual([CHANNELS.attendance]);
    // A new root post in the channel, not a reply to anything.
    expect(JSON.stringify(sends[0]!.body)).not.toContain('replyToId');
    const list = theList();
    const text = cardText(list);
    expect(text.indexOf('Kai Reed')).toBeGreaterThan(0);
    expect(text.indexOf('Kai Reed')).toBeLessThan(text.indexOf('Amy Brown'));
    expect(text).toContain('Lily Evans');
    expect(text).not.toContain('07700');
    const claims = executeActions(list.activity).filter((a) => a.verb === 'unexplained.claim').map((a) => a.data['value']);
    expect(claims.sort()).toEqual([cases.Amy, cases.Kai, cases.Lily].sort());
    const ref = await h.db.prisma.chatMessageRef.findFirstOrThrow({ where: { key: listMessageKey(schoolId, '2026-11-23', 'AM'), platform: 'teams' } });
    expect(ref.externalId).toBe(list.id);
  });
});

describe('claiming from the card (Action.Execute)', () => {
  it('claims the pupil, sends the contacts to the presser’s 1:1 chat and refreshes the list for everyone', async () => {
    const list = theList();
    const amy = executeActions(list.activity).find((a) => a.verb === 'unexplained.claim' && a.data['value'] === cases.Amy)!;
    const body = await h.execute(clare, amy.verb, amy.data, { card: list });
    expect(body.statusCode).toBe(200);
    // The case card has buttons of its own, so it goes to the 1:1 chat; the presser is told so beside the card.
    expect(body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('chat with Rollcall') });
    expect(await claimed('Amy')).toBe('Clare Fell');
    expect(await h.db.prisma.auditEvent.count({ where: { action: 'unexplained.claimed', entityId: cases.Amy! } })).toBe(1);
    const chat = (await h.privateTo(clare)).join('\n');
    expect(chat).toContain('You have claimed this pupil');
    expect(chat).toContain('07700 900001');

    await h.drain();
    const update = await h.fake.waitFor('update', (c) => c.activityId === list.id);
    expect(update.conversationId).toBe(CHANNELS.attendance);
    expect(h.fake.message(CHANNELS.attendance, list.id)?.updates).toBe(1);
    const refreshed = cardText(theList());
    expect(refreshed).toMatch(/Amy Brown[\s\S]*Claimed by Clare Fell/);
    expect(refreshed).not.toContain('07700');
    // Amy's row lost its Claim button; the others kept theirs.
    expect(executeActions(theList().activity).filter((a) => a.verb === 'unexplained.claim').map((a) => a.data['value']).sort()).toEqual([cases.Kai, cases.Lily].sort());
  });

  it('tells a second presser who has the pupil, beside the card, and changes nothing', async () => {
    const list = theList();
    const attempts = await h.db.prisma.auditEvent.count();
    const body = await h.execute(anita, 'unexplained.claim', { value: cases.Amy! }, { card: list });
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/Clare Fell claimed this pupil at 09:15/) });
    expect(await claimed('Amy')).toBe('Clare Fell');
    expect(await h.db.prisma.auditEvent.count()).toBe(attempts);
    expect(h.fake.message(CHANNELS.attendance, list.id)?.updates).toBe(1);
  });

  it('answers a redelivered press once ("Already done.")', async () => {
    const list = theList();
    const first = await h.execute(clare, 'unexplained.claim', { value: cases.Lily! }, { card: list, id: 'f:lily-once' });
    expect(first.value).toEqual(expect.stringContaining('chat with Rollcall'));
    const again = await h.execute(clare, 'unexplained.claim', { value: cases.Lily! }, { card: list, id: 'f:lily-once' });
    expect(again).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Already done.' });
    expect(await h.db.prisma.auditEvent.count({ where: { action: 'unexplained.claimed', entityId: cases.Lily! } })).toBe(1);
  });
});

describe('calls and reasons typed as messages', () => {
  it('logs a call from a channel message, answers in the 1:1 chat, and updates the list in place', async () => {
    const before = (await h.privateTo(clare)).length;
    expect((await h.message(clare, 'call Amy Brown no-answer #1 rang twice', { id: '1763900100001' })).status).toBe(200);
    const attempt = await h.db.prisma.contactAttempt.findFirstOrThrow({ where: { caseId: cases.Amy! }, include: { contact: true } });
    expect([attempt.outcome, attempt.contact?.name, attempt.note]).toEqual(['no-answer', 'Jane Brown', 'rang twice']);
    const answers = await h.privateTo(clare);
    expect(answers).toHaveLength(before + 1);
    expect(answers.at(-1)).toMatch(/Logged \**no answer\** \(Jane Brown, Mother\) for Amy Brown/);
    // Nothing private in the channel: no answer posted beside the command.
    expect(h.fake.messages(CHANNELS.attendance).filter((m) => m.threadId === '1763900100001')).toEqual([]);
    await h.drain();
    expect(cardText(theList())).toContain('1 attempt: no answer 09:15');
    expect(cardText(theList())).not.toContain('rang twice');
  });

  it('handles a redelivered message once', async () => {
    await h.message(anita, 'call Kai Reed voicemail', { id: '1763900100002' });
    await h.message(anita, 'call Kai Reed voicemail', { id: '1763900100002' });
    expect(await h.db.prisma.contactAttempt.count({ where: { caseId: cases.Kai!, outcome: 'voicemail' } })).toBe(1);
    expect((await h.privateTo(anita)).filter((t) => t.includes('for Kai Reed'))).toHaveLength(1);
  });

  it('records a call from the Log call form, which comes back to the presser as a card dialog', async () => {
    h.clock.set('2026-11-23T09:18:00Z');
    const list = theList();
    const form = await h.execute(clare, 'unexplained.log-call', { value: cases.Amy! }, { card: list });
    expect(form.type).toBe('application/vnd.microsoft.card.adaptive');
    const [submit] = executeActions(form.value);
    expect(submit?.verb).toBe('view:unexplained.log-call');
    expect(JSON.stringify(form.value)).toContain('Tom Brown');
    const tom = await h.db.prisma.emergencyContact.findFirstOrThrow({ where: { name: 'Tom Brown' } });
    const answer = await h.execute(clare, submit!.verb, { ...submit!.data, contact: tom.id, outcome: 'reached', note: 'Dad says tummy bug' }, { card: list });
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    const reached = await h.db.prisma.contactAttempt.findFirstOrThrow({ where: { caseId: cases.Amy!, outcome: 'reached' } });
    expect(reached.contactId).toBe(tom.id);
    await h.drain();
    expect(cardText(theList())).toContain('2 attempts: no answer 09:15, reached 09:18');
  });

  it('records the reason from a message: the register is amended and the list shows it resolved', async () => {
    h.clock.set('2026-11-23T09:20:00Z');
    await h.message(clare, 'reason Amy Brown I tummy bug, dad rang back');
    expect((await h.privateTo(clare)).at(-1)).toMatch(/Recorded \**I\** \(illness \(physical or mental\)\) for Amy Brown/);
    const amy = await h.db.prisma.unexplainedAbsence.findUniqueOrThrow({ where: { id: cases.Amy! } });
    expect([amy.status, amy.resolvedCode]).toEqual(['resolved', 'I']);
    const amendment = await h.db.prisma.markAmendment.findFirstOrThrow({ where: { pupilId: amy.pupilId, source: 'chat' } });
    expect([amendment.originalCode, amendment.newCode, amendment.amendedBy, amendment.amendedRole]).toEqual(['N', 'I', 'Clare Fell', 'office']);
    await h.drain();
    expect(cardText(theList())).toMatch(/Amy Brown[\s\S]*Resolved: authorised absence, by Clare Fell at 09:20/);
  });
});

describe('escalation on the injected clock', () => {
  it('at 09:30 nudges in the list’s thread (no numbers) and in 1:1 chats (with numbers): the claimant, the attendance officer', async () => {
    const list = theList();
    expect(h.replies(CHANNELS.attendance, list.id)).toEqual([]);
    h.clock.set('2026-11-23T09:29:00Z');
    expect(await h.rollcall.timers.tick()).toBe(1); // Kai's day-3 home-visit step, due at 09:15
    h.clock.set('2026-11-23T09:30:00Z');
    expect(await h.rollcall.timers.tick()).toBeGreaterThanOrEqual(1);
    await h.drain();
    const thread = cardText(h.replies(CHANNELS.attendance, list.id));
    expect(thread).toContain('09:15 · **Kai Reed**: Home visit needed: task for the attendance officer.');
    expect(thread).toContain('09:30 · **Lily Evans**: No contact yet: call the first contact (Mother).');
    expect(thread).not.toContain('07700');
    // Replies in the list's thread, not new posts in the channel.
    expect(h.posts(CHANNELS.attendance).map((m) => m.id)).toEqual([list.id]);
    // Lily is Clare's: only she hears, in her 1:1 chat, with the number to ring.
    expect((await h.privateTo(clare)).some((t) => t.includes('Lily Evans') && t.includes('Kim Evans (Mother) 07700 900051'))).toBe(true);
    expect((await h.privateTo(anita)).some((t) => t.includes('Lily Evans'))).toBe(false);
    expect((await h.privateTo(rachel)).some((t) => t.includes('Kai Reed') && t.includes('Home visit needed'))).toBe(true);
    expect(await h.db.prisma.task.count({ where: { kind: 'unexplained.home-visit', ownerRole: 'attendance-officer' } })).toBe(1);
    expect(await h.db.prisma.outboxMessage.count({ where: { platform: 'teams', status: { in: ['pending', 'dead'] } } })).toBe(0);
  });
});

describe('App Home on Teams: "home" in the 1:1 chat', () => {
  it('sends the person their claimed cases with buttons, where Slack would show the App Home tab', async () => {
    const before = (await h.privateTo(clare)).length;
    await h.personal(clare, 'home');
    const chat = h.fake.messages((await h.store.personal(clare.aadObjectId!))!.conversationId);
    expect(chat).toHaveLength(before + 1);
    const home = cardText(chat.at(-1));
    expect(home).toContain('Your claimed absences');
    expect(home).toContain('Lily Evans');
    expect(home).not.toContain('Kai Reed');
    expect(executeActions(chat.at(-1)?.activity).map((a) => a.verb)).toContain('unexplained.reason');
  });
});

describe('the morning N-code reminders', () => {
  it('are posted in the attendance channel; an overdue N is amended from its button through the card form', async () => {
    await runJob(JOBS.nCodes, '2026-11-23T08:45:00Z');
    await h.drain();
    const post = h.posts(CHANNELS.attendance).find((m) => cardText(m).includes('N codes to resolve: Mon 23 Nov'));
    expect(cardText(post)).toMatch(/Ben Ode[\s\S]*Overdue: amend N to U/);
    const amend = executeActions(post?.activity).find((a) => a.verb === 'unexplained.amend-n' && String(a.data['value']).includes('|2026-11-16|PM'))!;
    const form = await h.execute(rachel, amend.verb, amend.data, { card: post! });
    expect(form.type).toBe('application/vnd.microsoft.card.adaptive');
    const [submit] = executeActions(form.value);
    expect(submit?.verb).toBe('view:unexplained.reason');
    await h.execute(rachel, submit!.verb, { ...submit!.data, code: 'U', note: '' }, { card: post! });
    const ben = await h.db.prisma.pupil.findFirstOrThrow({ where: { firstName: 'Ben' } });
    const amendment = await h.db.prisma.markAmendment.findFirstOrThrow({ where: { pupilId: ben.id, source: 'chat' } });
    expect([amendment.originalCode, amendment.newCode, amendment.amendedBy, amendment.amendedRole]).toEqual(['N', 'U', 'Rachel Ashton', 'attendance-officer']);
  });
});
