// Closing a search and the written report: who may record a pupil found, two people pressing Found at
// once, the follow-up tasks with owners and due dates, the wellbeing check, and the exported report in
// Markdown and HTML (full record for the CLI, privacy-filtered copy uploaded to the thread).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, findIncidentId, renderIncidentReport, VIEW } from '../../../src/workflows/missing/index.js';
import type { SlackHarness } from '../../support/slack-harness.js';
import { cards, command, dms, incidentFor, MINUTE, press, pressForForm, startMissingHarness, textOf, USERS } from './support.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startMissingHarness();
}, 120_000);
afterAll(async () => h?.close());

const cardFor = (name: string) => cards(h).find((m) => textOf(m).includes(name))!;

describe('who may close a search', () => {
  it('lets a class teacher report a pupil missing but not record them found', async () => {
    await command(h, USERS.teacher, '/missing', 'ben carter "<b>hall</b> & *stage* | door"');
    const incident = await incidentFor(h, 'Carter');
    const byCommand = await command(h, USERS.teacher, '/found', 'ben carter in the hall');
    expect(byCommand).toContain('Not allowed');
    expect(byCommand).toContain('Only these roles can record a missing pupil as found: Headteacher, Office, DSL');
    const opened = h.fake.callsTo('views.open').length;
    expect(await press(h, USERS.teacher, ACTION.found, incident.id)).toContain('Not allowed');
    expect(h.fake.callsTo('views.open')).toHaveLength(opened);
    expect(await press(h, USERS.teacher, ACTION.exportReport, incident.id)).toContain('Only these roles can export the incident report');
    expect((await incidentFor(h, 'Carter')).status).toBe('searching');
  });

  it('resolves once when two people press Found together, and tells the other who did', async () => {
    const incident = await incidentFor(h, 'Carter');
    await press(h, USERS.teacher, ACTION.claim, incident.areas[0]!.id);
    h.clock.advance(4 * MINUTE);
    const [a, b] = await Promise.all([
      h.submit(USERS.head, VIEW.found, { where: 'the hall', wellbeing: 'upset', notes: 'Hiding under the stage' }, incident.id),
      h.submit(USERS.dsl, VIEW.found, { where: 'the stage', wellbeing: 'safe-and-well' }, incident.id),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const after = await incidentFor(h, 'Carter');
    expect(after.status).toBe('found');
    const winner = after.foundBy === (await h.db.prisma.staffMember.findFirstOrThrow({ where: { slackUserId: USERS.head } })).id ? USERS.head : USERS.dsl;
    const loser = winner === USERS.head ? USERS.dsl : USERS.head;
    const winnerName = winner === USERS.head ? 'Mr Okafor' : 'Mr Lee';
    await h.fake.waitFor('chat.postMessage', (c) => c.body['channel'] === `D${loser}` && JSON.stringify(c.body).includes('Already found'));
    expect(dms(h, loser).join()).toContain(`Already found: ${winnerName} recorded it at 10:34`);
    expect(await h.db.prisma.incidentEvent.count({ where: { incidentId: incident.id, kind: 'found' } })).toBe(1);
    expect(await h.db.prisma.auditEvent.count({ where: { entityId: incident.id, action: 'missing.found' } })).toBe(1);
    expect(await press(h, USERS.office, ACTION.found, incident.id)).toContain(`Already found: ${winnerName}`);
    expect(await press(h, USERS.teacher, ACTION.claim, incident.areas[1]!.id)).toContain('The search is over');
  });

  it('creates the follow-up tasks with owners and due dates, and tells the owners', async () => {
    const incident = await incidentFor(h, 'Carter');
    const tasks = await h.db.prisma.task.findMany({ where: { incidentId: incident.id }, orderBy: { kind: 'asc' } });
    const teacher = await h.db.prisma.staffMember.findFirstOrThrow({ where: { slackUserId: USERS.teacher } });
    expect(tasks.map((t) => [t.kind, t.ownerRole, t.ownerStaffId, t.dueAt?.toISOString()])).toEqual([
      // Ms Hart reported it and is a class teacher: the incident form is hers, by the end of the next school day.
      ['missing.incident-form', 'class-teacher', teacher.id, '2026-11-24T17:00:00.000Z'],
      ['missing.investigation', 'headteacher', null, '2026-11-30T17:00:00.000Z'],
      ['missing.tell-agencies', 'dsl', null, '2026-11-23T10:34:00.000Z'],
      ['missing.tell-parents', 'office', null, '2026-11-23T10:34:00.000Z'],
    ]);
    await h.drain();
    expect(dms(h, USERS.teacher).join()).toContain('Complete the incident form: how Ben Carter went missing');
    expect(dms(h, USERS.office).join()).toContain('Tell the parents or carers of Ben Carter that Ben has been found');
    expect(dms(h, USERS.dsl).join()).toContain('Tell the agencies involved with Ben Carter');
    const card = textOf(cardFor('Ben Carter'));
    expect(card).toContain('FOUND: Ben Carter');
    expect(card).toContain('Follow-up');
    expect(card).toContain('Search: 0 of 7 clear (search over)');
  });

  it('records the wellbeing check later when /found was given only a place', async () => {
    await command(h, USERS.teacher, '/missing', 'amy brown');
    const answer = await command(h, USERS.office, '/found', 'amy brown the office');
    expect(answer).toContain('Recorded: Amy Brown found');
    expect(answer).toContain('No parent alert will be sent');
    const incident = await incidentFor(h, 'Brown');
    expect(incident.wellbeing).toBeNull();
    expect(await pressForForm(h, USERS.teacher, ACTION.wellbeing, incident.id)).toContain('How is Amy Brown?');
    const bad = await h.submit(USERS.teacher, VIEW.wellbeing, { wellbeing: 'fine' }, incident.id);
    expect(await bad.text()).toContain('Choose one');
    await h.submit(USERS.teacher, VIEW.wellbeing, { wellbeing: 'safe-and-well', notes: 'Had a drink of water' }, incident.id);
    await h.drain();
    expect((await incidentFor(h, 'Brown')).wellbeing).toBe('safe-and-well');
    expect(textOf(cardFor('Amy Brown'))).toContain('Wellbeing: Safe and well');
  });

  it('says so when /found names a pupil nobody is searching for', async () => {
    await command(h, USERS.teacher, '/missing', 'cara dunn');
    expect(await command(h, USERS.head, '/found', 'dev evans the hall')).toContain('Dev Evans is not being searched for. Pupils missing now: Cara Dunn');
  });
});

describe('the written report', () => {
  it('renders the full record in Markdown: timeline, checklist, calls and follow-ups, with typed text escaped', async () => {
    const incident = await incidentFor(h, 'Carter');
    const md = await renderIncidentReport(h.db, incident.id, 'markdown');
    expect(md).toContain(`# Missing pupil incident ${incident.number}: Ben Carter`);
    expect(md).toContain('- **Pupil:** Ben Carter, Year 4, class 4B (UPN A100000000003)');
    expect(md).toContain('- **Flags:** Social worker, SEND (SEN support) (told: DSL, SENCO)');
    expect(md).toContain('- **Last seen:** \\<b\\>hall\\</b\\> & \\*stage\\* \\| door');
    expect(md).toContain('| 10:30:00 | Ms Hart | Ms Hart reported Ben Carter missing.');
    expect(md).toContain('| All classrooms | Being searched | Ms Hart 10:30:00 |  |');
    expect(md).toMatch(/\| 10:34:00 \| Mr (Okafor|Lee) \| Mr (Okafor|Lee) recorded Ben Carter found \(the (hall|stage)\)/);
    expect(md).toContain('| Complete the incident form: how Ben Carter went missing | Ms Hart (Class teacher) | Tue 24 Nov, 17:00 | open |');
    expect(md).toContain('- **Parent alert:** Not needed (found before the deadline)');
    expect(md).toContain('| 1 | Sue Carter (Mum): 07700 900011 |');
  });

  it('renders the same record as escaped HTML', async () => {
    const incident = await incidentFor(h, 'Carter');
    const html = await renderIncidentReport(h.db, incident.id, 'html');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<title>Missing pupil incident ${incident.number}: Ben Carter</title>`);
    expect(html).toContain('&lt;b&gt;hall&lt;/b&gt; &amp; *stage* | door');
    expect(html).not.toContain('<b>hall</b>');
    expect(html).toContain('<th>Time</th><th>Who</th><th>What</th>');
    expect(html).toContain('<td>Ms Hart reported Ben Carter missing.');
  });

  it('uploads a channel copy to the thread from the Export report button, without parents\' numbers', async () => {
    const incident = await incidentFor(h, 'Carter');
    expect(await press(h, USERS.head, ACTION.exportReport, incident.id)).toContain('The report is being posted');
    await h.drain();
    const names = [...h.fake.files.values()].map((f) => f.filename).sort();
    expect(names).toEqual([`incident-${incident.number}-2026-11-23.html`, `incident-${incident.number}-2026-11-23.md`]);
    const uploads = await h.db.prisma.outboxMessage.findMany({ where: { op: 'upload' } });
    const markdown = uploads.map((u) => Buffer.from((u.payload as { file: { base64: string } }).file.base64, 'base64').toString('utf8')).find((t) => t.startsWith('#'))!;
    expect(markdown).toContain('Sue Carter (Mum)');
    expect(markdown).not.toContain('07700');
    expect(markdown).not.toContain('UPN');
    expect(markdown).toContain('Priority pupil');
    expect(markdown).toContain('Mr Okafor exported the written report.');
    expect(await h.db.prisma.auditEvent.count({ where: { entityId: incident.id, action: 'missing.report-exported' } })).toBe(1);
  });

  it('finds an incident by number or id for the CLI, and refuses an unknown one', async () => {
    const incident = await incidentFor(h, 'Carter');
    expect(await findIncidentId(h.db.prisma, String(incident.number))).toBe(incident.id);
    expect(await findIncidentId(h.db.prisma, `#${incident.number}`)).toBe(incident.id);
    expect(await findIncidentId(h.db.prisma, incident.id)).toBe(incident.id);
    expect(await findIncidentId(h.db.prisma, '999999')).toBeUndefined();
    await expect(renderIncidentReport(h.db, 'no-such-incident', 'markdown')).rejects.toMatchObject({ name: 'RollcallError', code: 'NOT_FOUND' });
  });
});

describe('the incident form reminder', () => {
  it('goes to the pupil\'s class teachers (staff.csv classes), not to every class teacher in the school', async () => {
    const schoolId = (await h.db.prisma.school.findFirstOrThrow()).id;
    await h.db.prisma.staffMember.createMany({ data: [
      { schoolId, staffId: 'T6A', name: 'Mr Rowe', roles: ['class-teacher'], classes: ['6D'], slackUserId: 'U6DMON' },
      { schoolId, staffId: 'T6B', name: 'Ms Ince', roles: ['class-teacher'], classes: ['6D', 'Nurture'], slackUserId: 'U6DTHU' },
      { schoolId, staffId: 'T5C', name: 'Mr Kaye', roles: ['class-teacher'], classes: ['5C'], slackUserId: 'U5C' },
    ] });
    await command(h, USERS.head, '/missing', 'dev evans');
    await command(h, USERS.head, '/found', 'dev evans in the hall');
    await h.drain();
    const form = 'Complete the incident form: how Dev Evans went missing';
    expect(dms(h, 'U6DMON').join()).toContain(form);
    expect(dms(h, 'U6DTHU').join()).toContain(form);
    expect(dms(h, 'U5C').join()).not.toContain(form);
    expect(dms(h, USERS.teacher).join()).not.toContain(form);
    const task = await h.db.prisma.task.findFirstOrThrow({ where: { kind: 'missing.incident-form', pupil: { lastName: 'Evans' } } });
    const owner = await h.db.prisma.staffMember.findUniqueOrThrow({ where: { id: task.ownerStaffId ?? '' } });
    expect([task.ownerRole, owner.name]).toEqual(['class-teacher', 'Mr Rowe']);
  });
});
