// Raising a missing-pupil incident and running the search end to end (signed Slack requests, fake Slack
// Web API, injected clock): the card, the DMs, the checklist, class cover, added areas, the same pupil
// reported twice, unknown and ambiguous pupils, two incidents at once, and 20 people claiming one area.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, VIEW } from '../../../src/workflows/missing/index.js';
import type { SlackHarness } from '../../support/slack-harness.js';
import { buttonValues, cards, command, dms, HELPERS, incidentFor, press, pressForForm, rerunValues, START, startMissingHarness, textOf, thread, USERS } from './support.js';
import { RERUN_ACTION } from '../../../src/chat/router.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startMissingHarness();
}, 120_000);
afterAll(async () => h?.close());

const cardFor = (name: string) => cards(h).find((m) => textOf(m).includes(name));

describe('/missing raises an incident', () => {
  it('posts the card with the pupil, last seen, reporter, roles and the deadline as a time of day', async () => {
    const answer = await command(h, USERS.teacher, '/missing', 'amy brown by the gate at break');
    expect(answer).toContain('Search started for Amy Brown');
    expect(answer).toContain('10:40');
    await h.drain();

    expect(cards(h)).toHaveLength(1);
    const card = textOf(cards(h)[0]);
    for (const part of ['MISSING: Amy Brown (Year 3, 3A)', 'Tell parents at 10:40', 'by the gate at break', 'Ms Hart at 10:30', 'Mr Okafor (Headteacher)', 'Mrs Fell (Office)', 'Search: 0 of 7 clear', 'An adult is with the class']) {
      expect(card).toContain(part);
    }
    expect(buttonValues(cards(h)[0], ACTION.claim)).toHaveLength(7);

    const incident = await incidentFor(h, 'Brown');
    expect(incident.status).toBe('searching');
    expect(incident.parentDeadlineAt.toISOString()).toBe('2026-11-23T10:40:00.000Z');
    expect(incident.areas.map((a) => a.name)).toEqual(['All classrooms', 'All toilets', 'Changing rooms', 'The library', 'Any outbuildings', 'The school grounds', 'The area immediately outside the school premises']);
    const timers = await h.db.prisma.durableTimer.findMany({ where: { payload: { path: ['incidentId'], equals: incident.id } }, orderBy: { dueAt: 'asc' } });
    expect(timers.map((t) => [t.kind, t.dueAt.toISOString(), t.status])).toEqual([
      ['missing.half-time', '2026-11-23T10:35:00.000Z', 'pending'],
      ['missing.parent-deadline', '2026-11-23T10:40:00.000Z', 'pending'],
    ]);
    const events = await h.db.prisma.incidentEvent.findMany({ where: { incidentId: incident.id } });
    expect(events.map((e) => e.kind)).toEqual(['raised']);
    const audits = await h.db.prisma.auditEvent.findMany({ where: { entityId: incident.id, action: 'missing.raised' } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entityType: 'MissingPupilIncident', actor: events[0]?.actor, at: events[0]?.at });
    expect(audits[0]?.data).toMatchObject({ eventId: events[0]?.id, text: events[0]?.text, lastSeen: expect.any(String) });
    const timerAudits = await h.db.prisma.auditEvent.findMany({ where: { action: 'timer.scheduled', entityId: { in: timers.map((t) => t.id) } } });
    expect(timerAudits.map((a) => a.data)).toEqual(expect.arrayContaining(timers.map((t) => expect.objectContaining({ key: t.key, kind: t.kind, dueAt: t.dueAt.toISOString() }))));
    expect(timerAudits).toHaveLength(2);
  });

  it('tells the roles the policy names (head and office at St Luke\'s), not the others', async () => {
    expect(dms(h, USERS.head).join()).toContain('MISSING: Amy Brown');
    expect(dms(h, USERS.office).join()).toContain('Last seen: by the gate at break');
    expect(dms(h, USERS.dsl)).toHaveLength(0);
    expect(dms(h, USERS.senco)).toHaveLength(0);
  });

  it('points a second report of the same pupil to the open incident and keeps its last-seen note', async () => {
    const answer = await command(h, USERS.office, '/missing', 'A100000000001 near the hall');
    expect(answer).toContain('Amy Brown is already being searched for');
    expect(answer).toContain('since 10:30');
    await h.drain();
    expect(await h.db.prisma.missingPupilIncident.count({ where: { pupil: { lastName: 'Brown' } } })).toBe(1);
    expect(cards(h)).toHaveLength(1);
    expect(thread(h, cards(h)[0]!).map(textOf).join()).toContain('Mrs Fell also reported Amy Brown missing. Last seen: near the hall.');
  });

  it('answers an unknown pupil and an ambiguous name without raising anything', async () => {
    const before = await h.db.prisma.missingPupilIncident.count();
    expect(await command(h, USERS.teacher, '/missing', 'zed nobody in the hall')).toContain('No pupil on roll matches');
    const ambiguous = await command(h, USERS.teacher, '/missing', 'amy');
    expect(ambiguous).toContain('More than one pupil matches');
    expect(ambiguous).toContain('Amy Browning, Year 3, 3A, UPN A100000000002');
    expect(await command(h, USERS.outsider, '/missing', 'amy brown')).toContain('tell the school office now');
    expect(await h.db.prisma.missingPupilIncident.count()).toBe(before);
  });
});

