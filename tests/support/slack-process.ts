// One school on Slack over HTTP, served by real `rollcall start` processes (a fresh data folder, or a
// fresh PostgreSQL database when the suite runs on one) against a fake Slack: for the tests of what a
// killed or stopped process leaves behind. The school is bound to 'C-ATT', 'C-INC' and 'C-SLT' with the
// staff of trustStaff() ('U-TEACH' reports), and has a pupil for each name given.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { cliEnv, startApp, type CliEnv, type RunningApp } from './cli-process.js';
import { createServerDatabaseUrl, usingPostgres } from './db.js';
import { FakeSlack } from './fake-slack.js';
import { seedTrustSchool, slackTrustSchool } from './trust-seed.js';

export const SLACK_PROCESS = { secret: 'process-signing-secret', token: 'xoxb-process', workspace: 'T0PROCESS' } as const;
const READY = /Serving \d+ school/;

export interface SlackProcessSchool {
  slack: FakeSlack;
  where: CliEnv;
  /** The server database's URL; undefined on the embedded database. */
  databaseUrl: string | undefined;
  /** Opens the school's database from the test (close it again: the embedded one has one owner). */
  open(): Promise<Database>;
  /** Starts `rollcall start` and waits until it serves; every app started is killed by close(). */
  start(args?: string[]): Promise<{ app: RunningApp; url: string }>;
  close(): Promise<void>;
}

export async function startSlackProcessSchool(pupils: readonly (readonly [string, string])[]): Promise<SlackProcessSchool> {
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-process-'));
  const slack = await FakeSlack.start({ token: SLACK_PROCESS.token, teamId: SLACK_PROCESS.workspace });
  const databaseUrl = usingPostgres ? await createServerDatabaseUrl() : undefined;
  const where = cliEnv(dir, {
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    SLACK_BOT_TOKEN: SLACK_PROCESS.token, SLACK_SIGNING_SECRET: SLACK_PROCESS.secret, SLACK_API_URL: slack.apiUrl, PORT: '0',
  });
  const open = () => (databaseUrl ? openDatabase({ url: databaseUrl, migrate: false }) : openDatabase({ dataDir: join(dir, 'data', 'pglite'), command: 'test' }));
  const db = await open();
  try {
    // seedTrustSchool gives the school an Amy Brown; the other names are added beside her.
    const schoolId = await seedTrustSchool(db, slackTrustSchool('north', SLACK_PROCESS.workspace));
    for (const [i, [first, last]] of pupils.filter(([f, l]) => `${f} ${l}` !== 'Amy Brown').entries()) {
      await db.prisma.pupil.create({ data: { schoolId, upn: `N20000000000${i}`, firstName: first, lastName: last, yearGroup: '3', className: '3A', admissionDate: new Date('2024-09-02T00:00:00Z') } });
    }
  } finally {
    await db.close();
  }
  const apps: RunningApp[] = [];
  return {
    slack, where, databaseUrl, open,
    async start(args = []) {
      const app = await startApp(where, READY, args);
      apps.push(app);
      const port = /HTTP on port (\d+)/.exec(app.output())?.[1];
      expect(port).toBeDefined();
      return { app, url: `http://127.0.0.1:${port}/slack/events` };
    },
    async close() {
      for (const app of apps) if (app.child.exitCode === null) app.child.kill('SIGKILL');
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
