// Drives the real Bolt HTTPReceiver over HTTP with correctly (and incorrectly) signed deliveries and
// asserts what lands in the fake Slack Web API.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatPort } from '../../../src/chat/port.js';
import { createSlackApp, SLACK_BODY_LIMIT, type SlackApp } from '../../../src/chat/slack/app.js';
import { FakeSlack, type FakeSlackCall, type Json } from '../../support/fake-slack.js';
import {
  blockActionsPayload,
  eventCallback,
  interactionBody,
  nowSeconds,
  sendSigned,
  slashCommandBody,
  viewSubmissionPayload,
} from '../../support/slack-signing.js';
import { buildDemoRouter, silentLogger } from '../demo-router.js';

const SECRET = 'test-signing-secret';
const TOKEN = 'xoxb-test-token';

let fake: FakeSlack;
let slack: SlackApp;
let url: string;
let demo: ReturnType<typeof buildDemoRouter>;

/** All the text a Block Kit payload would show. */
function shown(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(shown).join(' ');
  if (value && typeof value === 'object') return Object.values(value).map(shown).join(' ');
  return '';
}

const responseTo = (key: string) => (c: FakeSlackCall) => c.body['__key'] === key;
const count = (handler: string) => demo.runs.filter((r) => r.handler === handler).length;

beforeAll(async () => {
  fake = await FakeSlack.start({ token: TOKEN });
  demo = buildDemoRouter(() => port);
  slack = createSlackApp({
    signingSecret: SECRET,
    botToken: TOKEN,
    apiUrl: `${fake.url}/api`, // no trailing slash: createSlackApp must add it
    router: demo.router,
    staffDirectory: demo.staff,
    deliveryLog: demo.deliveryLog,
    schoolForTeam: ({ teamId }) => (teamId === 'T0SCHOOL' ? 'school-1' : undefined),
    logger: silentLogger,
    logLevel: 'error',
  });
  const port: ChatPort = slack.chat;
  const { port: bound } = await slack.start(0);
  url = `http://127.0.0.1:${String(bound)}/slack/events`;
});

afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