describe('the search checklist', () => {
  it('claims and clears areas, shows who has each and the progress on the card', async () => {
    const incident = await incidentFor(h, 'Brown');
    const [classrooms, toilets] = incident.areas;
    expect(await press(h, USERS.head, ACTION.claim, classrooms!.id)).toContain('You are searching All classrooms');
    const taken = await press(h, USERS.teacher, ACTION.claim, classrooms!.id);
    expect(taken).toContain('Mr Okafor is already searching All classrooms');
    await h.drain();
    expect(textOf(cardFor('Amy Brown'))).toContain('Mr Okafor is searching');

    expect(await press(h, USERS.head, ACTION.clear, classrooms!.id)).toContain('All classrooms: clear');
    expect(await press(h, USERS.office, ACTION.clear, toilets!.id)).toContain('All toilets: clear');
    expect(await press(h, USERS.teacher, ACTION.clear, toilets!.id)).toContain('All toilets is already clear: Mrs Fell searched it at 10:30');
    await h.drain();
    const card = textOf(cardFor('Amy Brown'));
    expect(card).toContain('Search: 2 of 7 clear');
    expect(card).toContain('All classrooms: clear (Mr Okafor, 10:30)');
    expect(buttonValues(cardFor('Amy Brown'), ACTION.claim)).toHaveLength(5);
    const replies = thread(h, cardFor('Amy Brown')!).map(textOf).join('\n');
    expect(replies).toContain('Mr Okafor is searching All classrooms.');
    expect(replies).toContain('Mrs Fell searched All toilets: clear (2 of 7).');

    const kinds = (await h.db.prisma.incidentEvent.findMany({ where: { incidentId: incident.id }, orderBy: { id: 'asc' } })).map((e) => e.kind);
    expect(kinds).toEqual(['raised', 'reported-again', 'area-claimed', 'area-cleared', 'area-cleared']);
    const audits = await h.db.prisma.auditEvent.findMany({ where: { entityId: incident.id, action: { startsWith: 'missing.' } }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.action)).toEqual(kinds.map((k) => `missing.${k}`));
  });

  it('records that an adult is staying with the class, once', async () => {
    const incident = await incidentFor(h, 'Brown');
    expect(await press(h, USERS.teacher, ACTION.cover, incident.id)).toContain('an adult is with the class');
    expect(await press(h, USERS.office, ACTION.cover, incident.id)).toContain('Ms Hart already confirmed an adult is with the class at 10:30');
    await h.drain();
    const card = cardFor('Amy Brown');
    expect(textOf(card)).toContain('An adult is with the class: Ms Hart (10:30)');
    expect(buttonValues(card, ACTION.cover)).toHaveLength(0);
  });

  it('adds an area the checklist lacked, and refuses the same area twice', async () => {
    const incident = await incidentFor(h, 'Brown');
    expect(await pressForForm(h, USERS.teacher, ACTION.addArea, incident.id)).toContain(VIEW.addArea);
    const added = await h.submit(USERS.teacher, VIEW.addArea, { name: 'Staff car park' }, incident.id);
    expect(added.status).toBe(200);
    const again = await h.submit(USERS.office, VIEW.addArea, { name: 'staff car park' }, incident.id);
    expect(await again.text()).toContain('already on the list');
    await h.drain();
    const card = textOf(cardFor('Amy Brown'));
    expect(card).toContain('Staff car park');
    expect(card).toContain('Search: 2 of 8 clear');
  });
});

