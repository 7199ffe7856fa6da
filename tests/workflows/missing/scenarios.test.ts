// A missing pupil on the neutral message model (the local port: no Slack, no Teams), each case on its
// own database and clock: the card and who is told, a name that matches two pupils, the search list
// claimed and cleared in place, found through the form, and the parent deadline passing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, TIMER, VIEW, missingPupilWorkflow } from '../../../src/workflows/missing/index.js';
import { buttonValues, startLocalHarness, textOf, type LocalHarness } from '../../support/local-harness.js';
import { MINUTE, seedSchool, START } from './support.js';

/** Staff ids from the seed: S1 head, S2 office, S3 class teacher, S4 DSL, S5 SENCO. */
const HEAD = 'S1', OFFICE = 'S2', TEACHER = 'S3', DSL = 'S4';

let h: LocalHarness;
beforeEach(async () => {
  h = await startLocalHarness({ workflows: [missingPupilWorkflow], now: START, seed: (db) => seedSchool(db) });
});
afterEach(async () => h?.close());

const card = () => h.channel('incidents')[0];
const said = (answer: { messages: unknown[] }) => answer.messages.map((m) => textOf(m as never)).join('\n');

async function raise(text = 'amy brown by the gate at break') {
  const answer = await h.command(TEACHER, '/missing', text);
  await h.drain();
  return answer;
}

describe('raising', () => {
  it('posts one card with a claim button per area, answers the reporter, and tells the head and office only', async () => {
    expect(said(await raise())).toContain('Search started for Amy Brown');
    expect(h.channel('incidents')).toHaveLength(1);
    const header = card()!.message.blocks[0];
    expect(header).toEqual({ kind: 'header', text: expect.stringContaining('MISSING: Amy Brown (Year 3, 3A)') });
    expect(textOf(card())).toContain('Tell parents at 10:40');
    expect(buttonValues(card(), ACTION.claim)).toHaveLength(7);
    expect(h.dms(HEAD).map(textOf).join()).toContain('MISSING: Amy Brown');
    expect(h.dms(OFFICE).map(textOf).join()).toContain('by the gate at break');
    expect(h.dms(DSL)).toEqual([]);
  });

  it('answers a name two pupils share with both, and raises nothing', async () => {
    const answer = await raise('amy');
    expect(said(answer)).toContain('More than one pupil matches');
    expect(said(answer)).toContain('Amy Browning, Year 3, 3A');
    expect(h.channel('incidents')).toEqual([]);
    expect(await h.db.prisma.missingPupilIncident.count()).toBe(0);
  });

  it('refuses someone who is not on the staff list, and raises nothing', async () => {
    const answer = await h.command('S999', '/missing', 'amy brown');
    expect(said(answer)).toContain('not on Rollcall\'s staff list, so no search was started');
    await h.drain();
    expect(h.channel('incidents')).toEqual([]);
  });
});

