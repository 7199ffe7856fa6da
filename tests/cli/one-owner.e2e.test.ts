// One owner of the embedded database, with real processes: a running Rollcall owns ./data; a second
// `rollcall start` is refused naming it and writes nothing; an import from the command line goes through
// the running app (which sees it at once); the database is whole afterwards; a killed owner's lock does
// not lock the school out. On PostgreSQL, several processes work side by side with no lock at all.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { lockDataFolder } from '../../src/db/data-folder-lock.js';
import { cliEnv, runCli, startApp, type CliEnv, type RunningApp } from '../support/cli-process.js';
import { createServerDatabaseUrl, usingPostgres } from '../support/db.js';
import { FakeSlack } from '../support/fake-slack.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/small-school');
const READY = /Serving \d+ school/;
const FORWARDED = /run by the Rollcall app that owns \.\/data\/pglite, pid (\d+)/;

let dir: string;
let slack: FakeSlack;
let where: CliEnv;
const apps: RunningApp[] = [];

function lockFile(): { id: string; pid: number; endpoint?: { port: number } } | undefined {
  const path = join(dir, 'data', 'pglite.lock');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

async function untilAdvertised(): Promise<void> {
  for (let i = 0; i < 200 && !lockFile()?.endpoint; i++) await new Promise((r) => setTimeout(r, 50));
}

async function start(): Promise<RunningApp> {
  const app = await startApp(where, READY);
  apps.push(app);
  return app;
}

async function stop(app: RunningApp, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  app.child.kill(signal);
  return app.exited;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rollcall-owner-'));
  slack = await FakeSlack.start();
  const database = usingPostgres ? { DATABASE_URL: await createServerDatabaseUrl() } : {};
  where = cliEnv(dir, { ...database, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'test-signing-secret', SLACK_API_URL: slack.apiUrl, PORT: '0' });
  writeFileSync(join(dir, 'pupils.csv'), readFileSync(join(FIXTURES, 'pupils.csv'), 'utf8').replace('Ava,Adams', 'Avery,Adams'));
  const added = await runCli(where, ['school', 'add', 'small', '--policy', join(FIXTURES, 'policy.yaml')]);
  expect(added.stderr).toBe('');
  const imported = await runCli(where, ['import', '--school', 'small', join(FIXTURES, 'pupils.csv'), join(FIXTURES, 'marks.csv')]);
  expect(imported.stdout).toContain('pupils.csv: 6 rows: 6 added');
}, 180_000);

afterAll(async () => {
  for (const app of apps) if (app.child.exitCode === null) app.child.kill('SIGKILL');
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(usingPostgres)('the embedded database has one owner', () => {
  it('refuses a second start naming the running one, hands an import to it, and leaves the database whole', async () => {
    const app = await start();
    await untilAdvertised();
    const owner = lockFile()!;
    expect(owner.pid).toBe(app.child.pid);

    const second = await runCli(where, ['start']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Rollcall is running (pid ${app.child.pid}`);
    expect(second.stderr).toContain('./data/pglite');
    expect(second.stderr).toMatch(/stop it first .*kill \d+/);
    expect(second.stdout).not.toMatch(READY);
    expect(lockFile()!.id).toBe(owner.id); // still the first process's

    const renamed = await runCli(where, ['import', '--school', 'small', 'pupils.csv']);
    expect(renamed.stdout).toContain('pupils.csv: 6 rows: 0 added, 1 updated, 5 unchanged');
    expect(renamed.stderr).toMatch(FORWARDED);
    expect(renamed.stderr).toContain(`pid ${app.child.pid}`);

    // The running app answers reads from what it holds, so it has the new name.
    const report = await runCli(where, ['report', 'pupils', '--school', 'small', '--date', '2025-01-10', '--format', 'json']);
    expect(report.code).toBe(0);
    expect(report.stderr).toMatch(FORWARDED);
    expect(JSON.parse(report.stdout)).toHaveLength(6);

    expect(await stop(app)).toBe(0);
    expect(lockFile()).toBeUndefined();

    const db = await openDatabase({ dataDir: join(dir, 'data', 'pglite'), migrate: false });
    try {
      const pupils = await db.prisma.pupil.findMany({ select: { upn: true, firstName: true } });
      expect(pupils).toHaveLength(6);
      expect(pupils.filter((p) => p.upn === 'A100000000001')).toEqual([{ upn: 'A100000000001', firstName: 'Avery' }]);
      // What the corrupted database failed: its unique indexes rebuild without a duplicate key.
      await db.sql.withConnection((c) => c.exec('REINDEX TABLE "Pupil"'));
      // One update, written once, by the one process that owned the database.
      expect(await db.prisma.auditEvent.count({ where: { action: 'pupil.updated' } })).toBe(1);
    } finally {
      await db.close();
    }
  }, 180_000);

  it('refuses a command while another one-off command holds the database, writing nothing', async () => {
    const held = await lockDataFolder(join(dir, 'data', 'pglite'), 'rollcall import');
    try {
      const refused = await runCli(where, ['school', 'add', 'other', '--policy', join(FIXTURES, 'policy.yaml')]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`Another rollcall command (pid ${process.pid}: \`rollcall import\``);
      expect(refused.stderr).toContain('Wait for it to finish');
    } finally {
      held.release();
    }
    const schools = await runCli(where, ['report', 'pupils', '--school', 'other']);
    expect(schools.stderr).toContain('no school "other"');
  }, 120_000);

  it('takes over the lock of an owner that was killed', async () => {
    const app = await start();
    await untilAdvertised();
    expect(await stop(app, 'SIGKILL')).toBeNull();
    expect(lockFile()?.pid).toBe(app.child.pid); // left behind by the kill

    const report = await runCli(where, ['report', 'pupils', '--school', 'small', '--date', '2025-01-10', '--format', 'json']);
    expect(report.code).toBe(0);
    expect(report.stderr).not.toMatch(FORWARDED);
    expect(JSON.parse(report.stdout).map((p: { upn: string }) => p.upn)).toContain('A100000000001');
    expect(lockFile()).toBeUndefined();
  }, 180_000);
});

describe.runIf(usingPostgres)('on PostgreSQL several processes share the database', () => {
  it('runs two apps and an import side by side, with no lock', async () => {
    const first = await start();
    const second = await start();
    const renamed = await runCli(where, ['import', '--school', 'small', 'pupils.csv']);
    expect(renamed.stdout).toContain('pupils.csv: 6 rows: 0 added, 1 updated, 5 unchanged');
    expect(renamed.stderr).not.toMatch(/run by the Rollcall app/);
    expect(existsSync(join(dir, 'data'))).toBe(false);
    expect(await stop(first)).toBe(0);
    expect(await stop(second)).toBe(0);
  }, 180_000);
});
