// Drives the real Teams endpoint over HTTP (dev mode: no JWT) with the activity JSON Teams sends, the
// serviceUrl pointing at a fake Bot Connector, and asserts what lands there: cards posted to channels,
// private answers in 1:1 chats, a claim refreshing the card for everyone, forms, and redeliveries.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatPort } from '../../../src/chat/port.js';
import type { TeamsApp } from '../../../src/chat/teams/app.js';
import type { InMemoryConversationStore } from '../../../src/chat/teams/conversation-store.js';
import { asDisplayed, cardsOf, FakeBotConnector, shownText, type Json } from '../../support/fake-bot-connector.js';
import { actionExecuteActivity, conversationUpdateActivity, messageActivity, postActivity, type TeamsScene } from '../../support/teams-activity.js';
import { CANNOT_MESSAGE_YOU } from '../../../src/chat/teams/inbound/private.js';
import { buildDemoRouter } from '../demo-router.js';
import { devApp, dsl, executeActions, general, isRecord, office, OFFICE_CHANNEL, officePost, oneOnOne, personalWith, sceneOn, shownIn, TEAM_ID, TENANT } from './scene.js';

let fake: FakeBotConnector;
let teams: TeamsApp;
let store: InMemoryConversationStore;
let demo: ReturnType<typeof buildDemoRouter>;
let scene: TeamsScene;
let url: string;

const count = (handler: string) => demo.runs.filter((r) => r.handler === handler).length;
const officeDm = oneOnOne(office.id);

async function invokeBody(res: Response): Promise<{ statusCode?: Json; type?: Json; value?: Json }> {
  expect(res.status).toBe(200);
  const body: unknown = await res.json();
  if (!isRecord(body)) throw new Error('invoke response is not an object');
  return body;
}

beforeAll(async () => {
  fake = await FakeBotConnector.start({ teamChannels: { [TEAM_ID]: [{ id: TEAM_ID }, { id: OFFICE_CHANNEL, name: 'Attendance office' }] } });
  scene = sceneOn(fake);
  demo = buildDemoRouter(() => port);
  ({ teams, store } = devApp({ router: demo.router, deliveryLog: demo.deliveryLog }));
  const port: ChatPort = teams.chat;
  const { port: bound } = await teams.start(0);
  url = `http://127.0.0.1:${String(bound)}/api/messages`;
});

afterAll(async () => {
  await teams?.stop();
  await fake?.close();
});

