// A local fake of the Bot Connector REST API that Teams bots call back into (node:http on 127.0.0.1,
// any free port; its URL is the `serviceUrl` test activities carry). It keeps what each conversation
// shows (sends, thread replies, updates, deletes), refuses payloads over Teams' ~28 KB and malformed
// Adaptive Cards the way Teams would, records every call, can fail the next calls (429 with
// Retry-After, 5xx), and plays the Bot Framework's OpenID metadata + signing key so tests can sign
// inbound requests for a bot with an app id. Given a bot registration it also plays Microsoft Entra's
// token endpoint and, like the real connector, refuses (401) any call without a token Entra issued.

import { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BOT_FRAMEWORK_ISSUER, ChannelTokens, FakeEntra, type BotRegistration, type ChannelTokenClaims } from './bot-framework-tokens.js';
import { listenOnLoopback } from './loopback-server.js';
import { waitForCall } from './wait-for-call.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type ConnectorOp = 'send' | 'reply' | 'update' | 'delete' | 'createConversation' | 'teamChannels' | 'openid' | 'token';

export interface ConnectorCall {
  op: ConnectorOp;
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: Json;
  headers: IncomingHttpHeaders;
}

export interface FakeTeamsMessage {
  id: string;
  /** Base conversation id (no ";messageid="). */
  conversationId: string;
  threadId?: string;
  activity: JsonObject;
  updates: number;
}

/** An HTTP error, or `reset`: the connection is dropped without an answer, as a server does when it
 * closes a kept-alive connection just as the client reuses it. `accepted`: the call takes effect (the
 * message is posted) and the answer is still an error, the ambiguous failure clients must not repeat. */
export type ConnectorFault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 | 401 | 403 | 404 }
  | { status: 500 | 502 | 503; accepted: true }
  | { reset: true };

/** Teams' per-conversation limits (e.g. 7 per second and 60 per 30 s): past them a call gets 429. */
export interface ConnectorRateLimit {
  windows: { ms: number; max: number }[];
}

export interface FakeBotConnectorOptions {
  /** Channels each team lists (GET /v3/teams/{id}/conversations). */
  teamChannels?: Record<string, { id: string; name?: string }[]>;
  /** Largest activity body accepted, in bytes (Teams: ~28 KB). */
  maxActivityBytes?: number;
  /** The bot's Entra registration: calls must then carry a bearer token from the fake Entra. */
  registration?: BotRegistration;
  /** Per-conversation rate limits on posts, replies, updates and deletes. */
  rateLimit?: ConnectorRateLimit;
  /** The fake's clock for rate limits (tests pass their injected clock). */
  now?: () => number;
}

export { BOT_FRAMEWORK_ISSUER };

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const ELEMENT_TYPES = new Set(['TextBlock', 'FactSet', 'ColumnSet', 'Column', 'Container', 'ActionSet', 'Image', 'Input.Text', 'Input.ChoiceSet']);
const ACTION_TYPES = new Set(['Action.Execute', 'Action.ShowCard', 'Action.OpenUrl']);

