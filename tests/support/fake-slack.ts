// A local fake of the Slack Web API (node:http on 127.0.0.1, any free port) shared by every end-to-end
// test. It keeps what a channel would show (posts, updates, deletes), checks Block Kit's main limits
// the way Slack refuses them, records every call, and can be told to fail the next calls of a method
// (429 with Retry-After, 5xx, or a platform error) to exercise retries.

import { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { listenOnLoopback } from './loopback-server.js';
import { waitForCall } from './wait-for-call.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Body = Record<string, Json | undefined>;

export interface FakeSlackCall {
  method: string;
  body: Body;
  headers: IncomingHttpHeaders;
}

export interface FakeMessage {
  ts: string;
  channel: string;
  text?: string;
  blocks: Json[];
  threadTs?: string;
  /** Message metadata (event_type, event_payload) as posted; returned by history reads that ask for it. */
  metadata?: Json;
}

/** `accepted`: the call takes effect (the message is posted) and the answer is still an error. */
// `hang`: the call is never answered (the connection stays open until the client gives up), and nothing is posted.
export type Fault = { status: 429; retryAfter: number } | { status: 500 | 502 | 503 } | { status: 500 | 502 | 503; accepted: true } | { error: string } | { hang: true };

export interface FakeSlackOptions {
  /** When set, calls without `Authorization: Bearer <token>` get invalid_auth. */
  token?: string;
  teamId?: string;
  botUserId?: string;
}

type Handler = (body: Body) => Body;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decodeValue(value: string): Json {
  if (/^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value) as Json;
    } catch {
      return value;
    }
  }
  return value;
}

function parseBody(raw: Buffer, contentType: string | undefined): Body {
  const text = raw.toString('utf8');
  if (text === '') return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(text) as Body;
  const body: Body = {};
  for (const [k, v] of Object.entries(parseQuery(text))) {
    if (typeof v === 'string') body[k] = decodeValue(v);
  }
  return body;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function textOf(value: Json | undefined): string {
  return isObject(value) && typeof value['text'] === 'string' ? value['text'] : '';
}

function stringChars(value: Json | undefined): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + stringChars(v), 0);
  if (isObject(value)) return Object.values(value).reduce((n: number, v) => n + stringChars(v), 0);
  return 0;
}

/** The Block Kit limits Slack enforces on a post, as Slack would name the problem. */
export function blockKitProblems(blocks: Json[], maxBlocks: number): string[] {
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`more than ${maxBlocks} blocks (${blocks.length})`);
  if (stringChars(blocks) > 13_000) problems.push('msg_blocks_too_long');
  const elementProblems = (el: Json | undefined, where: string) => {
    if (isObject(el) && el['type'] === 'button' && textOf(el['text']).length > 75) problems.push(`${where}: button text over 75`);
  };
  blocks.forEach((block, i) => {
    if (!isObject(block)) return problems.push(`block ${i}: not an object`);
    const where = `block ${i} (${String(block['type'])})`;
    switch (block['type']) {
      case 'section': {
        if (textOf(block['text']).length > 3000) problems.push(`${where}: text over 3000`);
        const fields = block['fields'];
        if (Array.isArray(fields)) {
          if (fields.length > 10) problems.push(`${where}: more than 10 fields`);
          if (fields.some((f) => textOf(f).length > 2000)) problems.push(`${where}: field over 2000`);
        }
        if (!isObject(block['text']) && !Array.isArray(fields)) problems.push(`${where}: needs text or fields`);
        elementProblems(block['accessory'], where);
        break;
      }
      case 'header':
        if (textOf(block['text']).length > 150) problems.push(`${where}: text over 150`);
        break;
      case 'actions': {
        const elements = Array.isArray(block['elements']) ? block['elements'] : [];
        if (elements.length > 25) problems.push(`${where}: more than 25 elements`);
        const ids = elements.map((e) => (isObject(e) ? e['action_id'] : undefined));
        if (new Set(ids).size !== ids.length) problems.push(`${where}: duplicate action_id`);
        elements.forEach((e) => elementProblems(e, where));
        break;
      }
      case 'context': {
        const elements = Array.isArray(block['elements']) ? block['elements'] : [];
        if (elements.length > 10) problems.push(`${where}: more than 10 elements`);
        break;
      }
      default:
        break;
    }
    return undefined;
  });
  return problems;
}

