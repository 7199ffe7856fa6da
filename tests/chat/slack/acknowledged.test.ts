// Acknowledged Slack requests through the real Bolt receiver: a command is written down before Slack gets
// its 200 and marked handled after its handler ends; when the database cannot take it, the command's
// acknowledgement says nothing was done and no handler runs; one a dead process acknowledged is handled
// at start() through the same listeners; a repeat is dropped. (The kill -9 test with real processes is
// tests/cli/acknowledged-command.e2e.test.ts.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AcknowledgedRequests } from '../../../src/chat/port.js';
import { createSlackApp, type SlackApp } from '../../../src/chat/slack/app.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { sendSigned, slashCommandBody } from '../../support/slack-signing.js';
import { buildDemoRouter, silentLogger } from '../demo-router.js';

const SECRET = 'acknowledged-secret';
const TOKEN = 'xoxb-acknowledged';

/** The inbox as the database keeps it, with a switch for "the database is down". */
class MemoryInbox implements AcknowledgedRequests {
  readonly rows = new Map<string, { body: string | null; handled: boolean; replayed: boolean; seenByHandler?: boolean }>();
  down = false;
  async receive(key: string, body: string): Promise<boolean> {
    if (this.down) throw new Error('connection refused');
    if (this.rows.has(key)) return false;
    this.rows.set(key, { body, handled: false, replayed: false });
    return true;
  }
  async handled(key: string): Promise<void> {
    const row = this.rows.get(key);
    if (row) Object.assign(row, { handled: true, body: null });
  }
  async claimUnhandled(): Promise<{ key: string; body: string }[]> {
    const out: { key: string; body: string }[] = [];
    for (const [key, row] of this.rows) {
      if (row.handled || row.replayed || row.body === null) continue;
      row.replayed = true;
      out.push({ key, body: row.body });
    }
    return out;
  }
}

let fake: FakeSlack;
let slack: SlackApp;
let url: string;
let inbox: MemoryInbox;
let demo: ReturnType<typeof buildDemoRouter>;

async function startApp(): Promise<void> {
  demo = buildDemoRouter(() => slack.chat);
  // What the handler saw of the inbox when it ran: its request must already be written down.
  demo.router.command('/peek', z.array(z.string()), async (ctx) => {
    const row = inbox.rows.get(ctx.delivery.key);
    if (row) row.seenByHandler = true;
    return { summary: 'ok', blocks: [{ kind: 'text', text: row ? 'written down' : 'not written' }] };
  });
  slack = createSlackApp({
    signingSecret: SECRET, botToken: TOKEN, apiUrl: fake.apiUrl, router: demo.router, staffDirectory: demo.staff, deliveryLog: demo.deliveryLog,
    acknowledged: inbox, replayAfterMs: 0, schoolForTeam: () => 'school-1', logger: silentLogger, logLevel: 'error',
  });
  const { port } = await slack.start(0);
  url = `http://127.0.0.1:${String(port)}/slack/events`;
}

beforeEach(async () => {
  fake = await FakeSlack.start({ token: TOKEN });
  inbox = new MemoryInbox();
});
afterEach(async () => {
  await slack?.stop();
  await fake?.close();
});

describe('acknowledged Slack requests', () => {
  it('writes a command down before acknowledging it, and forgets its text once handled', async () => {
    await startApp();
    const res = await sendSigned(url, slashCommandBody({ command: '/peek', trigger_id: 'trig-peek', response_url: fake.responseUrl('peek') }), { signingSecret: SECRET });
    expect(res.status).toBe(200);
    const answer = await fake.waitFor('response_url', (c) => c.body['__key'] === 'peek');
    expect(JSON.stringify(answer.body)).toContain('written down');
    await expect.poll(() => inbox.rows.get('slack:trig-peek')).toEqual({ body: null, handled: true, replayed: false, seenByHandler: true });
  });

  it('says at once that nothing was done when the database cannot take the command, and runs nothing', async () => {
    await startApp();
    inbox.down = true;
    const res = await sendSigned(url, slashCommandBody({ command: '/absences', trigger_id: 'trig-down', response_url: fake.responseUrl('down') }), { signingSecret: SECRET });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('could not take this just now');
    await new Promise((r) => setTimeout(r, 200));
    expect(demo.runs).toEqual([]);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' || c.body['__key'] === 'down')).toEqual([]);
  });

  it('handles at start what a dead process acknowledged and never handled, once', async () => {
    const body = new URLSearchParams(slashCommandBody({ command: '/absences', trigger_id: 'trig-dead', channel_id: 'C0DEAD', response_url: fake.responseUrl('dead') }));
    inbox.rows.set('slack:trig-dead', { body: JSON.stringify(Object.fromEntries(body)), handled: false, replayed: false });
    await startApp();
    const answer = await fake.waitFor('response_url', (c) => c.body['__key'] === 'dead');
    expect(JSON.stringify(answer.body)).toContain('Posted 3 pupils');
    expect(fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'C0DEAD')).toHaveLength(1);
    expect(inbox.rows.get('slack:trig-dead')?.handled).toBe(true);
    expect(demo.runs.filter((r) => r.handler === 'absences')).toHaveLength(1);
  });

  it('drops a repeat of a request it has already written down', async () => {
    await startApp();
    const body = slashCommandBody({ command: '/absences', trigger_id: 'trig-twice', response_url: fake.responseUrl('twice') });
    await sendSigned(url, body, { signingSecret: SECRET });
    await fake.waitFor('response_url', (c) => c.body['__key'] === 'twice');
    expect((await sendSigned(url, body, { signingSecret: SECRET, headers: { 'x-slack-retry-num': '1' } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(demo.runs.filter((r) => r.handler === 'absences')).toHaveLength(1);
  });
});
