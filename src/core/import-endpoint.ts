// The authenticated HTTP import: a school's MIS export (or a script on the office PC) POSTs a register
// file and gets the same all-or-nothing import as `rollcall import`, answered as JSON. Enabled only when
// ROLLCALL_IMPORT_TOKEN is set; the token is compared in constant time and never logged. Its own small
// listener (IMPORT_PORT), so it works the same beside Slack (HTTP or Socket Mode), Teams, or local mode.
//
//   POST /api/import?school=SLUG&kind=pupils|contacts|marks|staff
//   Authorization: Bearer <token>        Content-Type: text/csv        body: the CSV file
//
// 200 {result}: imported (or nothing changed), with any warnings. 422 {errors: [{line, reason}],
// errorsNotShown}: nothing written; every bad row is found, the first 500 by line are listed.
// 400 bad parameters, 401 no or wrong token, 404 unknown school or path, 405, 413 too large, 415 not CSV.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { BodyTooLarge, readBoundedBody } from '../chat/http-body.js';
import { listen } from '../chat/listen.js';
import type { Database } from '../db/client.js';
import { importFile } from '../register/import.js';
import { IMPORT_KINDS } from '../register/types.js';
import { isRollcallError, type RollcallErrorCode } from '../errors/rollcall-error.js';
import { systemClock, type Clock } from '../jobs/index.js';

export const IMPORT_PATH = '/api/import';
/** A school year of marks for 2,000 pupils is about 40 MB of CSV. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The HTTP answer for each coded error (the import's own table; chat has chat/errors.ts). */
const HTTP_STATUS: Record<RollcallErrorCode, number> = {
  UNKNOWN_SCHOOL: 404, NOT_FOUND: 404, UNKNOWN_PUPIL: 422, AMBIGUOUS_PUPIL: 422, INVALID_CODE: 422,
  INVALID_INPUT: 400, INVALID_POLICY: 400, FORBIDDEN: 403, CONFLICT: 409,
};

const querySchema = z.strictObject({
  school: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a school slug: lower-case letters, digits and hyphens'),
  kind: z.enum(IMPORT_KINDS),
});

export interface ImportEndpointOptions {
  db: Database;
  token: string;
  /** 0 = any free port. */
  port: number;
  host?: string;
  /** When a file counts as received (default: the system's clock). */
  clock?: Clock;
  logger?: { warn(message: string, meta?: object): void };
}

export interface ImportEndpoint {
  port: number;
  stop(): Promise<void>;
}

/** Equal-length digests, so neither the comparison's time nor its length says anything about the token. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function handleImport(options: ImportEndpointOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://import.local');
  if (url.pathname !== IMPORT_PATH) return answer(res, 404, { error: `not found; POST register files to ${IMPORT_PATH}` });
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return answer(res, 405, { error: 'use POST' });
  }
  const auth = req.headers.authorization ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
  if (!token || !sameToken(token, options.token)) {
    res.setHeader('www-authenticate', 'Bearer');
    return answer(res, 401, { error: 'a valid import token is required (Authorization: Bearer ...)' });
  }
  const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    return answer(res, 400, { error: 'bad parameters', issues: query.error.issues.map((i) => ({ field: i.path.join('.') || '(query)', reason: i.message })) });
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'text/csv' && type !== 'text/plain') return answer(res, 415, { error: 'send the file as text/csv' });
  let csvText: string;
  try {
    csvText = await readBoundedBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return answer(res, 413, { error: `the file is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB` });
    throw error;
  }
  try {
    const result = await importFile(options.db, {
      schoolSlug: query.data.school, kind: query.data.kind, csvText, actor: { name: 'HTTP import', role: 'system' }, receivedAt: (options.clock ?? systemClock).now(),
    });
    if (result.errors.length > 0) {
      const count = result.errors.length + result.errorsNotShown;
      return answer(res, 422, {
        error: `nothing was imported: ${count} bad row${count === 1 ? '' : 's'}; fix ${result.errorsNotShown > 0 ? `them (the first ${result.errors.length} are listed)` : 'these rows'} and send the whole file again`,
        errors: result.errors,
        errorsNotShown: result.errorsNotShown,
      });
    }
    return answer(res, 200, { result });
  } catch (error) {
    if (isRollcallError(error)) return answer(res, HTTP_STATUS[error.code], { error: error.message });
    throw error;
  }
}

export async function startImportEndpoint(options: ImportEndpointOptions): Promise<ImportEndpoint> {
  const logger = options.logger ?? console;
  const server: Server = createServer((req, res) => {
    handleImport(options, req, res).catch((error: unknown) => {
      // No request content in the log: it is children's data.
      logger.warn('import endpoint failed', { error: error instanceof Error ? error.name : 'unknown' });
      if (!res.headersSent) answer(res, 500, { error: 'the import failed; nothing was written' });
      else res.end();
    });
  });
  await listen(server, options.port, options.host ?? '0.0.0.0', 'IMPORT_PORT');
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
