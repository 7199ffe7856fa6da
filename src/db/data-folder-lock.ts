// One owner of an embedded database. PGlite is PostgreSQL inside one process: two processes opening the
// same data folder each keep their own copy of its pages and overwrite each other's writes (a pupil
// imported by one and renamed by the other ends up listed twice). So the process that opens the folder
// first writes a lock file beside it naming itself, and every other process is refused with that name, or
// hands its command to the owner (src/cli/owner.ts).
//
// Written here rather than taken from a lock library because the lock must carry who owns it (pid,
// command) and where the owner takes forwarded commands, and because a lock is stale only when its owner
// is gone (its pid is not running, or its listening port refuses connections: the kernel answers that even
// while the owner's event loop is busy in a long query). A heartbeat on the file's mtime, as lock libraries
// use, could be missed by a busy owner and hand a live database to a second process.
//
// Node built-ins only: the CLI reads the lock before deciding whether to load the database at all.
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { connect } from 'node:net';
import { basename, dirname, join, relative } from 'node:path';

export interface OwnerEndpoint {
  port: number;
  token: string;
}

export interface OwnerInfo {
  /** Identifies this lock, so a process never removes a lock it did not judge stale. */
  id: string;
  pid: number;
  host: string;
  /** What the owner runs, e.g. `rollcall start` or `rollcall import`. */
  command: string;
  startedAt: string;
  /** Where a running app takes forwarded commands: 127.0.0.1 and a token (src/cli/owner-endpoint.ts). */
  endpoint?: OwnerEndpoint;
}

/** Control flow for the command line: it hands the command to the running owner, or prints this (src/cli/run-operation.ts). */
export class DatabaseInUse extends Error {
  override readonly name = 'DatabaseInUse';
  constructor(readonly owner: OwnerInfo, readonly dataDir: string) {
    super(inUseMessage(owner, dataDir));
  }
}

export interface DataFolderLock {
  path: string;
  owner: OwnerInfo;
  /** Records where this owner takes forwarded commands (rewrites the lock file in one step). */
  advertise(endpoint: OwnerEndpoint): void;
  release(): void;
}

export function lockPathFor(dataDir: string): string {
  return `${dataDir}.lock`;
}

/** The data folder as a person would type it from here (./data/pglite), for messages. */
export function shownFolder(dataDir: string): string {
  const rel = relative(process.cwd(), dataDir);
  return rel && !rel.startsWith('..') ? `./${rel}` : dataDir;
}

function inUseMessage(owner: OwnerInfo, dataDir: string): string {
  const folder = shownFolder(dataDir);
  const since = owner.startedAt.slice(0, 16).replace('T', ' ');
  if (owner.host !== hostname()) {
    return `Rollcall on another computer (${owner.host}, pid ${owner.pid}, \`${owner.command}\` since ${since} UTC) owns the embedded database in ${folder}. ` +
      `Stop it there first. If that computer no longer runs Rollcall, delete ${lockPathFor(folder)} and try again.`;
  }
  if (owner.command.endsWith(' start')) {
    return `Rollcall is running (pid ${owner.pid}, since ${since} UTC) and owns the embedded database in ${folder}; ` +
      `only one process may open it. Use the running one (other rollcall commands are passed to it), or stop it first ` +
      `(Ctrl+C in its terminal, or kill ${owner.pid}).`;
  }
  return `Another rollcall command (pid ${owner.pid}: \`${owner.command}\`, since ${since} UTC) is using the embedded database in ${folder}. ` +
    'Wait for it to finish, then try again.';
}

function readOwnerFile(path: string): OwnerInfo | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const o = parsed as Partial<OwnerInfo>;
    return typeof o.id === 'string' && typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.command === 'string' && typeof o.startedAt === 'string'
      ? (o as OwnerInfo)
      : undefined;
  } catch {
    return undefined;
  }
}

function pidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True unless 127.0.0.1:port refuses the connection outright (nobody listens there any more). */
function portListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (alive: boolean) => {
      socket.destroy();
      resolve(alive);
    };
    socket.setTimeout(2_000, () => done(true)); // slow to accept is still alive
    socket.once('connect', () => done(true));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code !== 'ECONNREFUSED'));
  });
}

/** Whether the lock's owner still runs. Another computer's process cannot be checked, so it counts as running. */
export async function ownerAlive(owner: OwnerInfo): Promise<boolean> {
  if (owner.host !== hostname()) return true;
  if (!pidRunning(owner.pid)) return false;
  // A running pid whose advertised port refuses connections is a later, unrelated process given the same pid.
  return owner.endpoint ? portListening(owner.endpoint.port) : true;
}

/** The live owner of a data folder, if any (without taking the lock). */
export async function currentOwner(dataDir: string): Promise<OwnerInfo | undefined> {
  const owner = readOwnerFile(lockPathFor(dataDir));
  return owner && (await ownerAlive(owner)) ? owner : undefined;
}

/** Creates the lock file with its whole content at once: a reader never sees it half written. */
function createLockFile(path: string, owner: OwnerInfo): boolean {
  const temp = `${path}.${owner.id}.tmp`;
  writeFileSync(temp, JSON.stringify(owner), { mode: 0o600 });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

const TAKEOVER_STALE_MS = 10_000;

/**
 * Removes a stale lock, but only the very lock judged stale: two processes finding the same stale lock
 * must not both remove it (the second would remove the first's new lock). A `.takeover` folder (mkdir is
 * atomic) lets one of them at a time re-read and remove; it is held for a few synchronous calls, so one
 * older than 10 s was left by a process killed in between.
 */
export function removeStaleLock(path: string, stale: OwnerInfo): void {
  const guard = `${path}.takeover`;
  try {
    mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(guard).mtimeMs > TAKEOVER_STALE_MS) rmdirSync(guard);
    } catch {
      // gone meanwhile
    }
    return;
  }
  try {
    if (readOwnerFile(path)?.id === stale.id) unlinkSync(path);
  } finally {
    rmdirSync(guard);
  }
}

function unreadableLockAge(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Takes the data folder for this process, or throws DatabaseInUse naming the live owner. A lock left by
 * a process that is gone (crashed, killed, machine restarted) is taken over.
 */
export async function lockDataFolder(dataDir: string, command: string): Promise<DataFolderLock> {
  const path = lockPathFor(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  const owner: OwnerInfo = { id: randomUUID(), pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 20; attempt++) {
    if (createLockFile(path, owner)) return heldLock(path, owner);
    const existing = readOwnerFile(path);
    if (!existing) {
      // Not our format (edited by hand, or a disk that lost the write): after a minute nobody will fix it.
      if (unreadableLockAge(path) > 60_000) {
        try { unlinkSync(path); } catch { /* someone else did */ }
      }
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    if (await ownerAlive(existing)) throw new DatabaseInUse(existing, dataDir);
    removeStaleLock(path, existing);
    await new Promise((r) => setTimeout(r, 10 + Math.random() * 40));
  }
  const last = readOwnerFile(path);
  if (last) throw new DatabaseInUse(last, dataDir);
  throw new Error(`could not take ${path}: it keeps changing or cannot be read; make sure no other Rollcall runs, then delete it`);
}

function heldLock(path: string, owner: OwnerInfo): DataFolderLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (readOwnerFile(path)?.id === owner.id) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  // Ended by an error or process.exit(): the lock goes with it. A kill -9 leaves it, and the next
  // process finds the pid gone and takes over.
  process.on('exit', release);
  return {
    path,
    owner,
    advertise(endpoint) {
      owner.endpoint = endpoint;
      const temp = join(dirname(path), `.${basename(path)}.${owner.id}.tmp`);
      writeFileSync(temp, JSON.stringify(owner), { mode: 0o600 });
      renameSync(temp, path);
    },
    release,
  };
}
