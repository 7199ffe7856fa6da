// Wonde's HTTP API, read page by page: bearer token, `next` links followed only on Wonde's own origin (the
// token never goes anywhere else), every page validated before the next is asked for, and each failure
// turned into a MisError the school can act on. Rate limits are not published: a 429 is honoured with its
// Retry-After (capped), 5xx and timeouts are retried a few times with a growing pause, then the read fails
// and the next scheduled sync tries again.

import { z } from 'zod';
import { MisError } from '../errors.js';
import { paginationMeta } from './records.js';

export const WONDE_API_URL = 'https://api.wonde.com/v1.0/';
/** Wonde's largest page. */
export const PER_PAGE = 200;

export interface WondeClientOptions {
  token: string;
  /** Base URL ending in /v1.0/ (WONDE_API_URL points it at a proxy or a fake). */
  baseUrl?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** One request's time limit. */
  timeoutMs?: number;
  /** Tries per request for 429s and outages before the read fails. */
  tries?: number;
  /** Longest wait honoured from a Retry-After before giving up on this sync. */
  maxRetryAfterMs?: number;
}

const errorBody = z.object({ error: z.string().optional(), error_description: z.string().optional(), message: z.string().optional() }).passthrough();

export class WondeClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WondeClientOptions) {
    if (!options.token) throw new MisError('not-configured', 'WONDE_TOKEN is not set: the app token from Wonde is needed to read the MIS');
    this.baseUrl = (options.baseUrl ?? WONDE_API_URL).replace(/\/?$/, '/');
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Every record of a list endpoint, each page checked against `record` before the next is read. */
  async list<T>(path: string, params: Record<string, string>, record: z.ZodType<T>, what: string): Promise<T[]> {
    const url = new URL(path, this.baseUrl);
    for (const [k, v] of Object.entries({ per_page: String(PER_PAGE), ...params })) url.searchParams.set(k, v);
    const page = z.object({ data: z.array(z.unknown()), meta: paginationMeta });
    const out: T[] = [];
    let next: string | null = url.toString();
    for (let n = 1; next; n++) {
      const body = page.safeParse(await this.request('GET', next));
      if (!body.success) throw new MisError('invalid-data', `Wonde's ${what} page ${n} is not a list of records (${body.error.issues[0]?.message ?? 'wrong shape'})`);
      for (let i = 0; i < body.data.data.length; i++) {
        const parsed = record.safeParse(body.data.data[i]);
        if (!parsed.success) throw new MisError('invalid-data', `Wonde's ${what} page ${n}, record ${i + 1}${idOf(body.data.data[i])}: ${describe(parsed.error)}; nothing from this sync was written`);
        out.push(parsed.data);
      }
      const link = body.data.meta?.pagination?.more === false ? null : body.data.meta?.pagination?.next ?? null;
      next = link ? this.sameOrigin(link) : null;
    }
    return out;
  }

  /** A single object endpoint (`{data: {...}}`). */
  async get<T>(path: string, record: z.ZodType<T>, what: string): Promise<T> {
    const body = z.object({ data: record }).safeParse(await this.request('GET', new URL(path, this.baseUrl).toString()));
    if (!body.success) throw new MisError('invalid-data', `Wonde's ${what} is not what Rollcall reads: ${describe(body.error)}`);
    return body.data.data;
  }

  /** A POST; a 422 is returned (the MIS's refusal is an answer, not an outage), anything else failing throws. */
  async post(path: string, payload: unknown): Promise<{ status: number; body: unknown }> {
    return this.request('POST', new URL(path, this.baseUrl).toString(), payload, true);
  }

  private sameOrigin(link: string): string {
    const url = new URL(link, this.baseUrl);
    if (url.origin !== new URL(this.baseUrl).origin) throw new MisError('invalid-data', `Wonde's next page is on another host (${url.host}); not followed`);
    return url.toString();
  }

  private async request(method: 'GET', url: string): Promise<unknown>;
  private async request(method: 'POST', url: string, payload: unknown, answer422: true): Promise<{ status: number; body: unknown }>;
  private async request(method: 'GET' | 'POST', url: string, payload?: unknown, answer422 = false): Promise<unknown> {
    const tries = this.options.tries ?? 4;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(method, url, payload, answer422);
      } catch (error) {
        if (!(error instanceof MisError) || !error.retryable || attempt >= tries) throw error;
        const cap = this.options.maxRetryAfterMs ?? 60_000;
        if (error.retryAfterMs !== undefined && error.retryAfterMs > cap) throw error;
        await this.sleep(error.retryAfterMs ?? 500 * 2 ** (attempt - 1));
      }
    }
  }

  private async once(method: 'GET' | 'POST', url: string, payload: unknown, answer422: boolean): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: { authorization: `Bearer ${this.options.token}`, accept: 'application/json', ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new MisError('unavailable', timedOut ? 'Wonde did not answer in time' : `Wonde could not be reached (${error instanceof Error ? error.message : String(error)})`);
    }
    const text = await response.text();
    const json = parseJson(text);
    if (response.ok) {
      if (json === undefined) throw new MisError('invalid-data', `Wonde answered ${response.status} with something that is not JSON`);
      return method === 'POST' ? { status: response.status, body: json } : json;
    }
    if (response.status === 422 && answer422) return { status: 422, body: json ?? text };
    throw toMisError(response, json);
  }
}

function toMisError(response: Response, json: unknown): MisError {
  const parsed = errorBody.safeParse(json);
  const said = parsed.success ? [parsed.data.error, parsed.data.error_description ?? parsed.data.message].filter(Boolean).join(': ') : '';
  const detail = said ? ` (${said})` : '';
  switch (response.status) {
    case 401:
      return new MisError('unauthorised', `Wonde refused the app token${detail}: it is wrong or has been revoked; set WONDE_TOKEN to the current one`);
    case 403:
      return new MisError('forbidden', `Wonde refused access${detail}: the school has not granted Rollcall a permission it needs (see README, "Wonde")`);
    case 404:
      return new MisError('not-found', `Wonde does not know this school for Rollcall${detail}: check mis.schoolId and that the school approved Rollcall`);
    case 429:
      return new MisError('rate-limited', `Wonde asked Rollcall to slow down${detail}`, retryAfterMs(response.headers.get('retry-after')));
    case 400:
      return new MisError('bad-request', `Wonde refused the request${detail}`);
    default:
      return response.status >= 500
        ? new MisError('unavailable', `Wonde answered ${response.status}${detail}`)
        : new MisError('bad-request', `Wonde answered ${response.status}${detail}`);
  }
}

/** Seconds or an HTTP date; absent or unreadable: the usual backoff applies. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function idOf(value: unknown): string {
  return value && typeof value === 'object' && 'id' in value && typeof value.id === 'string' ? ` (id ${value.id})` : '';
}

/** Field paths and reasons only: the values are children's data and stay out of messages and logs. */
function describe(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(record)'} ${i.message}`).join('; ');
}
