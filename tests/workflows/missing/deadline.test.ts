// The clock side of a missing-pupil search end to end: the half-time reminder, the parent deadline
// passing while the pupil is missing (contacts in priority order, numbers only in direct messages), the
// police prompt once every contact has been tried, the police reference, found after the deadline,
// found before it (no parent alert ever), and a pupil with no emergency contacts on file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, VIEW } from '../../../src/workflows/missing/index.js';
import type { SlackHarness } from '../../support/slack-harness.js';
import { buttonValues, cards, command, dms, incidentFor, MINUTE, press, pressForForm, startMissingHarness, textOf, thread, USERS } from './support.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startMissingHarness();
}, 120_000);
afterAll(async () => h?.close());

const cardFor = (name: string) => cards(h).find((m) => textOf(m).includes(name))!;
const threadText = (name: string) => thread(h, cardFor(name)).map(textOf);
const alertOf = (name: string) => thread(h, cardFor(name)).find((m) => textOf(m).includes('NOTIFY PARENTS NOW') || textOf(m).includes('Parent calls'));

describe('the parent deadline while the pupil is missing', () => {
  it('reminds the thread at half time with the deadline as a time of day', async () => {
    await command(h, USERS.teacher, '/missing', 'amy brown playground');
    await h.drain();
    h.clock.advance(5 * MINUTE - 1000);
    expect(await h.rollcall.timers.tick()).toBe(0);
    h.clock.advance(1000);
    expect(await h.rollcall.timers.tick()).toBe(1);
    await h.drain();
    const replies = threadText('Amy Brown');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('Half the time has gone');
    expect(replies[0]).toContain('10:40');
  });

  it('raises the alert at the deadline: contacts in priority order, numbers only in the DMs to the lead and office', async () => {
    h.clock.advance(5 * MINUTE);
    expect(await h.rollcall.timers.tick()).toBe(1);
    await h.drain();
    const alert = textOf(alertOf('Amy Brown'));
    expect(alert).toContain('NOTIFY PARENTS NOW');
    expect(alert).toContain('not been found after 10 minutes');
    const order = ['Jane Brown (Mum)', 'Tom Brown (Dad)', 'Rita Brown (Gran)'].map((c) => alert.indexOf(c));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(alert).not.toContain('07700');
    expect(alert).toContain('Phone numbers are in the direct message');
    expect(buttonValues(alertOf('Amy Brown'), ACTION.noAnswer)).toHaveLength(3);

    for (const user of [USERS.head, USERS.office]) {
      const dm = dms(h, user).find((m) => m.includes('NOTIFY PARENTS NOW'));
      expect(dm).toContain('Jane Brown (Mum): 07700 900001');
      expect(dm).toContain('Rita Brown (Gran): 07700 900003');
    }
    expect(dms(h, USERS.teacher).join()).not.toContain('07700');
    expect(textOf(cardFor('Amy Brown'))).toContain('Call parents now.');
    expect(textOf(cardFor('Amy Brown'))).toContain('0 of 3 emergency contacts tried');
    const incident = await incidentFor(h, 'Brown');
    expect(incident.parentAlertAt?.toISOString()).toBe('2026-11-23T10:40:00.000Z');
  });

  it('prompts for the police when every contact has been tried and nobody has heard from the pupil', async () => {
    const incident = await incidentFor(h, 'Brown');
    const contacts = await h.db.prisma.emergencyContact.findMany({ where: { pupilId: incident.pupilId }, orderBy: { priority: 'asc' } });
    const value = (i: number) => `${incident.id}:${contacts[i]!.id}`;
    h.clock.advance(MINUTE);
    expect(await press(h, USERS.office, ACTION.noAnswer, value(0))).toContain('Call the next contact');
    expect(await press(h, USERS.office, ACTION.voicemail, value(1))).toContain('Call the next contact');
    expect(await pressForForm(h, USERS.office, ACTION.reached, value(2))).toContain('Have they heard from Amy Brown?');
    expect((await incidentFor(h, 'Brown')).policePromptAt).toBeNull();
    await h.submit(USERS.office, VIEW.reached, { heard: 'no', note: 'Gran has not seen her' }, value(2));
    await h.drain();

    const after = await incidentFor(h, 'Brown');
    expect(after.policePromptAt?.toISOString()).toBe('2026-11-23T10:41:00.000Z');
    const replies = threadText('Amy Brown').join('\n');
    expect(replies).toContain('Mrs Fell called Jane Brown (Mum): no answer.');
    expect(replies).toContain('CALL THE POLICE NOW (999)');
    expect(replies).toContain('All 3 emergency contacts have been tried and nobody has heard from Amy Brown');
    expect(dms(h, USERS.head).join()).toContain('CALL THE POLICE NOW');
    // The contact list in the thread shows each call made, in place.
    expect(textOf(alertOf('Amy Brown'))).toContain('No answer (Mrs Fell, 10:41)');
    expect(textOf(alertOf('Amy Brown'))).toContain('Reached: has not heard from the pupil');
    const attempts = await h.db.prisma.contactAttempt.findMany({ where: { incidentId: incident.id }, orderBy: { at: 'asc' } });
    expect(attempts.map((a) => a.outcome).sort()).toEqual(['no-answer', 'reached', 'voicemail']);
    expect(textOf(cardFor('Amy Brown'))).toContain('Call the police now (999)');
  });

  it('records the police call with its time and reference', async () => {
    const incident = await incidentFor(h, 'Brown');
    expect(await pressForForm(h, USERS.head, ACTION.police, incident.id)).toContain('Police reference');
    const future = await h.submit(USERS.head, VIEW.police, { reference: 'CAD 1234', time: '23:59' }, incident.id);
    expect(await future.text()).toContain('It is only 10:41 now');
    await h.submit(USERS.head, VIEW.police, { reference: 'CAD 1234', time: '10:41' }, incident.id);
    await h.drain();
    const after = await incidentFor(h, 'Brown');
    expect(after.policeReference).toBe('CAD 1234');
    expect(after.policeCalledAt?.toISOString()).toBe('2026-11-23T10:41:00.000Z');
    expect(textOf(cardFor('Amy Brown'))).toContain('Police called at 10:41');
    expect(textOf(cardFor('Amy Brown'))).toContain('CAD 1234');
    expect(await press(h, USERS.office, ACTION.police, incident.id)).toContain('already recorded: 10:41, reference CAD 1234');
  });

  it('closes the search when found after the deadline, with follow-ups including telling the police', async () => {
    h.clock.advance(4 * MINUTE);
    const answer = await command(h, USERS.head, '/found', 'amy brown behind the shed');
    expect(answer).toContain('Recorded: Amy Brown found');
    expect(answer).toContain('Tell the parents now');
    await h.drain();
    const incident = await incidentFor(h, 'Brown');
    expect(incident.status).toBe('found');
    expect(incident.foundWhere).toBe('behind the shed');
    const tasks = await h.db.prisma.task.findMany({ where: { incidentId: incident.id }, orderBy: { kind: 'asc' } });
    expect(tasks.map((t) => t.kind)).toEqual(['missing.incident-form', 'missing.investigation', 'missing.tell-parents', 'missing.tell-police']);
    expect(tasks.find((t) => t.kind === 'missing.tell-police')?.title).toContain('reference CAD 1234');
    const card = textOf(cardFor('Amy Brown'));
    expect(card).toContain('FOUND: Amy Brown');
    expect(card).toContain('Found at 10:45');
    expect(card).toContain('(behind the shed) by Mr Okafor');
    expect(buttonValues(cardFor('Amy Brown'), ACTION.claim)).toHaveLength(0);
    // The contact list keeps the calls made but loses its buttons.
    expect(buttonValues(alertOf('Amy Brown'), ACTION.noAnswer)).toHaveLength(0);
    expect(textOf(alertOf('Amy Brown'))).toContain('No answer (Mrs Fell, 10:41)');
  });
});