describe('the search', () => {
  it('edits the card in place as areas are claimed and cleared', async () => {
    await raise();
    const [classrooms] = buttonValues(card(), ACTION.claim);
    expect(said(await h.press(HEAD, ACTION.claim, classrooms!))).toContain('You are searching All classrooms');
    expect(said(await h.press(TEACHER, ACTION.claim, classrooms!))).toContain('Mr Okafor is already searching All classrooms');
    expect(said(await h.press(HEAD, ACTION.clear, classrooms!))).toContain('All classrooms: clear');
    await h.drain();
    expect(h.channel('incidents')).toHaveLength(1);
    expect(card()!.edits).toBeGreaterThan(0);
    expect(textOf(card())).toContain('Search: 1 of 7 clear');
    expect(buttonValues(card(), ACTION.claim)).toHaveLength(6);
    expect(h.thread(card()!).map(textOf).join('\n')).toContain('Mr Okafor is searching All classrooms.');
  });

  it('records found through its form, stops the clock and takes the search buttons off the card', async () => {
    await raise();
    const [incidentId] = buttonValues(card(), ACTION.found);
    const opened = await h.press(HEAD, ACTION.found, incidentId!);
    expect(opened.modal?.callbackId).toBe(VIEW.found);
    const missingField = await h.submit(HEAD, VIEW.found, { where: 'library' });
    expect(missingField.note).toContain('wellbeing');
    const wellbeing = opened.modal!.inputs.find((i) => i.id === 'wellbeing');
    expect(wellbeing?.kind === 'select' ? wellbeing.options.map((o) => o.value) : []).toContain('safe-and-well');
    const recorded = await h.submit(HEAD, VIEW.found, { where: 'library', wellbeing: 'safe-and-well' });
    expect(said(recorded)).toContain('Recorded: found (library)');
    await h.drain();
    expect(buttonValues(card(), ACTION.claim)).toEqual([]);
    const timers = await h.db.prisma.durableTimer.findMany({ where: { kind: { in: [TIMER.halfTime, TIMER.parentDeadline] } } });
    expect(timers.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
  });
});

describe('the parent deadline', () => {
  it('alerts the thread without phone numbers and sends the numbers to the head and office privately', async () => {
    await raise();
    h.clock.advance(10 * MINUTE);
    expect(await h.rollcall.timers.tick()).toBe(2);
    await h.drain();
    const alert = h.thread(card()!).map(textOf).find((t) => t.includes('NOTIFY PARENTS NOW'));
    expect(alert).toContain('Jane Brown (Mum)');
    expect(alert).not.toContain('07700');
    expect(h.dms(OFFICE).map(textOf).find((t) => t.includes('NOTIFY PARENTS NOW'))).toContain('Jane Brown (Mum): 07700 900001');
    expect(h.dms(TEACHER).map(textOf).join()).not.toContain('07700');
  });
});

describe('the platform failing', () => {
  const at = (time: string) => new Date(`2026-11-23T${time}Z`);
  const alerts = () => h.thread(card()!).map(textOf).filter((t) => t.includes('NOTIFY PARENTS NOW'));
  const between = (from: string, to: string) => () => h.clock.now() >= at(from) && h.clock.now() < at(to);

  it('keeps the parent alert through three minutes of outage, escalates it a minute after it was due, and posts it once', async () => {
    await raise();
    const down = between('10:39:00', '10:42:00');
    h.port.setRule((op, channel) => (down() && channel === 'incidents' ? { kind: 'down' } : undefined));
    await h.runUntil(at('10:41:10'));
    expect(alerts()).toEqual([]);
    // A minute after it was due: the DSL and head have it directly, the leadership channel has it, and so does the operator.
    expect(h.dms(DSL).map(textOf).find((t) => t.includes('Not delivered: the parent alert'))).toContain('NOTIFY PARENTS NOW');
    expect(h.dms(HEAD).map(textOf).join()).toContain('Not delivered: the parent alert');
    expect(h.channel('slt').map(textOf).join()).toContain('Not delivered: the parent alert');
    expect(h.operator.filter((l) => l.includes('the parent alert had not reached #incidents on the local page'))).toHaveLength(1);
    expect(h.operator.join('\n')).not.toMatch(/Amy|Brown|07700/);
    await h.runUntil(at('10:43:00'));
    expect(alerts()).toHaveLength(1);
    const events = await h.db.prisma.incidentEvent.findMany({ where: { kind: 'delivery-escalated' } });
    expect(events.map((e) => e.text).filter((t) => t.startsWith('The parent alert had not reached'))).toHaveLength(1);
    expect(await h.db.prisma.outboxMessage.count({ where: { status: 'dead' } })).toBe(0);
    expect(h.port.calls.filter((c) => c.failed).length).toBeGreaterThan(3);
  });

  it('waits out a rate limit without using up an attempt, and the card arrives once', async () => {
    h.port.failNext('post', { kind: 'rate-limited', retryAfterMs: 5000 }, 3);
    await h.command(TEACHER, '/missing', 'amy brown by the gate at break');
    await h.runUntil(at('10:30:30'), 1000);
    expect(h.channel('incidents')).toHaveLength(1);
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { purpose: 'raise', channel: 'incidents' } });
    expect(row.status).toBe('sent');
    expect(row.attempts).toBe(1);
  });

  it('keeps a card the platform refuses outright, escalates it once to the DSL, the head, the admins and #slt, and posts it once when the platform takes it', async () => {
    h.port.setRule((op, channel) => (channel === 'incidents' ? { kind: 'refused', reason: 'channel_not_found' } : undefined));
    await h.command(TEACHER, '/missing', 'amy brown by the gate at break');
    await h.runUntil(at('10:36:00'), 5000);
    expect(h.channel('incidents')).toEqual([]);
    for (const who of [DSL, HEAD]) {
      const told = h.dms(who).map(textOf).filter((t) => t.includes('refused the missing-pupil card'));
      expect(told).toEqual([expect.stringContaining('The local page refused the missing-pupil card for missing-pupil incident')]);
      expect(told[0]).toContain('Rollcall tries again every few minutes while the search is open');
    }
    expect(h.channel('slt').map(textOf).filter((t) => t.includes('Not delivered: the missing-pupil card'))).toHaveLength(1);
    // (The half-time reminder, a reply under the card, waits for it and is escalated as overdue on its own.)
    const refused = await h.db.prisma.incidentEvent.findMany({ where: { kind: { in: ['delivery-refused', 'delivery-failed', 'delivery-escalated'] }, text: { contains: 'missing-pupil card' } } });
    expect(refused.map((e) => [e.kind, e.text])).toEqual([['delivery-refused', expect.stringContaining('The missing-pupil card was refused by the local page in #incidents (channel_not_found)')]]);
    const held = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { purpose: 'raise', channel: 'incidents' } });
    expect([held.status, held.lastError]).toEqual(['pending', expect.stringMatching(/^channel_not_found/)]);

    // Someone fixes the channel: the next slow retry (at most five minutes away) posts the card, once.
    h.port.setRule(undefined);
    await h.runUntil(at('10:41:00'), 5000);
    expect(h.channel('incidents').map(textOf).filter((t) => t.includes('Amy Brown'))).toHaveLength(1);
    expect(await h.db.prisma.outboxMessage.count({ where: { subject: { startsWith: 'incident:' }, status: 'dead' } })).toBe(0);
    expect((await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { id: held.id } })).status).toBe('sent');
  });
});
