// The escalation ladder on durable timers and the injected clock (Lutley's ladder), the morning N-code
// reminders, App Home and the PM list surviving a Slack 429. Times are London = UTC (November).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../src/register/import.js';
import { ACTIONS, JOBS, VIEWS, listMessageKey } from '../../../src/workflows/unexplained/index.js';
import { SIGNING_SECRET, TEAM_ID, type SlackHarness } from '../../support/slack-harness.js';
import { eventCallback, sendSigned } from '../../support/slack-signing.js';
import { SLUG, startSmallSchool, textOf, type SmallSchool } from './support.js';

let s: SmallSchool;
let h: SlackHarness;
const cases: Record<string, string> = {};

async function at(time: string): Promise<number> {
  h.clock.set(`2026-11-23T${time}:00Z`);
  const fired = await h.rollcall.timers.tick();
  await h.drain();
  return fired;
}

async function tasks(firstName: string) {
  return h.db.prisma.task.findMany({ where: { pupil: { firstName } }, orderBy: { createdAt: 'asc' } });
}

function listTs(): string {
  const list = h.fake.messages('#attendance').find((m) => !m.threadTs && textOf(m).includes('AM Mon 23 Nov'));
  return list!.ts;
}

const thread = () => h.fake.messages('#attendance').filter((m) => m.threadTs === listTs()).map(textOf);
const dms = (user: string) => h.fake.messages(`D${user}`).map(textOf);

async function marks(csv: string): Promise<void> {
  const result = await importFile(h.db, { receivedAt: new Date(), schoolSlug: SLUG, kind: 'marks', csvText: `upn,date,session,code\n${csv}`, actor: { name: 'MIS', role: 'system' } });
  expect(result.errors).toEqual([]);
}

beforeAll(async () => {
  s = await startSmallSchool('2026-11-23T09:15:00Z');
  h = s.h;
  await s.runJob(JOBS.amClose, '2026-11-23T09:15:00Z');
  await h.drain();
  for (const c of await h.db.prisma.unexplainedAbsence.findMany({ include: { pupil: true } })) cases[c.pupil.firstName] = c.id;
}, 120_000);
afterAll(async () => h?.close());

