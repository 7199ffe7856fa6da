// The running app's door for other rollcall commands while it owns the embedded database: a listener on
// 127.0.0.1 only (never reachable from the network), on a port the system picks, with a fresh random
// token per start. Both are written into the data folder's lock file (readable by the owner's user only),
// so a command can use it exactly when it could have opened the database files itself. Nothing to
// configure, nothing exposed beyond this computer.
//
//   POST /commands/<operation>   Authorization: Bearer <token>   body: the operation's JSON input
//   200 {exitCode, stdout, stderr}; 400 bad input; 401 wrong token; 404 unknown operation; 413 too large.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyTooLarge, readBoundedBody } from '../chat/http-body.js';
import type { Database } from '../db/client.js';
import type { DataFolderLock } from '../db/data-folder-lock.js';
import { isOperationName, loadOperation } from './operations/index.js';
import { COMMAND_PATH } from './run-operation.js';

/** Register files travel inside the JSON: a school year of marks for 2,000 pupils is about 40 MB. */
const MAX_BODY_BYTES = 200 * 1024 * 1024;

export interface OwnerEndpoint {
  port: number;
  stop(): Promise<void>;
}

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const refusal = (message: string) => ({ exitCode: 1, stdout: '', stderr: `${message}\n` });

async function handle(db: Database, token: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const auth = req.headers.authorization ?? '';
  const given = Buffer.from(auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '');
  if (given.length !== token.length || !timingSafeEqual(given, token)) return answer(res, 401, refusal('not authorised'));
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const name = path.startsWith(COMMAND_PATH) ? path.slice(COMMAND_PATH.length) : '';
  if (req.method !== 'POST' || !isOperationName(name)) return answer(res, 404, refusal(`unknown command "${name}"`));
  let body: string;
  try {
    body = await readBoundedBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return answer(res, 413, refusal(`the files are larger than ${MAX_BODY_BYTES / 1024 / 1024} MB together`));
    throw error;
  }
  const operation = await loadOperation(name);
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return answer(res, 400, refusal('the command input is not JSON'));
  }
  const input = operation.input.safeParse(raw);
  if (!input.success) return answer(res, 400, refusal(`bad command input: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
  try {
    return answer(res, 200, await operation.run(db, input.data, { tty: false }));
  } catch (error) {
    return answer(res, 200, refusal((error as Error).message));
  }
}

/** Starts the door and writes it into the lock, so commands find it. Only for the lock's own process. */
export async function startOwnerEndpoint(db: Database, lock: DataFolderLock): Promise<OwnerEndpoint> {
  const token = randomBytes(32).toString('hex');
  const tokenBytes = Buffer.from(token);
  const server = createServer((req, res) => {
    handle(db, tokenBytes, req, res).catch((error: unknown) => {
      // No request content in the log: register files are children's data.
      console.warn('[rollcall] a forwarded command failed', { error: error instanceof Error ? error.name : 'unknown' });
      if (!res.headersSent) answer(res, 500, refusal('the command failed in the running Rollcall; its log says why'));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  lock.advertise({ port, token });
  return {
    port,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