function str(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function blocksOf(body: Body): Json[] {
  return Array.isArray(body['blocks']) ? body['blocks'] : [];
}

export class FakeSlack {
  readonly calls: FakeSlackCall[] = [];
  readonly files = new Map<string, { filename: string; bytes: number; title?: string; channel?: string }>();
  readonly homeViews = new Map<string, Json>();
  readonly ephemeral: { channel: string; user: string; text?: string; blocks: Json[] }[] = [];
  private readonly channelMessages = new Map<string, FakeMessage[]>();
  private readonly faults = new Map<string, Fault[]>();
  private rule: ((call: FakeSlackCall) => Fault | undefined) | undefined;
  private latency: ((call: FakeSlackCall) => number) | undefined;
  private readonly waiters: (() => void)[] = [];
  private readonly listeners = new Set<(call: FakeSlackCall) => void>();
  private counter = 0;
  private readonly handlers: Record<string, Handler>;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: FakeSlackOptions,
  ) {
    this.handlers = this.buildHandlers();
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const { server, url } = await listenOnLoopback((req, res) => {
      void fake?.handle(req, res);
    });
    fake = new FakeSlack(server, url, options);
    return fake;
  }

  /** What to pass as slackApiUrl / SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url whose posts are recorded as method 'response_url' with body.__key = key. */
  responseUrl(key: string): string {
    return `${this.url}/response/${encodeURIComponent(key)}`;
  }

  callsTo(method: string): FakeSlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The messages a channel shows now, oldest first. */
  messages(channel: string): FakeMessage[] {
    return [...(this.channelMessages.get(channel) ?? [])];
  }

  /** Decides a fault for every call from now on (after any queued by failNext): an outage window on the
   * test's clock, a storm of 429s. undefined removes it. */
  setRule(rule: ((call: FakeSlackCall) => Fault | undefined) | undefined): void {
    this.rule = rule;
  }

  /** Answers each call this many ms late (a slow Slack: sends stay in flight); undefined removes it. */
  setLatency(latency: ((call: FakeSlackCall) => number) | undefined): void {
    this.latency = latency;
  }

  failNext(method: string, fault: Fault, times = 1): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.faults.set(method, queue);
  }

  /** Calls `listener` with each call recorded from now on (benchmarks: no rescanning); returns the unsubscribe. */
  onCall(listener: (call: FakeSlackCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first recorded call (past or future) of `method` matching `predicate`. */
  async waitFor(method: string, predicate: (c: FakeSlackCall) => boolean = () => true, timeoutMs = 5000): Promise<FakeSlackCall> {
    return waitForCall(this.calls, this.waiters, (c) => c.method === method && predicate(c), timeoutMs,
      () => `fake Slack: no ${method} call arrived (calls so far: ${this.calls.map((c) => c.method).join(', ')})`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(call: FakeSlackCall): void {
    this.calls.push(call);
    for (const listener of this.listeners) listener(call);
    for (const wake of this.waiters.splice(0)) wake();
  }

  private nextTs(): string {
    this.counter += 1;
    return `1763900000.${String(this.counter).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const raw = await readBody(req);
    const send = (status: number, body: Body | string, headers: Record<string, string> = {}) => {
      const json = typeof body !== 'string';
      res.writeHead(status, { 'content-type': json ? 'application/json' : 'text/plain', ...headers });
      res.end(json ? JSON.stringify(body) : body);
    };

    if (path.startsWith('/upload/')) {
      const fileId = decodeURIComponent(path.slice('/upload/'.length));
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData().catch(() => undefined);
      const part = form?.get('body') ?? form?.get('file');
      const bytes = part instanceof Blob ? part.size : raw.length;
      const file = this.files.get(fileId);
      if (file) file.bytes = bytes;
      this.record({ method: 'upload', body: { file_id: fileId, bytes }, headers: req.headers });
      return send(file ? 200 : 404, file ? 'OK' : 'no such upload');
    }
    if (path.startsWith('/response/')) {
      const body = parseBody(raw, req.headers['content-type']);
      this.record({ method: 'response_url', body: { ...body, __key: decodeURIComponent(path.slice('/response/'.length)) }, headers: req.headers });
      return send(200, 'ok');
    }
    if (!path.startsWith('/api/')) return send(404, 'not found');

    const method = path.slice('/api/'.length);
    const body = parseBody(raw, req.headers['content-type']);
    this.record({ method, body, headers: req.headers });
    const late = this.latency?.(this.calls[this.calls.length - 1]!) ?? 0;
    if (late > 0) await new Promise((resolve) => setTimeout(resolve, late));

    const fault = this.faults.get(method)?.shift() ?? this.rule?.(this.calls[this.calls.length - 1]!);
    if (fault && !('accepted' in fault)) {
      if ('hang' in fault) return void (await new Promise((resolve) => res.once('close', resolve)));
      if ('error' in fault) return send(200, { ok: false, error: fault.error });
      if (fault.status === 429) return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
      return send(fault.status, 'upstream trouble');
    }
    if (this.options.token !== undefined && req.headers.authorization !== `Bearer ${this.options.token}`) {
      return send(200, { ok: false, error: 'invalid_auth' });
    }
    const handler = this.handlers[method];
    if (!handler) return send(200, { ok: false, error: 'unknown_method' });
    const answer = handler(body);
    if (fault && 'accepted' in fault && 'status' in fault) return send(fault.status, 'upstream trouble after accepting');
    return send(200, answer);
  }

  private buildHandlers(): Record<string, Handler> {
    const teamId = this.options.teamId ?? 'T0SCHOOL';
    const botUserId = this.options.botUserId ?? 'UROLLCALL';
    const checked = (body: Body, maxBlocks: number, then: () => Body): Body => {
      const problems = blockKitProblems(blocksOf(body), maxBlocks);
      return problems.length > 0 ? { ok: false, error: 'invalid_blocks', errors: problems } : then();
    };
    const page = (body: Body, list: (channel: string) => FakeMessage[]): Body => {
      const channel = str(body['channel']);
      if (!channel) return { ok: false, error: 'channel_not_found' };
      const limit = Math.max(1, Math.min(999, Number(body['limit'] ?? 100) || 100));
      const from = Number(str(body['cursor']) ?? '0') || 0;
      const all = list(channel);
      const withMetadata = body['include_all_metadata'] === true || body['include_all_metadata'] === 'true';
      const messages: Json[] = all.slice(from, from + limit).map((m) => ({
        type: 'message', ts: m.ts, text: m.text ?? '', bot_id: 'BROLLCALL', ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
        ...(withMetadata && m.metadata !== undefined ? { metadata: m.metadata } : {}),
      }));
      const more = from + limit < all.length;
      return { ok: true, messages, has_more: more, response_metadata: { next_cursor: more ? String(from + limit) : '' } };
    };
    const findMessage = (channel: string | undefined, ts: string | undefined) =>
      (this.channelMessages.get(channel ?? '') ?? []).findIndex((m) => m.ts === ts);

    return {
      'auth.test': () => ({ ok: true, url: 'https://school.slack.example/', team: 'School', user: 'rollcall', team_id: teamId, user_id: botUserId, bot_id: 'BROLLCALL' }),
      'chat.postMessage': (body) =>
        checked(body, 50, () => {
          const channel = str(body['channel']);
          if (!channel) return { ok: false, error: 'channel_not_found' };
          const ts = this.nextTs();
          const threadTs = str(body['thread_ts']);
          const metadata = body['metadata'];
          const message: FakeMessage = { ts, channel, text: str(body['text']), blocks: blocksOf(body), ...(threadTs ? { threadTs } : {}), ...(isObject(metadata) ? { metadata } : {}) };
          this.channelMessages.set(channel, [...(this.channelMessages.get(channel) ?? []), message]);
          return { ok: true, channel, ts, message: { ts, text: message.text ?? '', blocks: message.blocks } };
        }),
      'chat.update': (body) =>
        checked(body, 50, () => {
          const channel = str(body['channel']) ?? '';
          const ts = str(body['ts']);
          const at = findMessage(channel, ts);
          const list = this.channelMessages.get(channel);
          const old = list?.[at];
          if (!list || !old) return { ok: false, error: 'message_not_found' };
          list[at] = { ...old, text: str(body['text']), blocks: blocksOf(body) };
          return { ok: true, channel, ts: old.ts };
        }),
      'chat.delete': (body) => {
        const channel = str(body['channel']) ?? '';
        const at = findMessage(channel, str(body['ts']));
        if (at < 0) return { ok: false, error: 'message_not_found' };
        this.channelMessages.get(channel)?.splice(at, 1);
        return { ok: true, channel, ts: str(body['ts']) ?? '' };
      },
      'chat.postEphemeral': (body) =>
        checked(body, 50, () => {
          this.ephemeral.push({ channel: str(body['channel']) ?? '', user: str(body['user']) ?? '', text: str(body['text']), blocks: blocksOf(body) });
          return { ok: true, message_ts: this.nextTs() };
        }),
      // Reads as Slack pages them: history newest first (top-level messages only), a thread's replies oldest
      // first after its parent; `limit` per page (default 100) and an opaque next_cursor while more remain.
      'conversations.history': (body) => page(body, (channel) => [...(this.channelMessages.get(channel) ?? [])].filter((m) => !m.threadTs).reverse()),
      'conversations.replies': (body) => {
        const ts = str(body['ts']);
        if (!ts) return { ok: false, error: 'invalid_arguments' };
        return page(body, (channel) => {
          const all = this.channelMessages.get(channel) ?? [];
          const parent = all.find((m) => m.ts === ts);
          return parent ? [parent, ...all.filter((m) => m.threadTs === ts)] : [];
        });
      },
      'conversations.open': (body) => ({ ok: true, channel: { id: `D${str(body['users']) ?? 'NOBODY'}` } }),
      'views.open': (body) => {
        if (!str(body['trigger_id'])) return { ok: false, error: 'invalid_trigger_id' };
        const view = body['view'];
        const blocks = isObject(view) && Array.isArray(view['blocks']) ? view['blocks'] : [];
        const problems = blockKitProblems(blocks, 100);
        return problems.length > 0 ? { ok: false, error: 'invalid_arguments', errors: problems } : { ok: true, view: { id: `V${this.nextTs()}` } };
      },
      'views.publish': (body) => {
        const user = str(body['user_id']);
        const view = body['view'];
        if (!user || view === undefined) return { ok: false, error: 'invalid_arguments' };
        this.homeViews.set(user, view);
        return { ok: true, view: { id: `V${this.nextTs()}` } };
      },
      'files.getUploadURLExternal': (body) => {
        const fileId = `F${String(this.files.size + 1).padStart(6, '0')}`;
        this.files.set(fileId, { filename: str(body['filename']) ?? 'file', bytes: 0 });
        return { ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId };
      },
      'files.completeUploadExternal': (body) => {
        const entries = Array.isArray(body['files']) ? body['files'] : [];
        const done: Json[] = [];
        for (const entry of entries) {
          if (!isObject(entry)) continue;
          const id = str(entry['id']);
          const file = id ? this.files.get(id) : undefined;
          if (!id || !file) return { ok: false, error: 'file_not_found' };
          file.title = str(entry['title']);
          file.channel = str(body['channel_id']);
          done.push({ id, title: file.title ?? file.filename, name: file.filename });
        }
        return { ok: true, files: done };
      },
    };
  }
}
