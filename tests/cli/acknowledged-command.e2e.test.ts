// An acknowledged /missing is never lost, with real processes: `rollcall start` on Slack over HTTP takes
// four signed /missing commands, each gets Slack's 200, and the process is killed with SIGKILL at once
// (Slack never sends a command again after its 200). After a restart every pupil has exactly one
// incident, its card is in the incidents channel once, and every reporter got "Search started".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { seedTrustSchool, type TrustSchool } from '../app/trust-seed.js';
import { cliEnv, startApp, type CliEnv, type RunningApp } from '../support/cli-process.js';
import { createServerDatabaseUrl, usingPostgres } from '../support/db.js';
import { FakeSlack } from '../support/fake-slack.js';
import { sendSigned, slashCommandBody } from '../support/slack-signing.js';

const SECRET = 'kill-signing-secret';
const TOKEN = 'xoxb-kill';
const WORKSPACE = 'T0KILL';
const READY = /Serving \d+ school/;
const PUPILS = [['Amy', 'Brown'], ['Ben', 'Carter'], ['Cara', 'Dunn'], ['Dev', 'Evans']] as const;

const school: TrustSchool = {
  slug: 'north',
  binding: { slack: { teamId: WORKSPACE, channelIds: { attendance: 'C-ATT', incidents: 'C-INC', leadership: 'C-SLT' } } },
  staff: { head: { slack: 'U-HEAD', teams: 'aad-head' }, office: { slack: 'U-OFFICE', teams: 'aad-office' }, teacher: { slack: 'U-TEACH', teams: 'aad-teach' }, dsl: { slack: 'U-DSL', teams: 'aad-dsl' } },
};

let dir: string;
let slack: FakeSlack;
let where: CliEnv;
let databaseUrl: string | undefined;
const apps: RunningApp[] = [];

function open(): Promise<Database> {
  return databaseUrl ? openDatabase({ url: databaseUrl, migrate: false }) : openDatabase({ dataDir: join(dir, 'data', 'pglite'), command: 'test' });
}

async function start(): Promise<{ app: RunningApp; url: string }> {
  const app = await startApp(where, READY);
  apps.push(app);
  const port = /HTTP on port (\d+)/.exec(app.output())?.[1];
  expect(port).toBeDefined();
  return { app, url: `http://127.0.0.1:${port}/slack/events` };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rollcall-kill-'));
  slack = await FakeSlack.start({ token: TOKEN, teamId: WORKSPACE });
  databaseUrl = usingPostgres ? await createServerDatabaseUrl() : undefined;
  where = cliEnv(dir, { ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, PORT: '0' });
  const db = await open();
  try {
    const schoolId = await seedTrustSchool(db, school);
    for (const [i, [first, last]] of PUPILS.slice(1).entries()) {
      await db.prisma.pupil.create({ data: { schoolId, upn: `N20000000000${i}`, firstName: first, lastName: last, yearGroup: '3', className: '3A', admissionDate: new Date('2024-09-02T00:00:00Z') } });
    }
  } finally {
    await db.close();
  }
}, 180_000);

afterAll(async () => {
  for (const app of apps) if (app.child.exitCode === null) app.child.kill('SIGKILL');
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an acknowledged command survives kill -9', () => {
  it('raises every acknowledged /missing after a restart, once each, and answers every reporter', async () => {
    const first = await start();
    const sentAt = Date.now();
    const answers = await Promise.all(PUPILS.map(([f, l], i) => sendSigned(first.url, slashCommandBody({
      command: '/missing', text: `${f} ${l} by the gate`, user_id: 'U-TEACH', team_id: WORKSPACE, channel_id: 'C-ATT', channel_name: 'attendance',
      response_url: slack.responseUrl(`kill-${i}`), trigger_id: `kill-trigger-${i}`,
    }), { signingSecret: SECRET })));
    first.app.child.kill('SIGKILL');
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await first.app.exited;

    // On PostgreSQL another replica could still be handling a young request, so a restart takes over
    // only those older than 10 s; the embedded database has one owner and takes them over at once.
    if (databaseUrl) await new Promise((r) => setTimeout(r, Math.max(0, sentAt + 10_500 - Date.now())));
    const second = await start();
    for (const i of PUPILS.keys()) {
      const answer = await slack.waitFor('response_url', (c) => c.body['__key'] === `kill-${i}` && JSON.stringify(c.body).includes('Search started'), 30_000);
      expect(JSON.stringify(answer.body)).toContain(PUPILS[i]![0]);
    }
    for (const [f, l] of PUPILS) await slack.waitFor('chat.postMessage', (c) => c.body['channel'] === 'C-INC' && JSON.stringify(c.body).includes(`MISSING: ${f} ${l}`), 30_000);
    second.app.child.kill('SIGTERM');
    expect(await second.app.exited).toBe(0);

    const db = await open();
    try {
      const incidents = await db.prisma.missingPupilIncident.findMany({ include: { pupil: true } });
      expect(incidents.map((i) => `${i.pupil.firstName} ${i.pupil.lastName}`).sort()).toEqual(PUPILS.map(([f, l]) => `${f} ${l}`));
      const pending = await db.prisma.processedDelivery.count({ where: { body: { not: null } } });
      expect(pending).toBe(0); // every request handled, and its text forgotten
    } finally {
      await db.close();
    }
    for (const [f, l] of PUPILS) {
      const cards = slack.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'C-INC' && JSON.stringify(c.body).includes(`MISSING: ${f} ${l}`) && c.body['thread_ts'] === undefined);
      expect(cards).toHaveLength(1);
    }
  }, 180_000);
});