describe('Teams over HTTP, end to end', () => {
  it('stores the team’s channels when Rollcall is added to a team', async () => {
    const res = await postActivity(url, conversationUpdateActivity(scene, general, { membersAdded: [{ id: scene.bot.id }] }));
    expect(res.status).toBe(200);
    expect((await store.inTeam(TEAM_ID, 'General'))?.conversationId).toBe(TEAM_ID);
    const office = await store.inTeam(TEAM_ID, 'Attendance office');
    expect(office?.conversationId).toBe(OFFICE_CHANNEL);
    expect(office?.reference).toMatchObject({ serviceUrl: fake.serviceUrl, bot: { id: scene.bot.id }, conversation: { id: OFFICE_CHANNEL, tenantId: TENANT } });
    expect(office?.teamId).toBe(TEAM_ID);
  });

  it('runs a command from a channel message: the card goes to the channel, the answer to a 1:1 chat', async () => {
    const activity = messageActivity(scene, officePost('1763800000001'), office, 'absences', { id: '1763800000001' });
    expect(await postActivity(url, activity).then((r) => r.status)).toBe(200);

    const [post, ...others] = fake.messages(OFFICE_CHANNEL);
    expect(others).toEqual([]);
    expect(post?.threadId).toBeUndefined();
    expect(post?.activity['replyToId']).toBeUndefined();
    const card = cardsOf(post?.activity)[0];
    expect(shownText(card)).toContain('Unexplained absences, AM');
    expect(executeActions(card).map((a) => [a.verb, a.data['value']])).toEqual([
      ['claim', 'case-amy'],
      ['claim', 'case-ben'],
      ['claim', 'case-cat'],
    ]);
    expect(fake.createdConversations).toEqual([{ id: officeDm, members: [{ id: office.id, role: 'user' }], tenantId: TENANT }]);
    expect(shownIn(fake, officeDm).join('\n')).toContain('Posted 3 pupils to the channel.');
    expect(demo.runs.find((r) => r.handler === 'absences')?.detail).toEqual({ key: `teams:${OFFICE_CHANNEL}:1763800000001` });
  });

  it('answers a personal-chat command in that chat and keeps quoted names together', async () => {
    const res = await postActivity(url, messageActivity(scene, personalWith(office), office, '/call "Amy Smith" reached'));
    expect(res.status).toBe(200);
    expect(shownIn(fake, `a:personal-${office.id}`)).toEqual(["Logged reached for Amy Smith's family at 09:40."]);
    expect((await store.personal('aad-office-0001'))?.conversationId).toBe(`a:personal-${office.id}`);
  });

  it('refuses bad arguments privately without calling the handler, and a DSL-only command to office staff', async () => {
    const before = count('call');
    await postActivity(url, messageActivity(scene, officePost('1763800000010'), office, 'call Amy Smith reached', { id: '1763800000010' }));
    await postActivity(url, messageActivity(scene, officePost('1763800000011'), office, 'police INC-7', { id: '1763800000011' }));
    const answers = asDisplayed(shownIn(fake, `a:personal-${office.id}`).join('\n'));
    expect(answers).toContain('Too many arguments');
    expect(answers).toContain('Usage: /call "<pupil>" <reached|voicemail|no_answer>');
    expect(answers).toContain('This needs one of these roles: dsl');
    expect(count('call')).toBe(before);
    expect(count('police')).toBe(0);
  });

  it('refreshes the card for everyone when someone claims from it (Action.Execute)', async () => {
    const card = fake.messages(OFFICE_CHANNEL)[0];
    if (!card) throw new Error('no posted list');
    const press = actionExecuteActivity(scene, officePost(card.id), office, { verb: 'claim', data: { value: 'case-ben' }, cardActivityId: card.id });
    const body = await invokeBody(await postActivity(url, press));
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(shownText(body.value)).toContain('**Ben Jones** (Year 5) claimed by <at>Olu Office</at>');
    expect(body.value).toMatchObject({ msteams: { entities: [{ type: 'mention', text: '<at>Olu Office</at>', mentioned: { id: 'aad-office-0001', name: 'Olu Office' } }] } });
    // Everyone sees it: the channel's copy was replaced in place with the same card.
    const update = await fake.waitFor('update', (c) => c.activityId === card.id);
    expect(cardsOf(update.body)[0]).toEqual(body.value);
    expect(fake.message(OFFICE_CHANNEL, card.id)?.updates).toBe(1);
    expect(demo.claims.get('case-ben')).toBe('aad-office-0001');
  });

  it('tells only the second presser that someone got there first, leaving the card alone', async () => {
    const card = fake.messages(OFFICE_CHANNEL)[0];
    if (!card) throw new Error('no posted list');
    const press = actionExecuteActivity(scene, officePost(card.id), dsl, { verb: 'claim', data: { value: 'case-ben' }, cardActivityId: card.id });
    const body = await invokeBody(await postActivity(url, press));
    expect(body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('Someone else claimed this pupil a moment ago.') });
    expect(fake.message(OFFICE_CHANNEL, card.id)?.updates).toBe(1);
    expect(demo.claims.get('case-ben')).toBe('aad-office-0001');
  });

  it('opens a form in the 1:1 chat, shows field errors beside the inputs, then saves and replaces the form', async () => {
    await postActivity(url, messageActivity(scene, officePost('1763800000020'), office, 'reason case-amy', { id: '1763800000020' }));
    const formMessage = fake.messages(`a:personal-${office.id}`).at(-1);
    const form = cardsOf(formMessage?.activity)[0];
    if (!formMessage || !isRecord(form)) throw new Error('no form posted');
    expect(JSON.stringify(form)).toContain('"type":"Input.ChoiceSet","id":"code"');
    const [submit] = executeActions(form);
    expect(submit?.verb).toBe('view:reason');
    const chat = personalWith(office);

    const bad = actionExecuteActivity(scene, chat, office, { verb: 'view:reason', data: { ...submit?.data, code: 'M', note: 'ok' }, cardActivityId: formMessage.id });
    const badBody = await invokeBody(await postActivity(url, bad));
    expect(badBody.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(shownText(badBody.value)).toContain('Write at least a few words');
    expect(JSON.stringify(badBody.value)).toContain('"id":"note","label":"What the parent said","isRequired":true,"errorMessage":"Required","isMultiline":true,"maxLength":3000,"value":"ok"');
    expect(count('reason-save')).toBe(0);

    const good = actionExecuteActivity(scene, chat, office, { verb: 'view:reason', data: { ...submit?.data, code: 'M', note: 'Dentist at 9' }, cardActivityId: formMessage.id });
    const goodBody = await invokeBody(await postActivity(url, good));
    expect(shownText(goodBody.value)).toBe('Saved M for case-amy.');
    expect(demo.runs.filter((r) => r.handler === 'reason-save').map((r) => r.detail)).toEqual([{ code: 'M', note: 'Dentist at 9', caseId: 'case-amy' }]);
    expect(shownText(cardsOf(fake.message(`a:personal-${office.id}`, formMessage.id)?.activity))).toBe('Saved M for case-amy.');
  });

  it('refuses a form whose carried case id was changed on the way', async () => {
    await postActivity(url, messageActivity(scene, officePost('1763800000021'), office, 'reason case-amy', { id: '1763800000021' }));
    const formMessage = fake.messages(`a:personal-${office.id}`).at(-1);
    const [submit] = executeActions(cardsOf(formMessage?.activity));
    const carried = submit?.data['rollcall'];
    if (!formMessage || !isRecord(carried) || !isRecord(carried['form'])) throw new Error('no carried form');
    const forged = { ...carried, form: { ...carried['form'], privateMetadata: 'case-cat' } };
    const press = actionExecuteActivity(scene, personalWith(office), office, { verb: 'view:reason', data: { rollcall: forged, code: 'I', note: 'Forged submission' }, cardActivityId: formMessage.id });
    const body = await invokeBody(await postActivity(url, press));
    expect(body.type).toBe('application/vnd.microsoft.activity.message');
    expect(body.value).toMatch(/expired or was changed/);
    expect(demo.runs.filter((r) => r.handler === 'reason-save')).toHaveLength(1);
  });

  it('handles a redelivered message and a redelivered card press once', async () => {
    const activity = messageActivity(scene, officePost('1763800000030'), office, 'absences', { id: '1763800000030' });
    const postsBefore = fake.messages(OFFICE_CHANNEL).length;
    expect((await postActivity(url, activity)).status).toBe(200);
    expect((await postActivity(url, activity)).status).toBe(200);
    expect(fake.messages(OFFICE_CHANNEL)).toHaveLength(postsBefore + 1);
    expect(demo.runs.filter((r) => JSON.stringify(r.detail).includes('1763800000030'))).toHaveLength(1);

    const card = fake.messages(OFFICE_CHANNEL).at(-1);
    if (!card) throw new Error('no list');
    const press = actionExecuteActivity(scene, officePost(card.id), dsl, { verb: 'claim', data: { value: 'case-cat' }, cardActivityId: card.id, id: 'f:press-once' });
    await invokeBody(await postActivity(url, press));
    const again = await invokeBody(await postActivity(url, press));
    expect(again).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Already done.' });
    expect(demo.runs.filter((r) => r.handler === 'claim' && r.detail === 'case-cat')).toHaveLength(1);
  });

  it('keeps an answer out of the channel when it cannot open the person’s 1:1 chat, leaving a note in the thread', async () => {
    const newcomer = { id: '29:newcomer', aadObjectId: 'aad-newcomer', name: 'New Starter' };
    fake.failNext({ status: 403 }, 1, 'createConversation');
    await postActivity(url, messageActivity(scene, officePost('1763800000040'), newcomer, 'absences', { id: '1763800000040' }));
    const note = fake.messages(OFFICE_CHANNEL).find((m) => m.threadId === '1763800000040');
    expect(note?.activity['text']).toBe(CANNOT_MESSAGE_YOU);
    expect(JSON.stringify(fake.messages(OFFICE_CHANNEL).filter((m) => m.threadId !== undefined))).not.toContain('not set up as staff');
  });

  it('leaves no note in the thread when the 1:1 chat answered 500 after taking the form (it may be there)', async () => {
    const forms = () => fake.messages(`a:personal-${office.id}`).filter((m) => shownText(m.activity).includes('Record the reason'));
    const before = forms().length;
    fake.failNext({ status: 500, accepted: true }, 1, 'send');
    await postActivity(url, messageActivity(scene, officePost('1763800000050'), office, 'reason case-ben', { id: '1763800000050' }));
    expect(forms()).toHaveLength(before + 1);
    expect(fake.messages(OFFICE_CHANNEL).filter((m) => m.threadId === '1763800000050')).toEqual([]);
  });

  it('answers a malformed body with 400 and other methods with 405', async () => {
    const bad = await postActivity(url, {}, { rawBody: '{not json' });
    expect(bad.status).toBe(400);
    const get = await fetch(url);
    expect(get.status).toBe(405);
    const elsewhere = await fetch(url.replace('/api/messages', '/api/other'), { method: 'POST', body: '{}' });
    expect(elsewhere.status).toBe(404);
  });
});
