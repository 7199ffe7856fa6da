// POST /api/messages on plain node:http, as the Teams SDK's HTTP server adapter (IHttpServerAdapter).
// The SDK's own adapter is Express 5 with a global JSON body parser and its own server; Rollcall keeps
// one small listener instead, so Teams can share a process with Slack's receiver (a global body parser
// would break Slack's signature check) and dev mode can be held to 127.0.0.1. The SDK still does the
// Teams protocol behind the route it registers here: token validation, then the activity.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpMethod, HttpRouteHandler, IHttpServerAdapter } from '@microsoft/teams.apps';
import { BodyTooLarge, readBoundedBody } from '../http-body.js';
import { listen } from '../listen.js';

export const TEAMS_MESSAGES_PATH = '/api/messages';
const MAX_BODY_BYTES = 1024 * 1024;

/** Control flow inside this listener: the status the request is answered with. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readBoundedBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new BodyError(413, 'activity too large');
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BodyError(400, 'body is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BodyError(400, 'body is not an activity');
  return parsed as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined || body === null) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = typeof body === 'string';
  res.writeHead(status, { 'content-type': text ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' });
  res.end(text ? body : JSON.stringify(body));
}

/** The fields the SDK reads before any handler runs; a body without them is not an activity (400). */
function isInboundActivity(body: Record<string, unknown>): boolean {
  const id = (v: unknown) => v !== null && typeof v === 'object' && 'id' in v && typeof v.id === 'string';
  return typeof body['type'] === 'string' && typeof body['channelId'] === 'string' && typeof body['serviceUrl'] === 'string' && id(body['conversation']) && id(body['from']) && id(body['recipient']);
}

function headersOf(req: IncomingMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) out[name] = value;
  return out;
}

export class NodeHttpAdapter implements IHttpServerAdapter {
  private handler?: HttpRouteHandler;
  private server?: Server;

  constructor(
    /** 127.0.0.1 in dev mode; every interface otherwise. */
    private readonly host: string | undefined,
    private readonly onError: (error: unknown) => void,
  ) {}

  registerRoute(method: HttpMethod, path: string, handler: HttpRouteHandler): void {
    if (method !== 'POST' || path !== TEAMS_MESSAGES_PATH) throw new Error(`Rollcall serves only POST ${TEAMS_MESSAGES_PATH}, not ${method} ${path}`);
    this.handler = handler;
  }

  /** node:http handler for POST /api/messages (mount it at that path). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
    const handler = this.handler;
    if (!handler) return sendJson(res, 503, { error: 'not ready' });
    let body: Record<string, unknown>;
    try {
      body = await readJsonBody(req);
    } catch (error) {
      return sendJson(res, error instanceof BodyError ? error.status : 400, { error: error instanceof Error ? error.message : 'bad request' });
    }
    if (!isInboundActivity(body)) return sendJson(res, 400, { error: 'not a Bot Framework activity' });
    try {
      const answer = await handler({ body, headers: headersOf(req) });
      sendJson(res, answer.status, answer.body);
    } catch (error) {
      this.onError(error);
      sendJson(res, 500, { error: 'internal error' });
    }
  }

  async start(port: number | string): Promise<void> {
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== TEAMS_MESSAGES_PATH) return sendJson(res, 404, { error: 'not found' });
      void this.handle(req, res);
    });
    await listen(server, Number(port), this.host, 'TEAMS_PORT');
    this.server = server;
  }

  get port(): number | undefined {
    const address: AddressInfo | string | null | undefined = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  async stop(): Promise<void> {
    const running = this.server;
    this.server = undefined;
    if (!running) return;
    running.closeAllConnections();
    await new Promise<void>((resolve) => running.close(() => resolve()));
  }
}
