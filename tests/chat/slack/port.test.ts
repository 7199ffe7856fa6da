import { RespondError } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDeliveryLog, InMemoryStaffDirectory } from '../../../src/chat/in-memory.js';
import { list, message, text } from '../../../src/chat/model.js';
import { ChatRouter } from '../../../src/chat/router.js';
import { createSlackApp, type SlackApp } from '../../../src/chat/slack/app.js';
import { classifySlackError } from '../../../src/chat/slack/errors.js';
import { SlackRenderError } from '../../../src/chat/slack/render-elements.js';
import { FakeSlack, type Json } from '../../support/fake-slack.js';
import { describeChatPortContract } from '../port-contract.js';
import { silentLogger } from '../demo-router.js';

const TOKEN = 'xoxb-port-test';

function shown(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(shown).join('\n');
  if (value && typeof value === 'object') return Object.values(value).map(shown).join('\n');
  return '';
}

/** The clock the port waits out rate limits on. */
let clockMs = Date.parse('2026-11-23T09:00:00Z');

function slackOn(apiUrl: string, token = TOKEN): SlackApp {
  return createSlackApp({
    now: () => clockMs,
    signingSecret: 'unused-in-these-tests',
    botToken: token,
    apiUrl,
    router: new ChatRouter({ logger: silentLogger }),
    staffDirectory: new InMemoryStaffDirectory(),
    deliveryLog: new InMemoryDeliveryLog(),
    schoolForTeam: () => 'school-1',
    logger: silentLogger,
    logLevel: 'error',
  });
}

describeChatPortContract('slack', async () => {
  const fake = await FakeSlack.start({ token: TOKEN });
  const { chat } = slackOn(fake.apiUrl);
  return {
    port: chat,
    shown: (channel) => fake.messages(channel).map((m) => shown(m.blocks)),
    privateTo: (channel, user) => fake.ephemeral.filter((e) => e.channel === channel && e.user === user).map((e) => shown(e.blocks)),
    fileBytes: (id) => fake.files.get(id)?.bytes,
    close: () => fake.close(),
  };
});

