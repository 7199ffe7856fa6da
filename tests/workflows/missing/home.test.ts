// App Home for the missing-pupil procedure: the big "Report a missing pupil" button and its short form
// (a phone-friendly way in), the searches running now with a Found button for those who may close them,
// and the person's own follow-ups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, VIEW } from '../../../src/workflows/missing/index.js';
import { eventCallback, sendSigned } from '../../support/slack-signing.js';
import { SIGNING_SECRET, TEAM_ID, type SlackHarness } from '../../support/slack-harness.js';
import { cards, command, dms, pressForForm, startMissingHarness, textOf, USERS } from './support.js';
import { rerunValues } from './support.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startMissingHarness();
}, 120_000);
afterAll(async () => h?.close());

let events = 0;
async function openHome(user: string): Promise<string> {
  const before = h.fake.callsTo('views.publish').length;
  const body = JSON.stringify(eventCallback({ type: 'app_home_opened', user, tab: 'home', channel: `D${user}` }, { eventId: `Ev-missing-${++events}`, teamId: TEAM_ID }));
  await sendSigned(h.url, body, { signingSecret: SIGNING_SECRET, contentType: 'application/json' });
  await h.fake.waitFor('views.publish', (c) => c.body['user_id'] === user && h.fake.callsTo('views.publish').length > before);
  return JSON.stringify(h.fake.homeViews.get(user));
}

describe('App Home', () => {
  it('offers a big button to report a missing pupil, with a short form that starts the search', async () => {
    const home = await openHome(USERS.teacher);
    expect(home).toContain('Report a missing pupil');
    expect(home).toContain('No pupil is missing right now.');
    expect(await pressForForm(h, USERS.teacher, ACTION.report, 'home')).toContain('Pupil name or UPN');

    const unknown = await h.submit(USERS.teacher, VIEW.report, { pupil: 'Zed Nobody' }, '');
    expect(await unknown.text()).toContain('No pupil on roll matches');
    // Several pupils fit: the form closes and the person gets the pick list, whose buttons carry the note.
    await h.submit(USERS.teacher, VIEW.report, { pupil: 'amy', lastSeen: 'the cloakroom' }, '');
    const pick = await h.fake.waitFor('chat.postMessage', (c) => c.body['channel'] === `D${USERS.teacher}` && JSON.stringify(c.body).includes('More than one pupil'));
    expect(JSON.stringify(pick.body)).toContain('Amy Browning, Year 3, 3A, UPN A100000000002');
    expect(rerunValues(JSON.stringify(pick.body))).toContain('/missing A100000000001 the cloakroom');
    expect(await h.db.prisma.missingPupilIncident.count()).toBe(0);

    await h.submit(USERS.teacher, VIEW.report, { pupil: 'Amy Brown', lastSeen: 'the cloakroom' }, '');
    await h.fake.waitFor('chat.postMessage', (c) => c.body['channel'] === `D${USERS.teacher}` && JSON.stringify(c.body).includes('Search started for Amy Brown'));
    await h.drain();
    expect(textOf(cards(h)[0])).toContain('the cloakroom');
    expect(dms(h, USERS.head).join()).toContain('MISSING: Amy Brown');
  });

  it('lists the searches running now, with Found only for those who may close them', async () => {
    const forHead = await openHome(USERS.head);
    expect(forHead).toContain('Amy Brown');
    expect(forHead).toContain('Tell parents at');
    expect(forHead).toContain(ACTION.found);
    const forTeacher = await openHome(USERS.teacher);
    expect(forTeacher).toContain('Amy Brown');
    expect(forTeacher).not.toContain(ACTION.found);
  });

  it('shows the person their missing-pupil follow-ups once the pupil is found', async () => {
    await command(h, USERS.office, '/found', 'amy brown the cloakroom');
    const forTeacher = await openHome(USERS.teacher);
    expect(forTeacher).toContain('Complete the incident form: how Amy Brown went missing');
    expect(forTeacher).toContain('No pupil is missing right now.');
  });
});
