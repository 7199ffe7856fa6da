// How each kind of handler answer to a card press comes back in Teams (one invoke response per press):
// a form for the presser only, answers with buttons sent to the 1:1 chat, a select's chosen value,
// refresh-plus-reply, and the router's refusals. Also how typed commands are read.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InMemoryDeliveryLog } from '../../../src/chat/in-memory.js';
import { button, list, message, text } from '../../../src/chat/model.js';
import { ChatRouter } from '../../../src/chat/router.js';
import type { TeamsApp } from '../../../src/chat/teams/app.js';
import { FormSigner } from '../../../src/chat/teams/form-signing.js';
import { parseCommandText } from '../../../src/chat/teams/inbound/commands.js';
import { cardsOf, FakeBotConnector, shownText, type Json } from '../../support/fake-bot-connector.js';
import { actionExecuteActivity, postActivity, type TeamsScene } from '../../support/teams-activity.js';
import { silentLogger } from '../demo-router.js';
import { devApp, executeActions, isRecord, office, OFFICE_CHANNEL, officePost, oneOnOne, sceneOn, shownIn, TENANT } from './scene.js';

let fake: FakeBotConnector;
let teams: TeamsApp;
let scene: TeamsScene;
let url: string;
const got: { handler: string; value: unknown }[] = [];

function router(): ChatRouter {
  return new ChatRouter({ logger: silentLogger })
    .action('note', z.string(), async (ctx, caseId) => {
      got.push({ handler: 'note', value: caseId });
      await ctx.openModal({ callbackId: 'note', title: 'Add a note', submitLabel: 'Save', inputs: [{ kind: 'text', id: 'note', label: 'Note' }], privateMetadata: caseId });
    })
    .view('note', z.object({ note: z.string() }), (_ctx, values, input) => {
      got.push({ handler: 'note-save', value: { ...values, caseId: input.privateMetadata } });
      return message('Noted', text(`Noted for ${input.privateMetadata}.`));
    })
    .action('pick', z.string(), () => message('Which Amy?', text('Two pupils match.'), list([{ text: 'Amy Smith (Y3)', controls: [button('choose', 'This one', 'p-1')] }])))
    .action('code', z.enum(['I', 'M']), (_ctx, code) => {
      got.push({ handler: 'code', value: code });
      return message('Saved', text(`Code ${code} saved.`));
    })
    .action('quiet', z.string(), () => undefined)
    .action('tick', z.string(), async (ctx, task) => {
      await ctx.respond(message('Checklist', text(`~${task}~ done`)));
      await ctx.reply(message('Thanks', text('Ticked. The DSL has been told.')));
    });
}

async function press(verb: string, data: Record<string, unknown>): Promise<Record<string, Json>> {
  const card = fake.messages(OFFICE_CHANNEL)[0];
  if (!card) throw new Error('no card to press');
  const res = await postActivity(url, actionExecuteActivity(scene, officePost(card.id), office, { verb, data, cardActivityId: card.id }));
  expect(res.status).toBe(200);
  const body: unknown = await res.json();
  if (!isRecord(body)) throw new Error('no invoke response');
  return body;
}

beforeAll(async () => {
  fake = await FakeBotConnector.start();
  scene = sceneOn(fake);
  const store = devApp({ router: router(), deliveryLog: new InMemoryDeliveryLog() });
  teams = store.teams;
  await store.store.save({
    conversationId: OFFICE_CHANNEL,
    channelName: 'Attendance office',
    tenantId: TENANT,
    reference: { serviceUrl: fake.serviceUrl, channelId: 'msteams', bot: scene.bot, conversation: { id: OFFICE_CHANNEL, conversationType: 'channel', tenantId: TENANT } },
  });
  await teams.chat.post(OFFICE_CHANNEL, message('List', text('Amy Smith'), list([{ text: 'Amy', controls: [button('note', 'Note', 'case-amy')] }])));
  const { port } = await teams.start(0);
  url = `http://127.0.0.1:${String(port)}/api/messages`;
});

afterAll(async () => {
  await teams?.stop();
  await fake?.close();
});