describe('Slack over HTTP, end to end', () => {
  it('answers url_verification and checks the bot token with auth.test', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 't' });
    const res = await sendSigned(url, body, { signingSecret: SECRET, contentType: 'application/json' });
    expect(await res.json()).toEqual({ challenge: 'c-123' });
    expect((await fake.waitFor('auth.test')).headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('runs a slash command: posts the list to the channel and answers privately', async () => {
    const res = await sendSigned(url, slashCommandBody({ command: '/absences', channel_id: 'C0OFFICE', response_url: fake.responseUrl('absences') }), { signingSecret: SECRET });
    expect(res.status).toBe(200);
    const post = await fake.waitFor('chat.postMessage', (c) => c.body['channel'] === 'C0OFFICE');
    expect(shown(post.body['blocks'])).toContain('Unexplained absences, AM');
    expect(fake.messages('C0OFFICE')).toHaveLength(1);
    const reply = await fake.waitFor('response_url', responseTo('absences'));
    expect(reply.body['response_type']).toBe('ephemeral');
    expect(shown(reply.body['blocks'])).toContain('Posted 3 pupils to the channel.');
  });

  it('refuses bad arguments privately without calling the handler', async () => {
    const before = count('call');
    await sendSigned(url, slashCommandBody({ command: '/call', text: 'Amy Smith reached', response_url: fake.responseUrl('bad-call') }), { signingSecret: SECRET });
    const reply = await fake.waitFor('response_url', responseTo('bad-call'));
    expect(shown(reply.body['blocks'])).toContain('Too many arguments');
    expect(shown(reply.body['blocks'])).toContain('Usage:');
    expect(count('call')).toBe(before);
  });

  it('un-escapes Slack command text and keeps quoted names together', async () => {
    await sendSigned(url, slashCommandBody({ command: '/call', text: '"Amy Smith" reached', response_url: fake.responseUrl('good-call') }), { signingSecret: SECRET });
    const reply = await fake.waitFor('response_url', responseTo('good-call'));
    expect(shown(reply.body['blocks'])).toContain("Logged reached for Amy Smith's family at 09:40.");
  });

  it('refuses a DSL-only command to office staff', async () => {
    await sendSigned(url, slashCommandBody({ command: '/police', text: 'INC-7', response_url: fake.responseUrl('police') }), { signingSecret: SECRET });
    const reply = await fake.waitFor('response_url', responseTo('police'));
    expect(shown(reply.body['blocks'])).toContain('This needs one of these roles: dsl');
    expect(count('police')).toBe(0);
  });

  it('handles a Claim button: the list is replaced in place with the claim', async () => {
    const payload = blockActionsPayload({ actionId: 'claim', value: 'case-ben', userId: 'U0OFFICE', responseUrl: fake.responseUrl('claim-ben') });
    await sendSigned(url, interactionBody(payload), { signingSecret: SECRET });
    const update = await fake.waitFor('response_url', responseTo('claim-ben'));
    expect(update.body['replace_original']).toBe(true);
    expect(update.body['response_type']).toBe('in_channel');
    expect(shown(update.body['blocks'])).toContain('*Ben Jones* (Year 5) claimed by <@U0OFFICE>');
    expect(demo.claims.get('case-ben')).toBe('U0OFFICE');
  });

  it('opens a modal, then shows field errors for a bad submission and accepts a good one', async () => {
    await sendSigned(url, slashCommandBody({ command: '/reason', text: 'case-amy', trigger_id: 'trig-reason' }), { signingSecret: SECRET });
    const open = await fake.waitFor('views.open');
    expect(open.body['trigger_id']).toBe('trig-reason');
    expect(open.body['view']).toMatchObject({ type: 'modal', callback_id: 'reason', private_metadata: 'case-amy' });

    const bad = viewSubmissionPayload({ callbackId: 'reason', values: { code: { option: 'M' }, note: { text: 'ok' } }, privateMetadata: 'case-amy' });
    const badRes = await sendSigned(url, interactionBody(bad), { signingSecret: SECRET });
    expect(await badRes.json()).toEqual({ response_action: 'errors', errors: { note: 'Write at least a few words' } });
    expect(count('reason-save')).toBe(0);

    const good = viewSubmissionPayload({ callbackId: 'reason', values: { code: { option: 'M' }, note: { text: 'Dentist at 9' } }, privateMetadata: 'case-amy' });
    const goodRes = await sendSigned(url, interactionBody(good), { signingSecret: SECRET });
    expect(goodRes.status).toBe(200);
    expect(demo.runs.filter((r) => r.handler === 'reason-save').map((r) => r.detail)).toEqual([{ code: 'M', note: 'Dentist at 9', caseId: 'case-amy' }]);
    const dm = await fake.waitFor('chat.postMessage', (c) => c.body['channel'] === 'DU0OFFICE');
    expect(shown(dm.body['blocks'])).toContain('Saved M for case-amy.');
  });

  it('publishes App Home with the user’s claimed cases', async () => {
    await sendSigned(url, interactionBody(blockActionsPayload({ actionId: 'claim', value: 'case-cat', userId: 'U0DSL', responseUrl: fake.responseUrl('claim-cat') })), { signingSecret: SECRET });
    await fake.waitFor('response_url', responseTo('claim-cat'));
    const event = eventCallback({ type: 'app_home_opened', user: 'U0DSL', channel: 'D0DSL', tab: 'home', event_ts: '1.1' }, { eventId: 'Ev-home-1' });
    await sendSigned(url, JSON.stringify(event), { signingSecret: SECRET, contentType: 'application/json' });
    const publish = await fake.waitFor('views.publish', (c) => c.body['user_id'] === 'U0DSL');
    const view = shown(publish.body['view']);
    expect(view).toContain('Your claimed cases');
    expect(view).toContain('Cat Patel');
    expect(view).not.toContain('Ben Jones');
  });

  it('refuses a forged signature and a stale timestamp with 401, calling no handler', async () => {
    const before = demo.runs.length;
    const forged = await sendSigned(url, slashCommandBody({ command: '/absences' }), { signingSecret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const tampered = await sendSigned(url, slashCommandBody({ command: '/absences' }), { signingSecret: SECRET, signature: 'v0=deadbeef' });
    expect(tampered.status).toBe(401);
    const stale = await sendSigned(url, slashCommandBody({ command: '/absences' }), { signingSecret: SECRET, timestamp: nowSeconds() - 6 * 60 });
    expect(stale.status).toBe(401);
    expect(demo.runs.length).toBe(before);
  });

  it('refuses a correctly signed body over the cap with 413 before any work, and takes a long button press under it', async () => {
    const before = demo.runs.length;
    const padding = 'x'.repeat(2 * 1024 * 1024);
    // The receiver answers without reading the rest of the body, so the connection is not reused.
    const closing = { signingSecret: SECRET, headers: { connection: 'close' } };
    const huge = await sendSigned(url, slashCommandBody({ command: '/absences', text: padding, response_url: fake.responseUrl('huge') }), closing);
    expect(huge.status).toBe(413);
    expect(await sendSigned(url, slashCommandBody({ command: '/absences', text: 'y'.repeat(SLACK_BODY_LIMIT) }), closing).then((r) => r.status)).toBe(413);
    expect(demo.runs.length).toBe(before);
    expect(fake.calls.filter(responseTo('huge'))).toEqual([]);
    // A press on a long message brings its blocks back, form-encoded: about 90 KB is still taken.
    const longMessage = Array.from({ length: 30 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `"${String(i)}" ${'é'.repeat(400)}` } }));
    const press = interactionBody({ ...blockActionsPayload({ actionId: 'claim', value: 'case-ben', triggerId: 'trig-long', responseUrl: fake.responseUrl('long') }), message: { blocks: longMessage } });
    expect(press.length).toBeGreaterThan(60 * 1024);
    expect(press.length).toBeLessThan(SLACK_BODY_LIMIT);
    expect((await sendSigned(url, press, { signingSecret: SECRET })).status).toBe(200);
    await fake.waitFor('response_url', responseTo('long'));
  });

  it('passes the retry number to the handler when the first attempt never arrived', async () => {
    const body = slashCommandBody({ command: '/absences', channel_id: 'C0LOST', trigger_id: 'trig-lost', response_url: fake.responseUrl('lost') });
    await sendSigned(url, body, { signingSecret: SECRET, headers: { 'x-slack-retry-num': '1' } });
    await fake.waitFor('response_url', responseTo('lost'));
    expect(demo.runs.filter((r) => r.handler === 'absences').at(-1)?.detail).toEqual({ key: 'slack:trig-lost', retryNum: 1 });
  });

  it('runs a retried delivery once when the delivery log has seen it', async () => {
    const body = slashCommandBody({ command: '/absences', channel_id: 'C0RETRY', trigger_id: 'trig-retry', response_url: fake.responseUrl('retry-1') });
    await sendSigned(url, body, { signingSecret: SECRET });
    await fake.waitFor('response_url', responseTo('retry-1'));
    const retry = await sendSigned(url, body, { signingSecret: SECRET, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    // A later delivery completing proves the retry has been fully processed before we count.
    await sendSigned(url, slashCommandBody({ command: '/call', text: '"Cat Patel" voicemail', response_url: fake.responseUrl('after-retry') }), { signingSecret: SECRET });
    await fake.waitFor('response_url', responseTo('after-retry'));
    expect(fake.messages('C0RETRY')).toHaveLength(1);
    expect(demo.runs.filter((r) => r.handler === 'absences' && JSON.stringify(r.detail).includes('trig-retry'))).toEqual([
      { handler: 'absences', detail: { key: 'slack:trig-retry' } },
    ]);

    const event = eventCallback({ type: 'app_home_opened', user: 'U0OFFICE', channel: 'D0OFFICE', tab: 'home', event_ts: '2.2' }, { eventId: 'Ev-retry' });
    const first = JSON.stringify(event);
    await sendSigned(url, first, { signingSecret: SECRET, contentType: 'application/json' });
    await fake.waitFor('views.publish', (c) => c.body['user_id'] === 'U0OFFICE');
    await sendSigned(url, first, { signingSecret: SECRET, contentType: 'application/json', headers: { 'x-slack-retry-num': '2' } });
    await sendSigned(url, slashCommandBody({ command: '/call', text: '"Cat Patel" reached', response_url: fake.responseUrl('after-event-retry') }), { signingSecret: SECRET });
    await fake.waitFor('response_url', responseTo('after-event-retry'));
    expect(fake.callsTo('views.publish').filter((c) => c.body['user_id'] === 'U0OFFICE')).toHaveLength(1);
  });

  it('asks Slack who the bot is once, not before every delivery', async () => {
    await sendSigned(url, slashCommandBody({ command: '/absences', channel_id: 'C0ONCE', response_url: fake.responseUrl('once') }), { signingSecret: SECRET });
    await fake.waitFor('response_url', responseTo('once'));
    expect(demo.runs.length).toBeGreaterThan(5);
    expect(fake.callsTo('auth.test')).toHaveLength(1);
  });
});

describe('acknowledging before the delivery log answers', () => {
  it('acknowledges commands and presses while the delivery log is still busy, then handles them once it answers', async () => {
    let release: (first: boolean) => void = () => undefined;
    const answer = new Promise<boolean>((resolve) => {
      release = resolve;
    });
    const slowLog = { firstTime: () => answer };
    const local = buildDemoRouter(() => app.chat);
    const app = createSlackApp({
      signingSecret: SECRET, botToken: TOKEN, apiUrl: fake.apiUrl, router: local.router, staffDirectory: local.staff,
      deliveryLog: slowLog, schoolForTeam: () => 'school-1', logger: silentLogger, logLevel: 'error',
    });
    const { port } = await app.start(0);
    try {
      const at = `http://127.0.0.1:${String(port)}/slack/events`;
      const command = await sendSigned(at, slashCommandBody({ command: '/call', text: '"Cat Patel" reached', response_url: fake.responseUrl('slow-log') }), { signingSecret: SECRET });
      const press = await sendSigned(at, interactionBody(blockActionsPayload({ actionId: 'claim', value: 'case-amy', userId: 'U0OFFICE', responseUrl: fake.responseUrl('slow-press') })), { signingSecret: SECRET });
      expect([command.status, press.status]).toEqual([200, 200]);
      expect(local.runs).toEqual([]);
      release(true);
      await fake.waitFor('response_url', responseTo('slow-log'));
      await fake.waitFor('response_url', responseTo('slow-press'));
      expect(local.runs.map((r) => r.handler).sort()).toEqual(['call', 'claim']);
    } finally {
      await app.stop();
    }
  });
});
