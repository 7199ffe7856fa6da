// `npm start -- --mis wonde`, as a newcomer with no Wonde account runs it: the real process serves local
// mode with the demo school synced from a local fake Wonde, and `rollcall mis status` (handed to the
// running app, which owns the embedded database) shows that sync: from Wonde, what it read, no failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, startApp, type CliEnv, type RunningApp } from '../support/cli-process.js';
import { createServerDatabaseUrl, usingPostgres } from '../support/db.js';

let dir: string;
let where: CliEnv;
let app: RunningApp | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rollcall-demo-wonde-'));
  const database = usingPostgres ? { DATABASE_URL: await createServerDatabaseUrl() } : {};
  where = cliEnv(dir, { ...database, PORT: '0' });
});
afterAll(async () => {
  if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo school fed from a local fake Wonde', () => {
  it('starts local mode synced from the fake, and rollcall mis status shows the sync', async () => {
    app = await startApp(where, /synced from a local fake Wonde at http:\/\/127\.0\.0\.1:\d+/, ['--mis', 'wonde']);
    const status = await runCli(where, ['mis', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('demo: register from wonde');
    expect(status.stdout).toMatch(/register data as of .* \(\d+ min ago, by wonde\)/);
    expect(status.stdout).toMatch(/last sync read .*\b[1-9]\d* pupils/);
    expect(status.stdout).toContain('syncing normally');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  }, 240_000);
});