describe('found before the deadline', () => {
  it('cancels the countdown so no parent alert ever fires', async () => {
    await command(h, USERS.teacher, '/missing', 'dev evans');
    const incident = await incidentFor(h, 'Evans');
    expect(await pressForForm(h, USERS.office, ACTION.found, incident.id)).toContain('Where was Dev Evans found?');
    h.clock.advance(3 * MINUTE);
    await h.submit(USERS.office, VIEW.found, { where: 'the library', wellbeing: 'safe-and-well' }, incident.id);
    const timers = await h.db.prisma.durableTimer.findMany({ where: { payload: { path: ['incidentId'], equals: incident.id } } });
    expect(timers.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);

    h.clock.advance(60 * MINUTE);
    expect(await h.rollcall.timers.tick()).toBe(0);
    await h.drain();
    const after = await incidentFor(h, 'Evans');
    expect(after.parentAlertAt).toBeNull();
    expect(after.wellbeing).toBe('safe-and-well');
    expect(threadText('Dev Evans').join()).not.toContain('NOTIFY PARENTS');
    expect(threadText('Dev Evans').join()).not.toContain('Half the time');
    expect(await h.db.prisma.incidentEvent.count({ where: { incidentId: incident.id, kind: { in: ['parent-alert', 'half-time'] } } })).toBe(0);
    expect(textOf(cardFor('Dev Evans'))).toContain('Wellbeing: Safe and well');
  });
});

