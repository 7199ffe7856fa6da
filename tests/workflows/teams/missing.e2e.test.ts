// The missing-pupil incident on Microsoft Teams, end to end through /api/messages and a fake Bot
// Connector: raised by a typed message, the card posted proactively in the incidents channel and the
// named roles told in their 1:1 chats, the search checklist pressed from the card (Action.Execute) and
// refreshed in place, the half-time reminder and the parent-deadline alert with the contacts on the
// injected clock, calls logged from the alert (a Reached form as a card dialog), the police prompt and
// reference, found by message, the timeline, and the report exported into the card's thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RERUN_ACTION } from '../../../src/chat/router.js';
import { ACTION, VIEW } from '../../../src/workflows/missing/index.js';
import { shownText, type FakeTeamsMessage } from '../../support/fake-bot-connector.js';
import { cardText, CHANNELS, executeActions, type TeamsHarness } from '../../support/teams-harness.js';
import { MINUTE, startMissingTeamsHarness, teamsUser } from '../missing/support.js';

const head = teamsUser('head', 'Mr Okafor');
const office = teamsUser('office', 'Mrs Fell');
const teacher = teamsUser('teacher', 'Ms Hart');
const dsl = teamsUser('dsl', 'Mr Lee');

let h: TeamsHarness;
beforeAll(async () => {
  h = await startMissingTeamsHarness({ S1: head, S2: office, S3: teacher, S4: dsl });
}, 120_000);
afterAll(async () => h?.close());

function theCard(): FakeTeamsMessage {
  const cards = h.posts(CHANNELS.incidents).filter((m) => cardText(m).includes('Amy Brown'));
  expect(cards).toHaveLength(1);
  return cards[0]!;
}
const thread = () => h.replies(CHANNELS.incidents, theCard().id);
const alert = () => thread().find((m) => cardText(m).includes('NOTIFY PARENTS NOW'));
async function incidentFor(lastName: string) {
  return h.db.prisma.missingPupilIncident.findFirstOrThrow({ where: { pupil: { lastName } }, orderBy: { reportedAt: 'desc' }, include: { areas: { orderBy: { position: 'asc' } } } });
}
const pressable = (m: FakeTeamsMessage | undefined, verb: string) => executeActions(m?.activity).filter((a) => a.verb === verb);

describe('raising the incident by message', () => {
  it('answers the reporter privately and posts the card proactively in the incidents channel', async () => {
    expect((await h.message(teacher, 'missing amy brown by the gate at break')).status).toBe(200);
    expect((await h.privateTo(teacher)).join('\n')).toMatch(/Search started for Amy Brown[\s\S]*10:40/);
    expect(h.fake.callsTo('send').filter((c) => c.conversationId === CHANNELS.incidents)).toHaveLength(0);
    await h.drain();

    const card = cardText(theCard());
    for (const part of ['MISSING: Amy Brown (Year 3, 3A)', 'Tell parents at 10:40', 'by the gate at break', 'Search: 0 of 7 clear']) expect(card).toContain(part);
    expect(pressable(theCard(), ACTION.claim)).toHaveLength(7);
    expect(card).not.toContain('07700');
    const incident = await incidentFor('Brown');
    expect(incident.status).toBe('searching');
    expect(incident.parentDeadlineAt.toISOString()).toBe('2026-11-23T10:40:00.000Z');
    const ref = await h.db.prisma.chatMessageRef.findFirstOrThrow({ where: { platform: 'teams', key: `incident:${incident.id}` } });
    expect([ref.channel, ref.externalId]).toEqual([CHANNELS.incidents, theCard().id]);
  });

  it('tells the head and the office in their 1:1 chats, not the DSL', async () => {
    expect((await h.privateTo(head)).join()).toContain('MISSING: Amy Brown');
    expect((await h.privateTo(office)).join()).toContain('Last seen: by the gate at break');
    expect(await h.privateTo(dsl)).toEqual([]);
  });
});

