// Local mode (terminal and page share one session) with the real workflows: an ambiguous name answers with
// the candidates as buttons, and pressing one records for the chosen pupil, as on Slack and Teams; typed
// text is shown as text on the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rollcall } from '../../../src/app/rollcall.js';
import { WORKFLOWS } from '../../../src/app/workflows.js';
import type { LocalChatPort } from '../../../src/chat/local/port.js';
import { messageHtml } from '../../../src/chat/local/render-html.js';
import { renderModalText, renderText } from '../../../src/chat/local/render-text.js';
import { LocalChat } from '../../../src/chat/local/session.js';
import { RERUN_ACTION } from '../../../src/chat/router.js';
import type { Database } from '../../../src/db/client.js';
import type { LocalHarness } from '../../support/local-harness.js';
import { localAfterAmClose } from '../unexplained/support.js';

let h: LocalHarness;
let db: Database;
let rollcall: Rollcall;
let port: LocalChatPort;
let chat: LocalChat;
let schoolId = '';

beforeAll(async () => {
  h = await localAfterAmClose(WORKFLOWS);
  ({ db, rollcall, port, schoolId } = h);
  chat = h.session('S002', 'attendance');
}, 120_000);
afterAll(async () => h?.close());

const lastAnswer = () => renderText(port.messages('attendance', 'S002').at(-1)!.message);

describe('an ambiguous name in local mode', () => {
  it('lists the candidates with a button each, and a press logs the call for the chosen pupil', async () => {
    await chat.run('/call Amy no-answer rang twice');
    const answer = lastAnswer();
    expect(answer).toContain('Amy Brown, Y3, 3B, UPN A100000000001');
    expect(answer).toContain(`(${RERUN_ACTION}:/call A100000000001 no-answer rang twice)`);
    expect(await db.prisma.contactAttempt.count()).toBe(0);

    // Typed in the terminal exactly as printed beside the button: the value runs to the end of the line.
    await chat.run(`press ${RERUN_ACTION}:/call A100000000001 no-answer rang twice`);
    expect(lastAnswer()).toContain('Logged no answer for Amy Brown');
    const attempt = await db.prisma.contactAttempt.findFirstOrThrow({ include: { case: { include: { pupil: true } } } });
    expect([attempt.case?.pupil.lastName, attempt.outcome, attempt.note]).toEqual(['Brown', 'no-answer', 'rang twice']);
  });
});

describe('typed text in local mode', () => {
  it('shows a last-seen note as text on the page: no link, image, mention or tag', async () => {
    const typed = '{{user:S001}} [Click to verify](https://evil.example/login) ![x](https://evil.example/x.png) <img src=x onerror=alert(1)> **loud**';
    await chat.run(`/missing lily evans ${typed}`);
    await rollcall.outbox.drain();
    const posts = port.messages('incidents');
    expect(posts.length).toBeGreaterThan(0);
    const html = posts.map((p) => messageHtml(p.message)).join('\n');
    expect(html).toContain('[Click to verify](https://evil.example/login)');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('**loud**');
    expect(html).not.toContain('<a ');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('@S001');
    expect(renderText(posts[0]!.message)).toContain(typed);
  });
});

describe('the terminal says what it does', () => {
  it('lists the commands with their usage on plain help, then the local verbs', async () => {
    const verbs = await chat.run('help');
    const commands = lastAnswer();
    for (const usage of ['/absences [today|yesterday|YYYY-MM-DD] [page N]', '/call', '/missing', '/reason']) expect(commands).toContain(usage);
    expect(verbs).toContain('as <staff id>');
    expect(verbs).toContain('press <action>:<value>');
  });

  it('refuses to act as someone not on the staff list, and keeps who you were', async () => {
    expect(await chat.run('as X999')).toBe('Nobody on the staff list has the id X999; you are still S002. Staff ids are the staff_id column of staff.csv (e.g. S001).');
    expect(chat.userId).toBe('S002');
    expect(await chat.run('as S001')).toBe('Now acting as S001 (Helen Carter: headteacher, dsl).');
    expect(await chat.run('as S002')).toMatch(/^Now acting as S002 \(Clare Fell: office\)/);
  });

  it('refuses a channel the school does not have, naming the ones it has', async () => {
    const here = new LocalChat({ router: rollcall.router, staffDirectory: rollcall.staffDirectory, port, schoolId, userId: 'S002', channel: 'attendance', channels: ['attendance', 'incidents', 'leadership'] });
    expect(await here.run('in #nowhere')).toBe('There is no channel #nowhere; you are still in #attendance. Channels: #attendance, #incidents, #leadership.');
    expect(here.channel).toBe('attendance');
    expect(await here.run('in #incidents')).toBe('Now in #incidents.');
  });

  it('lists a form\'s contacts by name and takes the number printed beside one', async () => {
    const amy = await db.prisma.unexplainedAbsence.findFirstOrThrow({ where: { pupil: { upn: 'A100000000001' } } });
    expect(await chat.run(`press unexplained.log-call:${amy.id}`)).toBeUndefined();
    const form = renderModalText(port.pendingModals.get('S002')!);
    expect(form).toContain('contact (a number below, optional): Who was contacted');
    expect(form).toContain('\n      2  2. Tom Brown (Father)');
    const contacts = await db.prisma.emergencyContact.findMany({ where: { pupilId: amy.pupilId } });
    for (const c of contacts) expect(form).not.toContain(c.id);
    expect(await chat.run('submit unexplained.log-call contact=2 outcome=voicemail')).toBeUndefined();
    const attempt = await db.prisma.contactAttempt.findFirstOrThrow({ where: { outcome: 'voicemail' }, include: { contact: true } });
    expect(attempt.contact?.name).toBe('Tom Brown');
  });
});