/** What Teams would refuse (or render broken) in an Adaptive Card, named the way a person would. */
export function adaptiveCardProblems(card: Json | undefined, nested = false): string[] {
  const problems: string[] = [];
  if (!isObject(card) || card['type'] !== 'AdaptiveCard') return ['not an AdaptiveCard'];
  if (!nested && card['version'] !== '1.5') problems.push(`version ${String(card['version'])}, expected 1.5`);
  if (!Array.isArray(card['body'])) return [...problems, 'body is not an array'];
  const inputIds: string[] = [];
  const action = (a: Json, where: string) => {
    if (!isObject(a) || typeof a['type'] !== 'string' || !ACTION_TYPES.has(a['type'])) return problems.push(`${where}: unknown action`);
    if (typeof a['title'] !== 'string' || a['title'] === '') problems.push(`${where}: action without a title`);
    if (a['type'] === 'Action.Execute' && (typeof a['verb'] !== 'string' || a['verb'] === '')) problems.push(`${where}: Action.Execute without a verb`);
    if (a['type'] === 'Action.ShowCard') problems.push(...adaptiveCardProblems(a['card'], true).map((p) => `${where}: ${p}`));
    return undefined;
  };
  const element = (el: Json, where: string): void => {
    if (!isObject(el) || typeof el['type'] !== 'string' || !ELEMENT_TYPES.has(el['type'])) {
      problems.push(`${where}: unknown element ${isObject(el) ? String(el['type']) : typeof el}`);
      return;
    }
    const here = `${where} ${el['type']}`;
    const list = (key: string) => (Array.isArray(el[key]) ? (el[key] as Json[]) : (problems.push(`${here}: ${key} is not an array`), []));
    switch (el['type']) {
      case 'TextBlock':
        if (typeof el['text'] !== 'string' || el['text'] === '') problems.push(`${here}: empty text`);
        break;
      case 'FactSet':
        for (const f of list('facts')) if (!isObject(f) || typeof f['title'] !== 'string' || typeof f['value'] !== 'string') problems.push(`${here}: bad fact`);
        break;
      case 'ColumnSet':
        list('columns').forEach((c, i) => (isObject(c) && c['type'] === 'Column' ? element(c, `${here}[${i}]`) : problems.push(`${here}[${i}]: not a Column`)));
        break;
      case 'Column':
      case 'Container':
        list('items').forEach((c, i) => element(c, `${here}[${i}]`));
        break;
      case 'ActionSet': {
        const actions = list('actions');
        if (actions.length === 0) problems.push(`${here}: no actions`);
        actions.forEach((a, i) => action(a, `${here}[${i}]`));
        break;
      }
      case 'Image':
        if (typeof el['url'] !== 'string') problems.push(`${here}: no url`);
        break;
      case 'Input.ChoiceSet':
        if (list('choices').some((c) => !isObject(c) || typeof c['title'] !== 'string' || typeof c['value'] !== 'string')) problems.push(`${here}: bad choice`);
      // falls through: inputs need ids
      case 'Input.Text':
        if (typeof el['id'] !== 'string' || el['id'] === '') problems.push(`${here}: input without an id`);
        else inputIds.push(el['id']);
        break;
    }
  };
  card['body'].forEach((el, i) => element(el, `body[${i}]`));
  if (Array.isArray(card['actions'])) card['actions'].forEach((a, i) => action(a, `actions[${i}]`));
  if (new Set(inputIds).size !== inputIds.length) problems.push('duplicate input ids');
  const msteams = card['msteams'];
  const entities = isObject(msteams) && Array.isArray(msteams['entities']) ? msteams['entities'] : [];
  const bodyJson = JSON.stringify(card['body']);
  for (const e of entities) {
    if (!isObject(e) || typeof e['text'] !== 'string' || !bodyJson.includes(e['text'])) problems.push('a mention entity whose text is not in the card');
  }
  return problems;
}

/** Every card attached to an activity. */
export function cardsOf(activity: Json | undefined): Json[] {
  if (!isObject(activity) || !Array.isArray(activity['attachments'])) return [];
  return activity['attachments'].flatMap((a) => (isObject(a) && a['contentType'] === 'application/vnd.microsoft.card.adaptive' ? [a['content'] ?? null] : []));
}

/** All the text a card (or activity, or list of them) shows, in order: text, titles, labels, facts. */
export function shownText(value: Json | undefined): string {
  const out: string[] = [];
  const walk = (v: Json | undefined): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isObject(v)) return;
    for (const k of ['text', 'title', 'label', 'placeholder']) if (typeof v[k] === 'string') out.push(v[k]);
    if (v['type'] === 'Input.Text' && typeof v['value'] === 'string') out.push(v['value']);
    if (Array.isArray(v['facts'])) for (const f of v['facts']) if (isObject(f) && typeof f['value'] === 'string') out.push(f['value']);
    for (const k of ['body', 'items', 'columns', 'actions', 'card', 'attachments', 'content']) if (k in v) walk(v[k]);
    return undefined;
  };
  walk(value);
  return out.join('\n');
}