describe('Slack port specifics and error mapping', () => {
  let fake: FakeSlack;
  let slack: SlackApp;
  beforeAll(async () => {
    fake = await FakeSlack.start({ token: TOKEN });
    slack = slackOn(fake.apiUrl);
  });
  afterAll(async () => {
    await fake.close();
  });

  it('replies in the thread of the first page of a message', async () => {
    await slack.chat.post('C1', message('Reply', text('Found in the library')), { threadRef: '1763900000.000001,1763900000.000002' });
    expect(fake.callsTo('chat.postMessage').at(-1)?.body['thread_ts']).toBe('1763900000.000001');
  });

  it('deletes pages a shorter update no longer needs', async () => {
    const long = message('Long', list(Array.from({ length: 120 }, (_, i) => ({ text: `Row ${i}`, controls: [{ kind: 'button' as const, actionId: 'tick', label: 'Done', value: `t${i}` }] }))));
    const posted = await slack.chat.post('C-del', long);
    const pages = posted.externalId.split(',');
    expect(pages.length).toBeGreaterThan(2);
    const after = await slack.chat.update('C-del', posted.externalId, message('Short', text('All done')));
    expect(after.externalId).toBe(pages[0]);
    expect(fake.callsTo('chat.delete').map((c) => c.body['ts'])).toEqual(pages.slice(1));
    expect(fake.messages('C-del')).toHaveLength(1);
  });

  const longList = (rows: number) => message('Long', list(Array.from({ length: rows }, (_, i) => ({ text: `Row ${i}`, controls: [{ kind: 'button' as const, actionId: 'tick', label: 'Done', value: `t${i}` }] }))));

  it('after a page Slack accepted and answered 500 for, a retry finds the pages that landed by their mark and posts only the rest', async () => {
    const first = longList(120);
    const before = fake.callsTo('chat.postMessage').length;
    let landedThenFailed = 0;
    // Page 1 goes through; page 2 is posted and answered 500.
    fake.setRule((c) => (c.method === 'chat.postMessage' && c.body['channel'] === 'C-once' && ++landedThenFailed === 2 ? { status: 500, accepted: true } : undefined));
    await expect(slack.chat.post('C-once', first, { deliveryKey: 'incident:1:list' })).rejects.toThrow();
    fake.setRule(undefined);
    expect(fake.messages('C-once')).toHaveLength(2);
    const posted = await slack.chat.post('C-once', first, { deliveryKey: 'incident:1:list', mayHaveLanded: true });
    const shownNow = fake.messages('C-once');
    expect(posted.externalId.split(',')).toEqual(shownNow.map((m) => m.ts));
    expect(shownNow.length).toBeGreaterThan(2);
    // One post per page in all: pages 1 and 2 were not posted again.
    expect(fake.callsTo('chat.postMessage').length - before).toBe(shownNow.length);
    expect(fake.callsTo('conversations.history').at(-1)?.body).toMatchObject({ channel: 'C-once', include_all_metadata: 'true' });
  });

  it('looks in the thread (conversations.replies) for a reply, and posts when nothing with its mark is there', async () => {
    const root = await slack.chat.post('C-thread', message('Card', text('Root')));
    fake.setRule((c) => (c.method === 'chat.postMessage' && c.body['thread_ts'] !== undefined ? { status: 500, accepted: true } : undefined));
    await expect(slack.chat.post('C-thread', message('Alert', text('Reply')), { threadRef: root.externalId, deliveryKey: 'k:reply' })).rejects.toThrow();
    fake.setRule(undefined);
    const again = await slack.chat.post('C-thread', message('Alert', text('Reply')), { threadRef: root.externalId, deliveryKey: 'k:reply', mayHaveLanded: true });
    const replies = fake.messages('C-thread').filter((m) => m.threadTs === root.externalId);
    expect(replies.map((m) => m.ts)).toEqual([again.externalId]);
    expect(fake.callsTo('conversations.replies').at(-1)?.body['ts']).toBe(root.externalId);
    // Another delivery's reply is not mistaken for this one: nothing of k:other is there, so it is posted.
    const other = await slack.chat.post('C-thread', message('Other', text('Other')), { threadRef: root.externalId, deliveryKey: 'k:other', mayHaveLanded: true });
    expect(other.externalId).not.toBe(again.externalId);
    expect(fake.messages('C-thread').filter((m) => m.threadTs === root.externalId)).toHaveLength(2);
  });

  it('without the history scope posts again (a duplicate rather than a loss); while Slack fails the read, it does not post', async () => {
    fake.failNext('conversations.history', { error: 'missing_scope' });
    await slack.chat.post('C-noscope', message('M', text('x')), { deliveryKey: 'k:noscope' });
    await slack.chat.post('C-noscope', message('M', text('x')), { deliveryKey: 'k:noscope', mayHaveLanded: true });
    expect(fake.messages('C-noscope')).toHaveLength(2);
    fake.failNext('conversations.history', { status: 503 });
    const posts = fake.callsTo('chat.postMessage').length;
    await expect(slack.chat.post('C-noscope', message('M', text('x')), { deliveryKey: 'k:noscope2', mayHaveLanded: true })).rejects.toThrow();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(posts);
  });

  it('opens a modal and publishes a home view', async () => {
    await slack.chat.openModal('trig-9', { callbackId: 'reason', title: 'Reason', submitLabel: 'Save', inputs: [{ kind: 'text', id: 'note', label: 'Note' }] });
    expect(fake.callsTo('views.open').at(-1)?.body['view']).toMatchObject({ callback_id: 'reason', type: 'modal' });
    await slack.chat.publishHome('U9', message('Home', text('Nothing claimed')));
    expect(shown(fake.homeViews.get('U9'))).toContain('Nothing claimed');
  });

  it('surfaces a 429 at once, with Retry-After, as retryable; the method waits it out without asking again, then goes', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const error: unknown = await slack.chat.post('C2', message('x', text('x'))).catch((e: unknown) => e);
    expect(slack.chat.classifyError(error)).toEqual({ retryable: true, rateLimited: true, retryAfterMs: 7000, reason: 'rate_limited' });
    const asked = fake.callsTo('chat.postMessage').length;
    clockMs += 5000;
    const waiting: unknown = await slack.chat.post('C9', message('x', text('x'))).catch((e: unknown) => e);
    expect(slack.chat.classifyError(waiting)).toEqual({ retryable: true, rateLimited: true, retryAfterMs: 2000, reason: 'rate_limited' });
    expect(fake.callsTo('chat.postMessage').length).toBe(asked);
    clockMs += 2000;
    await expect(slack.chat.post('C2', message('x', text('x')))).resolves.toMatchObject({ channel: 'C2' });
  });

  it.each([
    ['a 500', { status: 500 as const }, { retryable: true, reason: 'http_500' }],
    ['a 503', { status: 503 as const }, { retryable: true, reason: 'http_503' }],
    ['channel_not_found (held until Rollcall is added)', { error: 'channel_not_found' }, { retryable: true, held: true, reason: 'channel_not_found' }],
    ['internal_error', { error: 'internal_error' }, { retryable: true, reason: 'internal_error' }],
  ])('classifies %s', async (_label, fault, expected) => {
    fake.failNext('chat.update', fault);
    const error: unknown = await slack.chat.update('C3', '1.1', message('x', text('x'))).catch((e: unknown) => e);
    expect(classifySlackError(error)).toEqual(expected);
  });

  it('classifies invalid_auth as final', async () => {
    const wrong = slackOn(fake.apiUrl, 'xoxb-wrong');
    const error: unknown = await wrong.chat.post('C4', message('x', text('x'))).catch((e: unknown) => e);
    expect(classifySlackError(error)).toEqual({ retryable: false, reason: 'invalid_auth' });
  });

  it('classifies an unreachable Slack as a retryable network error', async () => {
    const gone = await FakeSlack.start();
    const apiUrl = gone.apiUrl;
    await gone.close();
    const error: unknown = await slackOn(apiUrl).chat.post('C5', message('x', text('x'))).catch((e: unknown) => e);
    expect(classifySlackError(error)).toEqual({ retryable: true, reason: 'network_error' });
  });

  it.each([
    ['an expired response_url', new RespondError('gone', 404), { retryable: false, reason: 'respond_404' }],
    ['a rate-limited response_url', new RespondError('slow down', 429), { retryable: true, reason: 'respond_429' }],
    ['a rendering bug', new SlackRenderError('too long'), { retryable: false, reason: 'SlackRenderError' }],
  ])('classifies %s', (_label, error, expected) => {
    expect(classifySlackError(error)).toEqual(expected);
  });
});
