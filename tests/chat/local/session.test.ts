import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalChatPort } from '../../../src/chat/local/port.js';
import { renderText } from '../../../src/chat/local/render-text.js';
import { LocalChat } from '../../../src/chat/local/session.js';
import { runTerminal } from '../../../src/chat/local/terminal.js';
import { startLocalWeb, type LocalWeb } from '../../../src/chat/local/web.js';
import type { ChatPort } from '../../../src/chat/port.js';
import { buildDemoRouter } from '../demo-router.js';

function setup(userId = 'office') {
  const port = new LocalChatPort({ print: () => undefined });
  const demo = buildDemoRouter((): ChatPort => port);
  const chat = new LocalChat({ router: demo.router, staffDirectory: demo.staff, port, schoolId: 'school-1', userId });
  const shown = (channel: string, viewer = chat.userId) => port.messages(channel, viewer).map((p) => renderText(p.message));
  return { port, demo, chat, shown };
}

describe('local session: the same commands and buttons as Slack', () => {
  it('runs a slash command that posts to the channel and answers privately', async () => {
    const { chat, shown, port } = setup();
    await chat.run('/absences');
    const posts = port.messages('office', 'office');
    expect(posts.map((p) => p.visibleTo)).toEqual([undefined, 'office']);
    expect(shown('office')[0]).toContain('[Claim] (claim:case-amy)');
    expect(shown('office')[1]).toBe('Posted 3 pupils to the channel.');
    expect(shown('office', 'dsl')).toHaveLength(1);
  });

  it('presses a button and updates that post in place', async () => {
    const { chat, port, demo } = setup();
    await chat.run('/absences');
    await chat.run('press claim:case-ben');
    const [list] = port.messages('office');
    expect(list?.edits).toBe(1);
    expect(renderText(list?.message ?? { summary: '', blocks: [] })).toContain('Ben Jones (Year 5) claimed by @office');
    expect(demo.claims.get('case-ben')).toBe('office');
    expect(await chat.run('press claim:case-ben')).toBe('No button claim:case-ben is on screen.');
  });

  it('answers bad arguments and missing roles privately, calling no handler', async () => {
    const { chat, shown, demo } = setup();
    await chat.run('/call Amy Smith reached');
    await chat.run('/police INC-1');
    expect(shown('office').join('\n')).toMatch(/Too many arguments[\s\S]*This needs one of these roles: dsl/);
    expect(demo.runs).toEqual([]);
    expect(await chat.run('as dsl')).toMatch(/^Now acting as dsl \(/);
    await chat.run('/police INC-1');
    expect(demo.runs.map((r) => r.handler)).toEqual(['police']);
  });

  it('opens a form and submits it, with field errors first', async () => {
    const { chat, demo, port } = setup();
    await chat.run('/reason case-amy');
    expect(port.pendingModals.get('office')?.callbackId).toBe('reason');
    expect(await chat.run('submit reason code=M note=ok')).toBe('The form needs another look:\n  note: Write at least a few words');
    expect(await chat.run('submit reason code=M note="Dentist at 9"')).toBeUndefined();
    expect(demo.runs.at(-1)).toEqual({ handler: 'reason-save', detail: { code: 'M', note: 'Dentist at 9', caseId: 'case-amy' } });
    expect(port.pendingModals.has('office')).toBe(false);
    expect(port.messages('@office').map((p) => renderText(p.message))).toEqual(['Saved M for case-amy.']);
  });

  it('shows the home view and switches channel', async () => {
    const { chat } = setup('dsl');
    await chat.run('/absences');
    await chat.run('press claim:case-cat');
    expect(await chat.run('home')).toContain('  - Cat Patel');
    expect(await chat.run('in #safeguarding')).toBe('Now in #safeguarding.');
    await chat.run('/absences');
    expect(chat.port.channels()).toEqual(['office', 'safeguarding']);
  });

  it('reads lines from a terminal stream until it ends', async () => {
    const { chat, demo } = setup();
    const input = new PassThrough();
    const output = new PassThrough();
    const written: string[] = [];
    output.on('data', (c: Buffer) => written.push(c.toString()));
    const done = runTerminal(chat, { input, output });
    input.end('/call "Amy Smith" reached\nfly away\n');
    await done;
    expect(demo.runs.map((r) => r.handler)).toEqual(['call']);
    expect(written.join('')).toContain('Not understood: fly away');
  });
});

describe('local web page', () => {
  let web: LocalWeb | undefined;
  afterEach(async () => {
    await web?.close();
    web = undefined;
  });

  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual' as const,
  });

  it('shows posts with clickable buttons, runs commands and presses from forms', async () => {
    const { chat, demo } = setup();
    web = await startLocalWeb(chat, 0);
    const sent = await fetch(`${web.url}/command`, form({ line: '/absences' }));
    expect(sent.status).toBe(303);
    const page = await (await fetch(`${web.url}/?channel=office`)).text();
    expect(page).toContain('<h3>Unexplained absences, AM</h3>');
    expect(page).toContain('<input type="hidden" name="actionId" value="claim"><input type="hidden" name="value" value="case-amy"><button class="primary">Claim</button>');
    await fetch(`${web.url}/press`, form({ actionId: 'claim', value: 'case-amy' }));
    expect(demo.claims.get('case-amy')).toBe('office');
    const after = await (await fetch(`${web.url}/`)).text();
    expect(after).toContain('<strong>Amy Smith</strong> (Year 3) claimed by <b>@office</b>');
  });

  it('renders an open form and submits it', async () => {
    const { chat, demo } = setup();
    web = await startLocalWeb(chat, 0);
    await fetch(`${web.url}/command`, form({ line: '/reason case-cat' }));
    const page = await (await fetch(`${web.url}/`)).text();
    expect(page).toContain('<input type="hidden" name="__form" value="reason">');
    expect(page).toContain('<textarea name="note"></textarea>');
    await fetch(`${web.url}/submit`, form({ __form: 'reason', code: 'I', note: 'Tummy bug, back Weds' }));
    expect(demo.runs.at(-1)).toEqual({ handler: 'reason-save', detail: { code: 'I', note: 'Tummy bug, back Weds', caseId: 'case-cat' } });
  });

  it('escapes what people typed', async () => {
    const { chat } = setup();
    web = await startLocalWeb(chat, 0);
    await fetch(`${web.url}/command`, form({ line: '/call "<script>x</script>" reached' }));
    const page = await (await fetch(`${web.url}/`)).text();
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
  });
});