describe('several incidents at once', () => {
  it('runs a second pupil\'s search beside the first, telling the flagged pupil\'s people privately', async () => {
    expect(await command(h, USERS.office, '/missing', 'ben carter')).toContain('Search started for Ben Carter');
    await h.drain();
    expect(cards(h)).toHaveLength(2);
    const ben = cardFor('Ben Carter');
    expect(textOf(ben)).toContain('Last seen');
    expect(textOf(ben)).toContain('Not given');
    // Standard privacy: "priority" in the channel without saying why; the flags go to DSL and SENCO privately.
    expect(textOf(ben)).toContain('Priority pupil.');
    expect(textOf(ben)).not.toContain('Social worker');
    expect(dms(h, USERS.dsl).join()).toContain('Social worker, SEND (SEN support)');
    expect(dms(h, USERS.senco).join()).toContain('MISSING: Ben Carter');

    const benIncident = await incidentFor(h, 'Carter');
    await press(h, USERS.teacher, ACTION.claim, benIncident.areas[0]!.id);
    await h.drain();
    expect(textOf(cardFor('Ben Carter'))).toContain('Ms Hart is searching');
    expect(textOf(cardFor('Amy Brown'))).not.toContain('Ms Hart is searching');
  });

  it('gives one of 20 people claiming the same area at once the area, and tells the other 19 who has it', async () => {
    const incident = await incidentFor(h, 'Brown');
    const area = incident.areas.find((a) => a.name === 'Changing rooms')!;
    const answers = await Promise.all(HELPERS.map((u) => press(h, u, ACTION.claim, area.id)));
    const winners = answers.filter((a) => a.includes('You are searching Changing rooms'));
    expect(winners).toHaveLength(1);
    const row = await h.db.prisma.searchArea.findUniqueOrThrow({ where: { id: area.id } });
    const winner = await h.db.prisma.staffMember.findUniqueOrThrow({ where: { id: row.claimedBy! } });
    expect(HELPERS).toContain(winner.slackUserId);
    const losers = answers.filter((a) => !a.includes('You are searching'));
    expect(losers).toHaveLength(19);
    for (const a of losers) expect(a).toContain(`${winner.name} is already searching Changing rooms`);

    const events = await h.db.prisma.incidentEvent.findMany({ where: { incidentId: incident.id, kind: 'area-claimed', text: { contains: 'Changing rooms' } } });
    expect(events).toHaveLength(1);
    const audits = await h.db.prisma.auditEvent.findMany({ where: { entityId: incident.id, action: 'missing.area-claimed', data: { path: ['area'], equals: 'Changing rooms' } } });
    expect(audits.map((a) => a.actor)).toEqual([winner.id]);
    await h.drain();
    expect(textOf(cardFor('Amy Brown'))).toContain(`${winner.name} is searching`);
  });

  it('keeps the clock where it started (no test above moved it)', () => {
    expect(h.clock.now().toISOString()).toBe(START.toISOString());
  });
});

