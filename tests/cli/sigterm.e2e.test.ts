// SIGTERM with real processes: `rollcall start` on Slack over HTTP takes four signed /missing commands while
// Slack answers every post two seconds late, and is sent SIGTERM while posts are in flight. It exits within
// a few seconds; the posts in flight finished and are recorded sent; everything else is still queued, and a
// restart sends it, each card once. A SIGTERM while the app is still starting ends it too, and the next
// start finds everything as it was.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLLCALL_BIN } from '../support/cli-process.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { SLACK_PROCESS, startSlackProcessSchool, type SlackProcessSchool } from '../support/slack-process.js';
import { sendSigned, slashCommandBody } from '../support/slack-signing.js';

const { secret: SECRET, workspace: WORKSPACE } = SLACK_PROCESS;
const READY = /Serving \d+ school/;
const PUPILS = [['Amy', 'Brown'], ['Ben', 'Carter'], ['Cara', 'Dunn'], ['Dev', 'Evans']] as const;
const SLOW_MS = 2000;

let school: SlackProcessSchool;
let slack: FakeSlack;
const start = () => school.start();
const open = () => school.open();

async function outbox(): Promise<Record<string, number>> {
  const db = await open();
  try {
    const rows = await db.prisma.outboxMessage.groupBy({ by: ['status'], _count: true });
    return Object.fromEntries(rows.map((r) => [r.status, r._count]));
  } finally {
    await db.close();
  }
}

/** Waits until Slack has had no call for `ms` (the restarted app has sent what was queued). */
async function quiet(ms: number): Promise<void> {
  for (let seen = -1; seen !== slack.calls.length;) {
    seen = slack.calls.length;
    await new Promise((r) => setTimeout(r, ms));
  }
}

const cardPosts = (f: string, l: string) => slack.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'C-INC' && c.body['thread_ts'] === undefined && JSON.stringify(c.body).includes(`MISSING: ${f} ${l}`));

beforeAll(async () => {
  school = await startSlackProcessSchool(PUPILS);
  slack = school.slack;
}, 180_000);
afterAll(async () => school?.close());

describe('SIGTERM, with real processes', () => {
  it('mid-send: exits within a few seconds, the posts in flight finish, the rest stay queued and go after a restart', async () => {
    const first = await start();
    slack.setLatency((c) => (c.method === 'chat.postMessage' ? SLOW_MS : 0));
    const answers = await Promise.all(PUPILS.map(([f, l], i) => sendSigned(first.url, slashCommandBody({
      command: '/missing', text: `${f} ${l} by the gate`, user_id: 'U-TEACH', team_id: WORKSPACE, channel_id: 'C-ATT', channel_name: 'attendance',
      response_url: slack.responseUrl(`term-${i}`), trigger_id: `term-trigger-${i}`,
    }), { signingSecret: SECRET })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await slack.waitFor('chat.postMessage', () => true, 30_000);
    const termAt = Date.now();
    first.app.child.kill('SIGTERM');
    expect(await first.app.exited).toBe(0);
    const took = Date.now() - termAt;
    expect(took).toBeLessThan(10_000); // the 5 s grace for sends in flight, and closing the database
    const inFlight = slack.callsTo('chat.postMessage').length;
    slack.setLatency(undefined);

    const after = await outbox();
    // Every post Slack received before the stop was answered and recorded; nothing died; the rest wait.
    expect(after['sent'] ?? 0).toBeGreaterThanOrEqual(inFlight);
    expect(after['pending'] ?? 0).toBeGreaterThan(0);
    expect(after['dead'] ?? 0).toBe(0);

    const second = await start();
    for (const [f, l] of PUPILS) await slack.waitFor('chat.postMessage', (c) => c.body['channel'] === 'C-INC' && JSON.stringify(c.body).includes(`MISSING: ${f} ${l}`), 30_000);
    await quiet(1500);
    second.app.child.kill('SIGTERM');
    expect(await second.app.exited).toBe(0);
    for (const [f, l] of PUPILS) expect(cardPosts(f, l)).toHaveLength(1);
    expect((await outbox())['pending'] ?? 0).toBe(0);
  }, 180_000);

  it('during start: ends within a few seconds, and the next start finds everything as it was', async () => {
    const child = spawn(process.execPath, [ROLLCALL_BIN, 'start'], { cwd: school.where.cwd, env: school.where.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    // Early enough that it is still starting on a fast, quiet machine (loading, opening the database,
    // catching up): the check below says so, or this case would not be testing a stop during start.
    await new Promise((r) => setTimeout(r, 400));
    expect(output).not.toMatch(READY);
    const termAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    expect(Date.now() - termAt).toBeLessThan(10_000);
    // Before the database is open Node's default ends it (no code); after, the app closes it and exits 0.
    expect([0, null]).toContain(code);
    const again = await start();
    again.app.child.kill('SIGTERM');
    expect(await again.app.exited).toBe(0);
    const db = await open();
    try {
      expect(await db.prisma.missingPupilIncident.count()).toBe(PUPILS.length);
    } finally {
      await db.close();
    }
  }, 120_000);
});