describe('the escalation ladder', () => {
  it('arms each case\'s steps as durable timers when the case opens, at the policy\'s times', async () => {
    const armed = async (name: string) =>
      (await h.db.prisma.durableTimer.findMany({ where: { key: { startsWith: `unexplained:${cases[name]!}:` } }, orderBy: { key: 'asc' } }))
        .map((t) => `${t.key.split(':')[2]} ${t.dueAt.toISOString().slice(11, 16)}`);
    // Amy, day 1, not vulnerable: the day-1 calls and the email.
    expect(await armed('Amy')).toEqual(['call-other-numbers 10:00', 'call-parent 09:30', 'email-parent 10:30']);
    // Kai, day 3 with a CP plan and a social worker: day-1 steps not yet taken in the run, and day 2's.
    expect(await armed('Kai')).toEqual([
      'call-other-numbers 10:00', 'call-parent 09:30', 'email-parent 10:30', 'home-visit 09:15', 'police-check 11:15', 'tell-dsl 10:00', 'tell-social-worker 10:00',
    ]);
  });

  it('raises the day-2 home visit for Kai at once (third day, no contact), as a task for the attendance officer', async () => {
    expect(await at('09:15')).toBeGreaterThanOrEqual(1);
    const [visit] = await tasks('Kai');
    expect([visit?.kind, visit?.ownerRole, visit?.status]).toEqual(['unexplained.home-visit', 'attendance-officer', 'open']);
    expect(thread().some((t) => t.includes('Kai Reed') && t.includes('Home visit needed'))).toBe(true);
    expect(dms('UATT').some((t) => t.includes('Home visit needed (no contact with a parent or carer)'))).toBe(true);
  });

  it('does nothing before a step\'s time', async () => {
    await h.press('UOFFICE2', ACTIONS.claim, cases.Amy!, { responseKey: 'claim' });
    await h.fake.waitFor('response_url', (c) => c.body['__key'] === 'claim');
    // The register now explains Lily (an MIS import): her timers will find nothing to do.
    await marks('A100000000005,2026-11-23,AM,M');
    await at('09:29');
    expect(await h.db.prisma.task.count({ where: { kind: 'unexplained.call-first-contact' } })).toBe(0);
  });

  it('at 09:30 nudges the first call in the list\'s thread and to whoever owns it: the claimant, else the office', async () => {
    await at('09:30');
    const first = await h.db.prisma.task.findMany({ where: { kind: 'unexplained.call-first-contact' }, include: { pupil: true } });
    expect(first.map((t) => t.pupil?.firstName).sort()).toEqual(['Amy', 'Kai']);
    const nudges = thread();
    expect(nudges.some((t) => t.includes('09:30 · *Amy Brown*: No contact yet: call the first contact (Mother)'))).toBe(true);
    expect(nudges.join()).not.toContain('07700');
    // Amy is claimed by Anita: only she hears about Amy; the office as a whole hears about Kai, with numbers.
    expect(dms('UOFFICE2').some((t) => t.includes('Amy Brown') && t.includes('Jane Brown (Mother) 07700 900001'))).toBe(true);
    expect(dms('UOFFICE').some((t) => t.includes('Amy Brown'))).toBe(false);
    expect(dms('UOFFICE').some((t) => t.includes('Kai Reed') && t.includes('Sara Reed (Mother) 07700 900031'))).toBe(true);
  });

  it('lets a case explained in the register since close itself instead of nudging', async () => {
    const lily = await h.db.prisma.unexplainedAbsence.findUniqueOrThrow({ where: { id: cases.Lily! } });
    expect([lily.status, lily.resolvedCode, lily.resolvedBy]).toEqual(['resolved', 'M', 'register']);
    expect(await tasks('Lily')).toEqual([]);
    expect(await h.db.prisma.durableTimer.count({ where: { key: { startsWith: `unexplained:${lily.id}:` }, status: 'pending' } })).toBe(0);
  });

  it('at 10:00 tries the next contact, tells the DSL and sets the social-worker task, without naming either in the channel', async () => {
    h.clock.set('2026-11-23T09:40:00Z');
    await h.command('UOFFICE2', '/call', 'Amy Brown reached #1 mum says she has a temperature', { responseKey: 'reached' });
    await h.fake.waitFor('response_url', (c) => c.body['__key'] === 'reached');
    await at('10:00');
    const kai = (await tasks('Kai')).map((t) => `${t.kind} ${t.ownerRole} ${t.status}`);
    expect(kai).toEqual(expect.arrayContaining([
      'unexplained.call-next-contact office open', 'unexplained.inform-social-worker dsl open', 'unexplained.notify-dsl office done',
    ]));
    // Amy's mother was reached: no next-contact step for her.
    expect((await tasks('Amy')).map((t) => t.kind)).toEqual(['unexplained.call-first-contact']);
    expect((await tasks('Amy'))[0]!.status).toBe('done');
    const channel = thread().filter((t) => t.includes('10:00'));
    expect(channel.some((t) => t.includes('Kai Reed') && t.includes('call the next contact (Uncle)'))).toBe(true);
    // Telling the DSL and the social-worker task read alike in the channel: one line, not two the same.
    expect(channel.filter((t) => t.includes('Safeguarding follow-up passed to the DSL'))).toHaveLength(1);
    expect(channel.join()).not.toMatch(/social worker|CP plan/i);
    const head = dms('UHEAD');
    expect(head.some((t) => t.includes('Rollcall has told the DSL') && t.includes('CP plan'))).toBe(true);
    expect(head.some((t) => t.includes('tell the pupil') && t.includes('social worker'))).toBe(true);
  });

  it('at 10:30 emails only the family not reached, and at 11:15 prompts the DSL about a police safe and well check', async () => {
    await at('10:30');
    expect((await h.db.prisma.task.findMany({ where: { kind: 'unexplained.email' }, include: { pupil: true } })).map((t) => t.pupil?.firstName)).toEqual(['Kai']);
    expect(await at('11:14')).toBe(0);
    await at('11:15');
    expect((await tasks('Kai')).some((t) => t.kind === 'unexplained.police-safe-and-well-check' && t.ownerRole === 'dsl')).toBe(true);
    expect(dms('UHEAD').some((t) => t.includes('safe and well check'))).toBe(true);
  });

  it('settles the follow-ups when the reason comes in, keeping the social worker to be told', async () => {
    h.clock.set('2026-11-23T11:20:00Z');
    await h.command('UHEAD', '/reason', 'Kai Reed M hospital appointment, mum called', { responseKey: 'kai' });
    await h.fake.waitFor('response_url', (c) => c.body['__key'] === 'kai');
    const left = (await tasks('Kai')).map((t) => `${t.kind} ${t.status}`);
    expect(left).toEqual(expect.arrayContaining([
      'unexplained.inform-social-worker open', 'unexplained.home-visit cancelled', 'unexplained.police-safe-and-well-check cancelled', 'unexplained.call-next-contact cancelled',
    ]));
  });
});

