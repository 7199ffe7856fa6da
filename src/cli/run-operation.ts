// Runs a command's operation where the database allows. On a PostgreSQL server: here, always (several
// processes share a server). On the embedded database: here when no other process owns its folder; in the
// running app when it does (handed over on 127.0.0.1 with the token from the lock file, see
// ./owner-endpoint.ts); refused, naming the owner, when the owner is another one-off command.
import { request } from 'node:http';
import { currentOwner, DatabaseInUse, shownFolder, type OwnerInfo } from '../db/data-folder-lock.js';
import { defaultDataDir, isPostgresUrl } from '../db/where.js';
import type { Outcome } from './operation.js';
import { loadOperation, type OperationName } from './operations/index.js';

export const COMMAND_PATH = '/commands/';

/** How long a command waits for a Rollcall that is still starting (a first start builds the demo school). */
const STARTING_WAIT_MS = 180_000;

export interface RunOptions {
  tty?: boolean;
  /** Where notes about forwarding go (default: stderr). */
  note?: (text: string) => void;
}

export async function runOperation(name: OperationName, input: unknown, options: RunOptions = {}): Promise<Outcome> {
  if (isPostgresUrl(process.env.DATABASE_URL)) return runHere(name, input, options);
  const dataDir = defaultDataDir();
  const note = options.note ?? ((text: string) => process.stderr.write(`${text}\n`));
  let waitingSince: number | undefined;
  for (;;) {
    const owner = await currentOwner(dataDir);
    if (!owner) {
      try {
        return await runHere(name, input, options);
      } catch (error) {
        if (error instanceof DatabaseInUse) continue; // another process took it first: ask it instead
        throw error;
      }
    }
    if (owner.endpoint) {
      const outcome = await forward(owner, name, input).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET') return undefined; // stopped meanwhile: look again
        throw error;
      });
      if (outcome) {
        note(`(run by the Rollcall app that owns ${shownFolder(dataDir)}, pid ${owner.pid})`);
        return outcome;
      }
      continue;
    }
    if (!isStartingApp(owner)) return { exitCode: 1, stdout: '', stderr: `${new DatabaseInUse(owner, dataDir).message}\n` };
    if (waitingSince === undefined) {
      waitingSince = Date.now();
      note(`Rollcall (pid ${owner.pid}) is starting and owns ${shownFolder(dataDir)}; waiting to hand it this command...`);
    } else if (Date.now() - waitingSince > STARTING_WAIT_MS) {
      return { exitCode: 1, stdout: '', stderr: `${new DatabaseInUse(owner, dataDir).message}\nIt did not finish starting within ${STARTING_WAIT_MS / 60_000} minutes.\n` };
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** A running app advertises its endpoint once started; until then commands wait for it. */
function isStartingApp(owner: OwnerInfo): boolean {
  return owner.command === 'rollcall start';
}

async function runHere(name: OperationName, input: unknown, options: RunOptions): Promise<Outcome> {
  const operation = await loadOperation(name);
  const parsed = operation.input.parse(input);
  const { openDatabase } = await import('../db/client.js');
  const db = await openDatabase(operation.migrateOnOpen === false ? { migrate: false } : {});
  try {
    return await operation.run(db, parsed, { tty: options.tty ?? false });
  } catch (error) {
    return { exitCode: 1, stdout: '', stderr: `${(error as Error).message}\n` };
  } finally {
    await db.close();
  }
}

function forward(owner: OwnerInfo, name: OperationName, input: unknown): Promise<Outcome> {
  const { port, token } = owner.endpoint!;
  const body = Buffer.from(JSON.stringify(input));
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: `${COMMAND_PATH}${name}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            const outcome = JSON.parse(text) as Outcome;
            if (typeof outcome.exitCode === 'number') return resolve(outcome);
          } catch {
            // not an answer from Rollcall's endpoint
          }
          resolve({ exitCode: 1, stdout: '', stderr: `the running Rollcall (pid ${owner.pid}) answered ${res.statusCode}: ${text.slice(0, 500)}\n` });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