describe('the search checklist from the card', () => {
  it('claims and clears areas; the card is refreshed in place for everyone', async () => {
    const card = theCard();
    const [classrooms, toilets] = (await incidentFor('Brown')).areas;
    const claim = pressable(card, ACTION.claim).find((a) => a.data['value'] === classrooms!.id)!;
    const claimed = await h.execute(head, claim.verb, claim.data, { card });
    expect(claimed).toMatchObject({ statusCode: 200, value: expect.stringContaining('You are searching All classrooms') });
    const taken = await h.execute(teacher, ACTION.claim, { value: classrooms!.id }, { card });
    expect(taken.value).toEqual(expect.stringContaining('Mr Okafor is already searching All classrooms'));
    await h.execute(office, ACTION.clear, { value: toilets!.id }, { card });
    await h.drain();
    expect(h.fake.message(CHANNELS.incidents, card.id)!.updates).toBeGreaterThanOrEqual(1);
    const shown = cardText(theCard());
    expect(shown).toContain('Search: 1 of 7 clear');
    expect(shown).toMatch(/All classrooms[^\n]*Mr Okafor/);
    const areas = (await incidentFor('Brown')).areas;
    expect(areas.map((a) => [a.name, a.status])).toEqual(expect.arrayContaining([['All classrooms', 'claimed'], ['All toilets', 'clear']]));
  });
});