describe('App Home', () => {
  it('shows the person\'s claimed cases with their buttons', async () => {
    const event = eventCallback({ type: 'app_home_opened', user: 'UOFFICE2', tab: 'home', channel: 'DHOME' }, { eventId: 'Ev-home-1', teamId: TEAM_ID });
    const res = await sendSigned(h.url, JSON.stringify(event), { signingSecret: SIGNING_SECRET, contentType: 'application/json' });
    expect(res.status).toBe(200);
    const published = await h.fake.waitFor('views.publish', (c) => c.body['user_id'] === 'UOFFICE2');
    const view = textOf(published.body);
    expect(view).toContain('Your claimed absences');
    expect(view).toMatch(/Amy Brown[^"]*Y3, 3B/);
    expect(view).toContain(ACTIONS.reason);
    expect(view).not.toContain('Kai Reed');
  });
});

describe('the PM list', () => {
  it('is posted after a 429 from Slack, honouring Retry-After, and repeats no step already taken in the run', async () => {
    await marks([
      'A100000000001,2026-11-23,PM,I', 'A100000000002,2026-11-23,PM,\\', 'A100000000003,2026-11-23,PM,N',
      'A100000000004,2026-11-23,PM,\\', 'A100000000005,2026-11-23,PM,M', 'A100000000006,2026-11-23,PM,\\',
    ].join('\n'));
    h.clock.set('2026-11-23T13:30:00Z');
    const tasksBefore = await h.db.prisma.task.count();
    await s.runJob(JOBS.pmClose, '2026-11-23T13:30:00Z');
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await h.drain();
    const pmList = () => h.fake.messages('#attendance').filter((m) => textOf(m).includes('Unexplained absences: PM Mon 23 Nov'));
    expect(pmList()).toHaveLength(0);
    h.clock.advance(1500);
    await h.rollcall.timers.tick();
    await h.drain();
    expect(pmList()).toHaveLength(1);
    expect(textOf(pmList()[0])).toContain('Kai Reed');
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { messageKey: listMessageKey(s.schoolId, '2026-11-23', 'PM'), op: 'post' } });
    expect([row.status, row.attempts]).toEqual(['sent', 1]); // the rate limit used up no attempt
    expect(await h.db.prisma.task.count()).toBe(tasksBefore);
  });
});

describe('N-code hygiene', () => {
  it('lists N codes at 4 school days as due and at 5 as overdue, with the amendment to make', async () => {
    const result = await s.runJob(JOBS.nCodes, '2026-11-23T08:45:00Z');
    expect(result).toMatchObject({ due: [{ pupil: { firstName: 'Mohammed' }, ageSchoolDays: 4 }], overdue: [{ pupil: { firstName: 'Ben' }, ageSchoolDays: 5, suggestedCode: 'U' }] });
    await h.drain();
    const post = h.fake.messages('#attendance').map(textOf).find((t) => t.includes('N codes to resolve: Mon 23 Nov'));
    expect(post).toBeDefined();
    expect(post).toMatch(/Ben Ode[^"]*N on Mon 16 Nov PM · 5 school days\\nOverdue: amend N to U \(arrived after the register closed\)/);
    expect(post).toMatch(/Mo Khan[^"]*N on Tue 17 Nov AM · 4 school days\\nDue: resolve by the end of today; overdue on Tue 24 Nov/);
    // Kai's Thursday and Friday N codes are younger: not listed yet.
    expect(post).not.toContain('Kai Reed');
  });

  it('a school day later lists the 4-day one as overdue, suggesting O', async () => {
    const result = await s.runJob(JOBS.nCodes, '2026-11-24T08:45:00Z');
    expect(result).toMatchObject({ due: [], overdue: [{ pupil: { firstName: 'Ben' }, ageSchoolDays: 6 }, { pupil: { firstName: 'Mohammed' }, ageSchoolDays: 5, suggestedCode: 'O' }] });
  });

  it('amends an overdue N from its button: the form suggests U and the amendment is stored', async () => {
    const ben = await h.db.prisma.pupil.findFirstOrThrow({ where: { firstName: 'Ben' } });
    const ref = `${ben.id}|2026-11-16|PM`;
    await h.press('UATT', ACTIONS.amendN, ref, { triggerId: 'trig-amend-ben' });
    const opened = await h.fake.waitFor('views.open', (c) => c.body['trigger_id'] === 'trig-amend-ben');
    expect(textOf(opened.body)).toMatch(/"initial_option":\{"text":\{"type":"plain_text","text":"U: /);
    await h.submit('UATT', VIEWS.reason, { code: 'U', note: '' }, `mark:${ref}`);
    const amendment = await h.db.prisma.markAmendment.findFirstOrThrow({ where: { pupilId: ben.id, source: 'chat' } });
    expect([amendment.originalCode, amendment.newCode, amendment.amendedBy, amendment.amendedRole]).toEqual(['N', 'U', 'Rachel Ashton', 'attendance-officer']);
  });
});