describe('emergency contacts that settle it', () => {
  it('prompts for the police at the deadline when no emergency contacts are on file', async () => {
    await command(h, USERS.teacher, '/missing', 'cara dunn');
    h.clock.advance(10 * MINUTE);
    expect(await h.rollcall.timers.tick()).toBe(2);
    await h.drain();
    const replies = threadText('Cara Dunn').join('\n');
    expect(replies).toContain('No emergency contacts are on file for this pupil');
    expect(replies).toContain('CALL THE POLICE NOW');
    expect((await incidentFor(h, 'Dunn')).policePromptAt).not.toBeNull();
  });

  it('does not prompt for the police when a reached contact has heard from the pupil', async () => {
    await command(h, USERS.teacher, '/missing', 'ben carter');
    h.clock.advance(10 * MINUTE);
    await h.rollcall.timers.tick();
    const incident = await incidentFor(h, 'Carter');
    const [contact] = await h.db.prisma.emergencyContact.findMany({ where: { pupilId: incident.pupilId } });
    await h.submit(USERS.office, VIEW.reached, { heard: 'yes', note: 'He rang her from the bus stop' }, `${incident.id}:${contact!.id}`);
    await h.drain();
    const after = await incidentFor(h, 'Carter');
    expect(after.parentAlertAt).not.toBeNull();
    expect(after.policePromptAt).toBeNull();
    expect(threadText('Ben Carter').join()).toContain('reached: has heard from the pupil');
    expect(dms(h, USERS.office).join()).toContain('they have heard from the pupil');
  });

  it('after the search, the parent-calls record lists only the calls somebody logged', async () => {
    const pupil = await h.db.prisma.pupil.findFirstOrThrow({ where: { upn: 'A100000000002' } });
    await h.db.prisma.emergencyContact.createMany({ data: [
      { schoolId: pupil.schoolId, pupilId: pupil.id, priority: 1, name: 'Nia Browning', relationship: 'Mum', phone: '07700 900021' },
      { schoolId: pupil.schoolId, pupilId: pupil.id, priority: 2, name: 'Olu Browning', relationship: 'Dad', phone: '07700 900022' },
    ] });
    await command(h, USERS.teacher, '/missing', 'amy browning');
    h.clock.advance(10 * MINUTE);
    await h.rollcall.timers.tick();
    await h.drain();
    expect(textOf(alertOf('Amy Browning'))).toContain('Nia Browning');
    await command(h, USERS.head, '/found', 'amy browning in the hall');
    await h.drain();
    const record = textOf(alertOf('Amy Browning'));
    expect(record).toContain('No calls were recorded');
    expect(record).not.toContain('Calls made');
    expect(record).not.toContain('Nia Browning');
  });
});