describe('the countdown on the injected clock', () => {
  it('reminds the card’s thread at half time', async () => {
    h.clock.set('2026-11-23T10:35:00Z');
    expect(await h.rollcall.timers.tick()).toBe(1);
    await h.drain();
    const replies = thread().map((m) => cardText(m)).filter((t) => t.includes('Half the time has gone'));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('10:40');
  });

  it('raises the parent alert at the deadline: contacts in priority order in the thread, numbers only in 1:1 chats', async () => {
    h.clock.advance(5 * MINUTE);
    expect(await h.rollcall.timers.tick()).toBe(1);
    await h.drain();
    const shown = cardText(alert());
    expect(shown).toContain('not been found after 10 minutes');
    const order = ['Jane Brown (Mum)', 'Tom Brown (Dad)', 'Rita Brown (Gran)'].map((c) => shown.indexOf(c));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(shown).not.toContain('07700');
    expect(pressable(alert(), ACTION.noAnswer)).toHaveLength(3);
    for (const person of [head, office]) {
      const dm = (await h.privateTo(person)).find((t) => t.includes('NOTIFY PARENTS NOW'));
      expect(dm).toContain('Jane Brown (Mum): 07700 900001');
    }
    expect((await h.privateTo(teacher)).join()).not.toContain('07700');
    expect((await incidentFor('Brown')).parentAlertAt?.toISOString()).toBe('2026-11-23T10:40:00.000Z');
  });

  it('logs calls from the alert, and prompts for the police once every contact has been tried', async () => {
    h.clock.advance(MINUTE);
    const contacts = pressable(alert(), ACTION.noAnswer).map((a) => String(a.data['value']));
    expect((await h.execute(office, ACTION.noAnswer, { value: contacts[0] }, { card: alert()! })).value).toEqual(expect.stringContaining('Call the next contact'));
    expect((await h.execute(office, ACTION.voicemail, { value: contacts[1] }, { card: alert()! })).value).toEqual(expect.stringContaining('Call the next contact'));
    const form = await h.execute(office, ACTION.reached, { value: contacts[2] }, { card: alert()! });
    expect(form.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(shownText(form.value)).toContain('Have they heard from Amy Brown?');
    const [submit] = executeActions(form.value);
    expect(submit?.verb).toBe(`view:${VIEW.reached}`);
    await h.execute(office, submit!.verb, { ...submit!.data, heard: 'no', note: 'Gran has not seen her' }, { card: alert()! });
    await h.drain();

    const incident = await incidentFor('Brown');
    expect(incident.policePromptAt?.toISOString()).toBe('2026-11-23T10:41:00.000Z');
    const replies = thread().map((m) => cardText(m)).join('\n');
    expect(replies).toContain('CALL THE POLICE NOW (999)');
    expect((await h.privateTo(head)).join()).toContain('CALL THE POLICE NOW');
    // The contact list in the thread shows each call, in place.
    expect(cardText(alert())).toContain('No answer (Mrs Fell, 10:41)');
    expect(h.fake.message(CHANNELS.incidents, alert()!.id)!.updates).toBeGreaterThanOrEqual(1);
    const attempts = await h.db.prisma.contactAttempt.findMany({ where: { incidentId: incident.id } });
    expect(attempts.map((a) => a.outcome).sort()).toEqual(['no-answer', 'reached', 'voicemail']);
  });

  it('records the police reference from the card’s form', async () => {
    const incident = await incidentFor('Brown');
    const card = theCard();
    const police = pressable(card, ACTION.police);
    expect(police).toHaveLength(1);
    const form = await h.execute(head, police[0]!.verb, police[0]!.data, { card });
    const [submit] = executeActions(form.value);
    expect(submit?.verb).toBe(`view:${VIEW.police}`);
    await h.execute(head, submit!.verb, { ...submit!.data, reference: 'CAD 1234', time: '10:41' }, { card });
    await h.drain();
    const after = await h.db.prisma.missingPupilIncident.findUniqueOrThrow({ where: { id: incident.id } });
    expect([after.policeReference, after.policeCalledAt?.toISOString()]).toEqual(['CAD 1234', '2026-11-23T10:41:00.000Z']);
    expect(cardText(theCard())).toContain('Police called at 10:41');
  });
});

describe('found, the timeline and the report', () => {
  it('closes the search from a typed message, with follow-up tasks, and the card says so', async () => {
    h.clock.advance(4 * MINUTE);
    await h.message(head, 'found amy brown behind the shed', { channel: CHANNELS.incidents });
    expect((await h.privateTo(head)).join()).toContain('Recorded: Amy Brown found');
    await h.drain();
    const incident = await incidentFor('Brown');
    expect([incident.status, incident.foundWhere]).toEqual(['found', 'behind the shed']);
    const tasks = await h.db.prisma.task.findMany({ where: { incidentId: incident.id }, orderBy: { kind: 'asc' } });
    expect(tasks.map((t) => t.kind)).toContain('missing.tell-police');
    const card = cardText(theCard());
    expect(card).toContain('FOUND: Amy Brown');
    expect(card).toContain('Found at 10:45');
    expect(pressable(theCard(), ACTION.claim)).toHaveLength(0);
    expect(pressable(alert(), ACTION.noAnswer)).toHaveLength(0);
    const events = await h.db.prisma.incidentEvent.findMany({ where: { incidentId: incident.id }, orderBy: { at: 'asc' } });
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['raised', 'half-time', 'parent-alert', 'found']));
  });

  it('exports the report into the card’s thread as named attachments, without parents’ numbers', async () => {
    const incident = await incidentFor('Brown');
    const card = theCard();
    const exported = pressable(card, ACTION.exportReport);
    expect((await h.execute(head, exported[0]!.verb, exported[0]!.data, { card })).value).toEqual(expect.stringContaining('The report is being posted'));
    await h.drain();
    const files = thread().flatMap((m) => {
      const attachments = m.activity['attachments'];
      return Array.isArray(attachments) ? attachments.flatMap((a) => (a !== null && typeof a === 'object' && !Array.isArray(a) && typeof a['name'] === 'string' ? [a] : [])) : [];
    });
    expect(files.map((f) => f['name']).sort()).toEqual([`incident-${incident.number}-2026-11-23.html`, `incident-${incident.number}-2026-11-23.md`]);
    const markdown = files.find((f) => String(f['name']).endsWith('.md'))!;
    const text = Buffer.from(String(markdown['contentUrl']).split(',')[1] ?? '', 'base64').toString('utf8');
    expect(text).toContain('Jane Brown (Mum)');
    expect(text).not.toContain('07700');
    expect(await h.db.prisma.outboxMessage.count({ where: { platform: 'teams', status: { in: ['pending', 'dead'] } } })).toBe(0);
  });
});

