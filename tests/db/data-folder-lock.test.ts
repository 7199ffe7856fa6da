// The embedded data folder's lock: one owner, named to whoever is refused; a lock whose owner is gone is
// taken over (so a crash never locks a school out), and of several processes finding it so, only one wins.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentOwner, DatabaseInUse, lockDataFolder, lockPathFor, removeStaleLock, type OwnerInfo } from '../../src/db/data-folder-lock.js';

let dir: string;
let dataDir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollcall-lock-'));
  dataDir = join(dir, 'pglite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writeLock = (owner: Partial<OwnerInfo>) =>
  writeFileSync(lockPathFor(dataDir), JSON.stringify({ id: 'old', pid: process.pid, host: hostname(), command: 'rollcall start', startedAt: '2026-01-05T08:00:00.000Z', ...owner }));

/** A pid that is certainly not running: a process that has ended. */
function endedPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['-e', '0'], () => resolve(child.pid!));
  });
}

/** A loopback port nobody listens on any more. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function refusal(): Promise<DatabaseInUse> {
  const error = await lockDataFolder(dataDir, 'rollcall import').then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DatabaseInUse);
  return error as DatabaseInUse;
}

describe('data folder lock', () => {
  it('gives the folder to one owner and names it to the next, until released', async () => {
    const lock = await lockDataFolder(dataDir, 'rollcall start');
    expect(lock.owner).toMatchObject({ pid: process.pid, command: 'rollcall start' });
    const refused = await refusal();
    expect(refused.owner.id).toBe(lock.owner.id);
    expect(refused.message).toContain(`Rollcall is running (pid ${process.pid}`);
    expect(refused.message).toContain(`kill ${process.pid}`);
    expect(await currentOwner(dataDir)).toMatchObject({ id: lock.owner.id });
    lock.release();
    expect(await currentOwner(dataDir)).toBeUndefined();
    (await lockDataFolder(dataDir, 'rollcall import')).release();
  });

  it('names a one-off command as one to wait for', async () => {
    const lock = await lockDataFolder(dataDir, 'rollcall import');
    expect((await refusal()).message).toMatch(/Another rollcall command \(pid \d+: `rollcall import`.*Wait for it to finish/);
    lock.release();
  });

  it('keeps the token where only the owner can read it, and advertises its door in one step', async () => {
    const lock = await lockDataFolder(dataDir, 'rollcall start');
    lock.advertise({ port: 4321, token: 'secret' });
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ id: lock.owner.id, endpoint: { port: 4321, token: 'secret' } });
    if (process.platform !== 'win32') expect(statSync(lock.path).mode & 0o077).toBe(0);
    lock.release();
  });

  it('takes over a lock whose process has ended', async () => {
    writeLock({ pid: await endedPid() });
    const lock = await lockDataFolder(dataDir, 'rollcall start');
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).id).toBe(lock.owner.id);
    lock.release();
  });

  it('takes over a lock whose pid runs but whose advertised port is closed (the pid was reused)', async () => {
    writeLock({ endpoint: { port: await closedPort(), token: 't' } });
    const lock = await lockDataFolder(dataDir, 'rollcall start');
    lock.release();
  });

  it('does not take a lock whose owner still listens', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    writeLock({ endpoint: { port: (server.address() as { port: number }).port, token: 't' } });
    try {
      expect((await refusal()).owner.id).toBe('old');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("refuses another computer's lock and says how to clear it", async () => {
    writeLock({ host: 'office-pc-2', pid: await endedPid() });
    const refused = await refusal();
    expect(refused.message).toContain('another computer (office-pc-2');
    expect(refused.message).toContain('delete');
    expect(refused.message).toContain('pglite.lock');
  });

  it('replaces a lock file it cannot read once it is a minute old, not before', async () => {
    writeFileSync(lockPathFor(dataDir), '{"half": ');
    const early = lockDataFolder(dataDir, 'rollcall start');
    await new Promise((r) => setTimeout(r, 120));
    const old = new Date(Date.now() - 120_000);
    utimesSync(lockPathFor(dataDir), old, old);
    const lock = await early;
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).id).toBe(lock.owner.id);
    lock.release();
  });

  it('does not remove a lock another process holds when releasing its own', async () => {
    const lock = await lockDataFolder(dataDir, 'rollcall start');
    writeLock({ id: 'someone-else' });
    lock.release();
    expect(JSON.parse(readFileSync(lockPathFor(dataDir), 'utf8')).id).toBe('someone-else');
  });

  it('removes only the very lock judged stale: not a new owner that got in meanwhile', async () => {
    writeLock({ id: 'stale', pid: await endedPid() });
    const stale = JSON.parse(readFileSync(lockPathFor(dataDir), 'utf8')) as OwnerInfo;
    writeLock({ id: 'new-owner' }); // another process took over between our look and our removal
    removeStaleLock(lockPathFor(dataDir), stale);
    expect(JSON.parse(readFileSync(lockPathFor(dataDir), 'utf8')).id).toBe('new-owner');
    writeLock({ id: 'stale', pid: stale.pid });
    removeStaleLock(lockPathFor(dataDir), stale);
    expect(existsSync(lockPathFor(dataDir))).toBe(false);
  });

  it('waits while another process is taking over, and clears a takeover left by a killed process', async () => {
    writeLock({ id: 'stale', pid: await endedPid() });
    const stale = JSON.parse(readFileSync(lockPathFor(dataDir), 'utf8')) as OwnerInfo;
    const guard = `${lockPathFor(dataDir)}.takeover`;
    mkdirSync(guard);
    removeStaleLock(lockPathFor(dataDir), stale); // someone else is at it: leave it to them
    expect(existsSync(lockPathFor(dataDir))).toBe(true);
    const old = new Date(Date.now() - 60_000);
    utimesSync(guard, old, old);
    const lock = await lockDataFolder(dataDir, 'rollcall start');
    expect(existsSync(guard)).toBe(false);
    lock.release();
  });

  it('lets exactly one of several processes take over the same stale lock', async () => {
    writeLock({ pid: await endedPid() });
    const module = new URL('../../src/db/data-folder-lock.ts', import.meta.url).href;
    // Every contender is loaded first and then starts at the same instant, so they meet at the stale lock.
    const startAt = Date.now() + 4_000;
    const script = `import { lockDataFolder } from ${JSON.stringify(module)};
      while (Date.now() < ${startAt});
      try { await lockDataFolder(${JSON.stringify(dataDir)}, 'rollcall import'); console.log('won'); await new Promise((r) => setTimeout(r, 3000)); }
      catch (e) { console.log(e.name); }`;
    const contender = () =>
      new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
      );
    const outcomes = await Promise.all([contender(), contender(), contender(), contender(), contender()]);
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'DatabaseInUse')).toHaveLength(4);
  }, 60_000);
});