describe('names and notes as staff type them', () => {
  it('offers two pupils with the same full name to pick from, however the class or year is written, and raises for the one pressed', async () => {
    const before = await h.db.prisma.missingPupilIncident.count();
    for (const typed of ['Maja Begum by the pond', '"Maja Begum" by the pond']) {
      const answer = await command(h, USERS.teacher, '/missing', typed);
      expect(answer).toContain('Maja Begum, Year 5, 5C, UPN A100000000006');
      expect(answer).toContain('Maja Begum, Year 6, 6D, UPN A100000000007');
      expect(rerunValues(answer)).toEqual(['/missing A100000000006 by the pond', '/missing A100000000007 by the pond']);
    }
    expect(await h.db.prisma.missingPupilIncident.count()).toBe(before);
    // The class or year anywhere beside the name settles it at once.
    for (const typed of ['Maja Begum 5C by the pond', '5C Maja Begum by the pond', '"Maja Begum" 5C by the pond', 'Maja Begum Year 5 by the pond']) {
      const answer = await command(h, USERS.teacher, '/missing', typed);
      expect(answer, typed).toMatch(/Search started for Maja Begum|already being searched for/);
    }
    const raised = await h.db.prisma.missingPupilIncident.findMany({ where: { pupil: { lastName: 'Begum' } }, include: { pupil: true } });
    expect(raised.map((i) => [i.pupil.className, i.lastSeen])).toEqual([['5C', 'by the pond']]);
    // One press on the pick list raises the search for the other Maja, with the note as typed.
    const picked = await press(h, USERS.teacher, RERUN_ACTION, '/missing A100000000007 by the pond');
    expect(picked).toContain('Search started for Maja Begum');
    const second = await h.db.prisma.missingPupilIncident.findFirstOrThrow({ where: { pupil: { upn: 'A100000000007' } } });
    expect(second.lastSeen).toBe('by the pond');
  });

  it('keeps a pasted note as typed up to 300 characters and says it was cut', async () => {
    const note = `'round the back of the hall, ${'near the bins and the gate '.repeat(200)}`.slice(0, 5000);
    const answer = await command(h, USERS.teacher, '/missing', `cara dunn ${note}`);
    expect(answer).toContain('Search started for Cara Dunn');
    expect(answer).toContain('Your last-seen note was longer than 300 characters: only the first 300 were kept.');
    const incident = await incidentFor(h, 'Dunn');
    expect(incident.lastSeen).toBe(note.slice(0, 300).trimEnd());
    expect(incident.lastSeen?.startsWith("'round the back")).toBe(true);
  });

  it('shows typed text as text on Slack: no mention, link, image or @channel from a last-seen note', async () => {
    const typed = '{{user:UHEAD}} [Click to verify](https://evil.example/login) ![x](https://evil.example/x.png) <!channel> <!here> <@UHEAD>';
    // The harness sends slash-command text with & < > escaped, as Slack does for what people type.
    await command(h, USERS.teacher, '/missing', `dev evans ${typed}`);
    await h.drain();
    expect((await incidentFor(h, 'Evans')).lastSeen).toBe(typed);
    const card = cards(h).find((m) => textOf(m).includes('Dev Evans'))!;
    const posted = [card, ...thread(h, card)].map((m) => JSON.stringify({ text: m.text, blocks: m.blocks }));
    const direct = h.fake.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.body).includes('Dev Evans')).map((c) => JSON.stringify({ text: c.body['text'], blocks: c.body['blocks'] }));
    // The card in #incidents and the DMs to the people the policy names all carry the note.
    expect(posted).toHaveLength(1);
    expect(direct.length).toBeGreaterThan(0);
    expect(direct.every((body) => body.includes('Click to verify'))).toBe(true);
    for (const body of [...posted, ...direct]) {
      expect(body).not.toContain('<@UHEAD>');
      expect(body).not.toContain('<!channel>');
      expect(body).not.toContain('<!here>');
      expect(body).not.toContain('<https://evil.example');
    }
    expect(posted.join()).toContain('&lt;!channel&gt;');
    expect(posted.join()).toContain('[Click to verify](https://evil.example/login)');
    expect(posted.join()).toContain('{{user:UHEAD}}');
    // Slack links nothing in a section by itself (verbatim), so a bare URL in a note is not made a link either.
    expect(posted.join()).toContain('"verbatim":true');
  });
});