describe('two pupils with one name, on Teams', () => {
  it('answers "missing Maja Begum by the pond" with a card of the candidates, and one press raises the search for the chosen pupil', async () => {
    const before = await h.db.prisma.missingPupilIncident.count();
    const chat = async () => (await h.store.personal(teacher.aadObjectId ?? teacher.id))!.conversationId;
    const seen = h.fake.messages(await chat()).length;
    for (const typed of ['missing Maja Begum by the pond', 'missing "Maja Begum" by the pond']) await h.message(teacher, typed);
    const answers = h.fake.messages(await chat()).slice(seen);
    expect(answers).toHaveLength(2);
    for (const a of answers) {
      expect(cardText(a)).toContain('Maja Begum, Year 5, 5C, UPN A100000000006');
      expect(executeActions(a.activity).map((x) => [x.verb, x.data['value']])).toEqual([
        [RERUN_ACTION, '/missing A100000000006 by the pond'],
        [RERUN_ACTION, '/missing A100000000007 by the pond'],
      ]);
    }
    expect(await h.db.prisma.missingPupilIncident.count()).toBe(before);

    const choice = executeActions(answers[0]!.activity)[1]!;
    const pressed = await h.execute(teacher, choice.verb, choice.data, { card: answers[0]! });
    expect(JSON.stringify(pressed)).toContain('Search started for Maja Begum');
    const raised = await h.db.prisma.missingPupilIncident.findFirstOrThrow({ where: { pupil: { upn: 'A100000000007' } } });
    expect(raised.lastSeen).toBe('by the pond');

    // The class before or after the name settles it without a list.
    await h.message(teacher, 'missing 5C Maja Begum by the pond');
    await h.message(office, 'missing Maja Begum Year 6 near the hall');
    expect((await h.privateTo(teacher)).join('\n')).toContain('Search started for Maja Begum');
    expect((await h.privateTo(office)).join('\n')).toContain('Maja Begum is already being searched for');
    const byClass = await h.db.prisma.missingPupilIncident.findMany({ where: { pupil: { lastName: 'Begum' } }, include: { pupil: true }, orderBy: { reportedAt: 'asc' } });
    expect(byClass.map((i) => i.pupil.className).sort()).toEqual(['5C', '6D']);
  });
});

describe('typed text on Teams', () => {
  it('shows a last-seen note as typed, never as a tag, image, link or mention', async () => {
    const typed = '<img src=x onerror=alert(1)> {{user:aad-head}} <at>Mr Okafor</at> [Click to verify](https://evil.example/login) ![x](https://evil.example/x.png) **loud**';
    // Teams sends what people type as HTML: their < and > arrive as entities.
    await h.message(teacher, `missing dev evans ${typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`);
    await h.drain();
    const incident = await incidentFor('Evans');
    expect(incident.lastSeen).toBe(typed);
    const card = h.posts(CHANNELS.incidents).find((m) => cardText(m).includes('Dev Evans'))!;
    const sent = [card, ...h.replies(CHANNELS.incidents, card.id), ...(await h.store.personal(head.aadObjectId ?? head.id).then((c) => (c ? h.fake.messages(c.conversationId) : [])))]
      .filter((m) => JSON.stringify(m.activity).includes('Dev Evans'));
    expect(sent.length).toBeGreaterThan(1);
    for (const m of sent) {
      const body = JSON.stringify(m.activity);
      expect(body).not.toContain('<img');
      expect(body).not.toContain('<at>Mr Okafor</at>');
      expect(body).not.toMatch(/[^\\]\]\(https:\/\/evil/); // a link is [label](url) with nothing escaping its ]
      expect(body).not.toMatch(/[^\\]\*\*loud/);
      expect(JSON.stringify(m.activity['entities'] ?? [])).not.toContain('aad-head');
    }
    expect(cardText(card)).toContain('\\[Click to verify\\](https://evil.example/login)');
  });
});