describe('answers to a card press', () => {
  it('returns a form to the presser only, and its answer replaces the form for them', async () => {
    const form = await press('note', { value: 'case-amy' });
    expect(form['type']).toBe('application/vnd.microsoft.card.adaptive');
    const [submit] = executeActions(form['value']);
    expect(submit?.verb).toBe('view:note');
    expect(fake.callsTo('update')).toEqual([]);

    const saved = await press('view:note', { ...submit?.data, note: 'Mum rang at 9' });
    expect(shownText(saved['value'] ?? null)).toBe('Noted for case-amy.');
    expect(got.at(-1)).toEqual({ handler: 'note-save', value: { note: 'Mum rang at 9', caseId: 'case-amy' } });
    // The form was not a posted message, so the shared card is left as it was.
    expect(fake.callsTo('update')).toEqual([]);
  });

  it('sends an answer with buttons of its own to the 1:1 chat', async () => {
    const body = await press('pick', { value: 'amy' });
    expect(body['value']).toBe('Rollcall sent you the details in your chat with Rollcall.');
    const dm = fake.messages(oneOnOne(office.id)).at(-1);
    expect(executeActions(cardsOf(dm?.activity))).toEqual([{ verb: 'choose', data: { value: 'p-1' } }]);
  });

  it('passes the chosen option of a select to the action', async () => {
    const body = await press('code', { input: 'select-3', 'select-3': 'M' });
    expect(body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Code M saved.' });
    expect(got.at(-1)).toEqual({ handler: 'code', value: 'M' });
  });

  it('refreshes the card for everyone and sends the extra answer to the 1:1 chat', async () => {
    const body = await press('tick', { value: 'Call home' });
    expect(shownText(body['value'] ?? null)).toBe('~Call home~ done');
    expect(fake.callsTo('update')).toHaveLength(1);
    expect(shownIn(fake, oneOnOne(office.id)).at(-1)).toBe('Ticked. The DSL has been told.');
  });

  it.each([
    ['a press with nothing to say', 'quiet', { value: 'x' }, 'Done.'],
    ['a button no longer in use', 'retired-button', { value: 'x' }, 'That button is no longer in use'],
    ['a value the action does not expect', 'code', { value: 'Z' }, 'That button carried something Rollcall did not expect'],
  ])('answers %s with a short message', async (_label, verb, data, expected) => {
    const body = await press(verb, data);
    expect(body['type']).toBe('application/vnd.microsoft.activity.message');
    expect(String(body['value'])).toContain(expected);
  });
});

describe('typed commands', () => {
  it.each([
    ['absences', { name: '/absences', text: '' }],
    ['/absences pm', { name: '/absences', text: 'pm' }],
    ['Call "Amy Smith" no_answer', { name: '/call', text: '"Amy Smith" no_answer' }],
    ['call <at>Amy Shah</at> reached&nbsp;now', { name: '/call', text: 'Amy Shah reached now' }],
    ['<p>missing Ben &amp; friends</p>', { name: '/missing', text: 'Ben & friends' }],
    ['   ', { name: '/rollcall', text: '' }],
  ])('%s', (raw, expected) => {
    expect(parseCommandText(raw)).toEqual(expected);
  });
});

describe('FormSigner', () => {
  const signer = new FormSigner('key-1');
  const form = { callbackId: 'reason', inputs: [{ id: 'code', kind: 'text' }], privateMetadata: 'case-1' };

  it('accepts the form it signed, whatever order its keys come back in', () => {
    const sig = signer.sign({ form, posted: true });
    expect(signer.verify({ posted: true, form: { privateMetadata: 'case-1', inputs: [{ kind: 'text', id: 'code' }], callbackId: 'reason' } }, sig)).toBe(true);
  });

  it('refuses a changed form, a changed flag, another key and a missing signature', () => {
    const sig = signer.sign({ form, posted: false });
    expect(signer.verify({ form: { ...form, privateMetadata: 'case-2' }, posted: false }, sig)).toBe(false);
    expect(signer.verify({ form, posted: true }, sig)).toBe(false);
    expect(new FormSigner('key-2').verify({ form, posted: false }, sig)).toBe(false);
    expect(signer.verify({ form, posted: false }, undefined)).toBe(false);
  });
});