/** Card text as Teams displays it: Markdown's backslash escapes undone, the zero-width space that keeps a typed `<` from opening a tag dropped. */
export function asDisplayed(markdown: string): string {
  return markdown.replace(/\u200b/g, '').replace(/\\([\\*_`[\]])/g, '$1');
}

export class FakeBotConnector {
  readonly calls: ConnectorCall[] = [];
  readonly createdConversations: { id: string; members: Json; tenantId?: string }[] = [];
  private readonly conversations = new Map<string, FakeTeamsMessage[]>();
  private readonly faults: { fault: ConnectorFault; op?: ConnectorOp }[] = [];
  private rule: ((call: ConnectorCall) => ConnectorFault | undefined) | undefined;
  private readonly recent = new Map<string, number[]>();
  /** 429s the rate limit answered. */
  rateLimited = 0;
  private readonly waiters: (() => void)[] = [];
  private counter = 1_763_900_000_000;
  private readonly tokens = new ChannelTokens();
  /** Present when the fake was given a bot registration. */
  readonly entra?: FakeEntra;

  private constructor(
    private readonly server: Server,
    readonly origin: string,
    private readonly options: FakeBotConnectorOptions,
  ) {
    if (options.registration) this.entra = new FakeEntra(options.registration);
  }

  static async start(options: FakeBotConnectorOptions = {}): Promise<FakeBotConnector> {
    let fake: FakeBotConnector | undefined;
    const { server, url } = await listenOnLoopback((req, res) => {
      void fake?.handle(req, res);
    });
    fake = new FakeBotConnector(server, url, options);
    return fake;
  }

  /** The serviceUrl Teams would put on activities (with its trailing slash, like Teams'). */
  get serviceUrl(): string {
    return `${this.origin}/teams/`;
  }

  get openIdMetadataUrl(): string {
    return `${this.origin}/openid/.well-known/openidconfiguration`;
  }

  /** A Bot Framework channel token for `appId`, as Teams sends in the Authorization header (or a
   * wrong one: see ChannelTokenClaims). */
  signToken(claims: Omit<ChannelTokenClaims, 'serviceUrl'> & { serviceUrl?: string }): string {
    return this.tokens.sign({ ...claims, serviceUrl: claims.serviceUrl ?? this.serviceUrl });
  }

  /** Decides a fault for every call from now on (after any queued by failNext): an outage window on the
   * test's clock, a storm. undefined removes it. */
  setRule(rule: ((call: ConnectorCall) => ConnectorFault | undefined) | undefined): void {
    this.rule = rule;
  }

  failNext(fault: ConnectorFault, times = 1, op?: ConnectorOp): void {
    for (let i = 0; i < times; i += 1) this.faults.push(op === undefined ? { fault } : { fault, op });
  }

  callsTo(op: ConnectorOp): ConnectorCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  /** What a conversation shows now (root posts and thread replies), oldest first. */
  messages(conversationId: string): FakeTeamsMessage[] {
    return [...(this.conversations.get(conversationId.split(';')[0] ?? '') ?? [])];
  }

  message(conversationId: string, activityId: string): FakeTeamsMessage | undefined {
    return this.messages(conversationId).find((m) => m.id === activityId);
  }

  async waitFor(op: ConnectorOp, predicate: (c: ConnectorCall) => boolean = () => true, timeoutMs = 5000): Promise<ConnectorCall> {
    return waitForCall(this.calls, this.waiters, (c) => c.op === op && predicate(c), timeoutMs,
      () => `fake connector: no ${op} call arrived (calls so far: ${this.calls.map((c) => c.op).join(', ')})`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextId(): string {
    this.counter += 1;
    return String(this.counter);
  }

  private takeFault(op: ConnectorOp): ConnectorFault | undefined {
    const at = this.faults.findIndex((f) => f.op === undefined || f.op === op);
    if (at === -1) return undefined;
    return this.faults.splice(at, 1)[0]?.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (url.pathname.startsWith('/openid/')) {
      this.calls.push({ op: 'openid', method: req.method ?? 'GET', path: url.pathname, body: null, headers: req.headers });
    }
    if (url.pathname === '/openid/.well-known/openidconfiguration') {
      return send(200, { issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${this.origin}/openid/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (url.pathname === '/openid/.well-known/keys') return send(200, this.tokens.jwks());
    const login = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (login && req.method === 'POST' && this.entra) {
      this.calls.push({ op: 'token', method: 'POST', path: url.pathname, body: null, headers: req.headers });
      const answer = this.entra.token(decodeURIComponent(login[1] ?? ''), new URLSearchParams(raw.toString('utf8')));
      return send(answer.status, answer.body);
    }

    const route = this.route(req.method ?? 'GET', url.pathname);
    if (!route) return send(404, { error: { code: 'NotFound', message: `no route ${req.method} ${url.pathname}` } });
    let body: Json = null;
    try {
      body = raw.length === 0 ? null : (JSON.parse(raw.toString('utf8')) as Json);
    } catch {
      return send(400, { error: { code: 'BadSyntax', message: 'body is not JSON' } });
    }
    this.calls.push({ ...route, method: req.method ?? 'GET', path: url.pathname, body, headers: req.headers });
    for (const wake of this.waiters.splice(0)) wake();
    if (this.entra && !this.entra.accepts(req.headers.authorization)) return send(401, { message: 'Authorization has been denied for this request.' });

    const call = this.calls[this.calls.length - 1]!;
    const fault = this.takeFault(route.op) ?? this.rule?.(call) ?? this.overLimit(route);
    let acceptedThen: number | undefined;
    if (fault) {
      if ('reset' in fault) {
        req.socket.destroy();
        return;
      }
      if (fault.status === 429) return send(429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': String(fault.retryAfter) });
      if (!('accepted' in fault)) return send(fault.status, { error: { code: 'ServiceError', message: 'upstream trouble' } });
      acceptedThen = fault.status;
    }
    if ((route.op === 'send' || route.op === 'reply' || route.op === 'update') && raw.length > (this.options.maxActivityBytes ?? 28 * 1024)) {
      return send(413, { error: { code: 'MessageSizeTooBig', message: `activity of ${raw.length} bytes` } });
    }
    const problems = cardsOf(body).flatMap((c) => adaptiveCardProblems(c));
    if (problems.length > 0) return send(400, { error: { code: 'BadArgument', message: problems.join('; ') } });
    this.count(route);
    if (acceptedThen !== undefined) {
      const status = acceptedThen;
      return this.apply(route, body, () => send(status, { error: { code: 'ServiceError', message: 'upstream trouble after accepting' } }));
    }
    return this.apply(route, body, send);
  }

  private static readonly LIMITED: readonly ConnectorOp[] = ['send', 'reply', 'update', 'delete'];

  /** A 429 when this conversation is over one of its windows, with the seconds until a slot frees. */
  private overLimit(route: Pick<ConnectorCall, 'op' | 'conversationId'>): ConnectorFault | undefined {
    const limit = this.options.rateLimit;
    if (!limit || !FakeBotConnector.LIMITED.includes(route.op) || !route.conversationId) return undefined;
    const now = (this.options.now ?? Date.now)();
    const times = this.recent.get(route.conversationId.split(';')[0] ?? '') ?? [];
    let waitMs = 0;
    for (const w of limit.windows) {
      const inside = times.filter((t) => t > now - w.ms);
      if (inside.length >= w.max) waitMs = Math.max(waitMs, inside[inside.length - w.max]! + w.ms - now);
    }
    if (waitMs <= 0) return undefined;
    this.rateLimited += 1;
    return { status: 429, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  private count(route: Pick<ConnectorCall, 'op' | 'conversationId'>): void {
    const limit = this.options.rateLimit;
    if (!limit || !FakeBotConnector.LIMITED.includes(route.op) || !route.conversationId) return;
    const key = route.conversationId.split(';')[0] ?? '';
    const now = (this.options.now ?? Date.now)();
    const longest = Math.max(...limit.windows.map((w) => w.ms));
    this.recent.set(key, [...(this.recent.get(key) ?? []).filter((t) => t > now - longest), now]);
  }

  private route(method: string, pathname: string): Pick<ConnectorCall, 'op' | 'conversationId' | 'activityId'> | undefined {
    const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
    if (parts[0] !== 'teams' || parts[1] !== 'v3') return undefined;
    const [, , kind, id, sub, activityId] = parts;
    if (kind === 'teams' && id && sub === 'conversations' && method === 'GET') return { op: 'teamChannels', conversationId: id };
    if (kind !== 'conversations') return undefined;
    if (id === undefined && method === 'POST') return { op: 'createConversation' };
    if (!id || sub !== 'activities') return undefined;
    if (activityId === undefined) return method === 'POST' ? { op: 'send', conversationId: id } : undefined;
    if (method === 'POST') return { op: 'reply', conversationId: id, activityId };
    if (method === 'PUT') return { op: 'update', conversationId: id, activityId };
    if (method === 'DELETE') return { op: 'delete', conversationId: id, activityId };
    return undefined;
  }

  private apply(route: Pick<ConnectorCall, 'op' | 'conversationId' | 'activityId'>, body: Json, send: (status: number, body?: Json) => void): void {
    const conversationId = route.conversationId ?? '';
    const [base = '', thread] = conversationId.split(';messageid=');
    const list = this.conversations.get(base) ?? [];
    switch (route.op) {
      case 'teamChannels':
        return send(200, { conversations: this.options.teamChannels?.[conversationId] ?? [] });
      case 'createConversation': {
        const members = isObject(body) ? (body['members'] ?? null) : null;
        const first = Array.isArray(members) && isObject(members[0] ?? null) ? String((members[0] as JsonObject)['id']) : 'nobody';
        const id = `a:1on1-${first}`;
        const tenantId = isObject(body) && typeof body['tenantId'] === 'string' ? body['tenantId'] : undefined;
        this.createdConversations.push({ id, members, ...(tenantId ? { tenantId } : {}) });
        return send(201, { id });
      }
      case 'send':
      case 'reply': {
        if (!isObject(body)) return send(400, { error: { code: 'BadArgument', message: 'no activity' } });
        const id = this.nextId();
        const threadId = thread ?? (route.op === 'reply' ? route.activityId : undefined);
        list.push({ id, conversationId: base, activity: body, updates: 0, ...(threadId ? { threadId } : {}) });
        this.conversations.set(base, list);
        return send(201, { id });
      }
      case 'update': {
        const old = list.find((m) => m.id === route.activityId);
        if (!old || !isObject(body)) return send(404, { error: { code: 'NotFound', message: 'Activity not found' } });
        old.activity = body;
        old.updates += 1;
        return send(200, { id: old.id });
      }
      case 'delete': {
        const at = list.findIndex((m) => m.id === route.activityId);
        if (at === -1) return send(404, { error: { code: 'NotFound', message: 'Activity not found' } });
        list.splice(at, 1);
        return send(200);
      }
      default:
        return send(404);
    }
  }
}
