// First-day calling on the neutral message model (the local port: no Slack, no Teams), each case on its
// own database and clock from the AM register close: the list, a claim, a call, a reason that amends the
// register, a name two pupils share, and what must change nothing. How Slack carries these (signatures,
// retries, its forms) is first-day.e2e.test.ts's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RERUN_ACTION } from '../../../src/chat/router.js';
import { ACTIONS, VIEWS } from '../../../src/workflows/unexplained/index.js';
import { buttonValues, textOf, type Answer, type LocalHarness } from '../../support/local-harness.js';
import { localAfterAmClose } from './support.js';

/** Staff ids from staff.csv: S002 Clare Fell and S003 Anita Shah (office), S005 Lucy Hart (class teacher). */
const OFFICE = 'S002', OFFICE2 = 'S003', TEACHER = 'S005';

let h: LocalHarness;
const cases: Record<string, string> = {};
beforeEach(async () => {
  h = await localAfterAmClose();
  for (const c of await h.db.prisma.unexplainedAbsence.findMany({ include: { pupil: true } })) cases[c.pupil.firstName] = c.id;
});
afterEach(async () => h?.close());

const said = (answer: Answer) => answer.messages.map(textOf).join('\n');
const list = () => {
  const posts = h.channel('attendance');
  expect(posts).toHaveLength(1);
  return textOf(posts[0]);
};
async function counts() {
  const p = h.db.prisma;
  return { attempts: await p.contactAttempt.count(), amendments: await p.markAmendment.count(), audit: await p.auditEvent.count(), outbox: await p.outboxMessage.count() };
}

describe('the AM list', () => {
  it('lists the unexplained absences, the vulnerable pupil first without saying why, and no phone numbers', () => {
    expect(Object.keys(cases).sort()).toEqual(['Amy', 'Kai', 'Lily']);
    const text = list();
    expect(text).toContain('Unexplained absences: AM Mon 23 Nov');
    expect(text.indexOf('Kai Reed')).toBeLessThan(text.indexOf('Amy Brown'));
    expect(text).toMatch(/Kai Reed.*priority.*day 3 absent/);
    expect(text).not.toMatch(/CP plan|Social worker|07700/);
    expect(text).toContain('Next: Call the first contact (office, by 09:30)');
    expect(buttonValues(h.channel('attendance')[0], ACTIONS.claim).sort()).toEqual(Object.values(cases).sort());
  });
});

describe('claiming and calling', () => {
  it('claims a pupil with the contacts in the private answer, tells a second person who has it, and updates the list in place', async () => {
    expect(said(await h.press(OFFICE, ACTIONS.claim, cases.Amy!))).toContain('Jane Brown (Mother) 07700 900001');
    const before = await counts();
    expect(said(await h.press(OFFICE2, ACTIONS.claim, cases.Amy!))).toMatch(/Clare Fell claimed this pupil at 09:15/);
    expect(await counts()).toEqual(before);
    await h.drain();
    expect(list()).toContain('Claimed by Clare Fell');
    expect(list()).not.toContain('07700');
    expect(h.channel('attendance')[0]!.edits).toBe(1);
  });

  it('records /call with the contact and a note, shows the attempt on the list and keeps the note out of the channel', async () => {
    expect(said(await h.command(OFFICE, '/call', 'Amy Brown no-answer #1 rang twice'))).toContain('Logged no answer (Jane Brown, Mother) for Amy Brown');
    await h.drain();
    expect(list()).toContain('1 attempt: no answer 09:15');
    expect(list()).not.toContain('rang twice');
  });

  it('offers both pupils for a name they share, writes nothing, and a pick re-runs the call for that pupil', async () => {
    const before = await counts();
    const answer = await h.command(OFFICE, '/call', 'Amy no-answer left a message');
    expect(said(answer)).toContain('More than one pupil matches "Amy"');
    const picks = answer.messages.flatMap((m) => buttonValues(m, RERUN_ACTION));
    expect(picks).toEqual(['/call A100000000001 no-answer left a message', '/call A100000000002 no-answer left a message']);
    expect(await counts()).toEqual(before);
    expect(said(await h.press(OFFICE, RERUN_ACTION, picks[1]!))).toContain('no open unexplained absence');
    expect(said(await h.press(OFFICE, RERUN_ACTION, picks[0]!))).toContain('for Amy Brown');
    expect((await h.db.prisma.contactAttempt.findFirstOrThrow({ where: { caseId: cases.Amy!, note: 'left a message' } })).outcome).toBe('no-answer');
  });
});

describe('the reason', () => {
  it('closes the case with /reason: the mark amended N -> I with who and role, the list says resolved', async () => {
    h.clock.set('2026-11-23T09:20:00Z');
    expect(said(await h.command(OFFICE, '/reason', 'Amy Brown I tummy bug, dad rang back'))).toContain('Recorded I (illness (physical or mental)) for Amy Brown, AM on 23 Nov 2026');
    const amendment = await h.db.prisma.markAmendment.findFirstOrThrow({ where: { source: 'chat' } });
    expect([amendment.originalCode, amendment.newCode, amendment.amendedBy, amendment.amendedRole]).toEqual(['N', 'I', 'Clare Fell', 'office']);
    await h.drain();
    expect(list()).toMatch(/Amy Brown[^\n]*\n[^\n]*Resolved: authorised absence, by Clare Fell at 09:20/);
  });

  it('asks for the explanation B needs in the form, and records it once given', async () => {
    const opened = await h.press(OFFICE2, ACTIONS.reason, cases.Lily!);
    expect(opened.modal?.callbackId).toBe(VIEWS.reason);
    const before = await counts();
    expect((await h.submit(OFFICE2, VIEWS.reason, { code: 'B', note: '' })).note).toContain('activity');
    expect(await counts()).toEqual(before);
    await h.submit(OFFICE2, VIEWS.reason, { code: 'B', note: 'Swimming gala with Year 1' });
    expect((await h.db.prisma.unexplainedAbsence.findUniqueOrThrow({ where: { id: cases.Lily! } })).status).toBe('resolved');
  });

  it('refuses a class teacher and a code that is not a register code, and writes nothing', async () => {
    const before = await counts();
    expect(said(await h.command(TEACHER, '/reason', 'Kai Reed I'))).toMatch(/Not allowed.*office/);
    expect(said(await h.command(OFFICE, '/reason', 'Kai Reed H'))).toMatch(/H is not a register code since 19 Aug 2024/);
    expect(await counts()).toEqual(before);
  });
});
