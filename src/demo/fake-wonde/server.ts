// A fake of Wonde's API on loopback, faithful to what its public documentation and clients show: bearer (or
// basic) token auth, /v1.0/ paths, `per_page` up to 200 with `page` and absolute `next` links, `include`
// (400 invalid_include for one it does not know), `updated_after`, Wonde's date objects, 401/403/404,
// session attendance write-back (422 with `errors` when refused), and injected faults (429 with
// Retry-After, 5xx, slow answers, malformed pages). See src/mis/wonde/records.ts for what is assumed.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeWondeStore, type FakeSchool, type StoredRecord } from './store.js';

const MAX_PER_PAGE = 200;
const STUDENT_INCLUDES = ['contacts', 'contacts.contact_details', 'education_details', 'extended_details', 'year', 'groups', 'classes'];
const EMPLOYEE_INCLUDES = ['employment_details', 'contact_details', 'groups', 'classes'];

export interface FakeWonde {
  store: FakeWondeStore;
  /** Base URL ending in /v1.0/ (WONDE_API_URL). */
  url: string;
  close(): Promise<void>;
}

export async function startFakeWonde(options: { token: string; port?: number; store?: FakeWondeStore }): Promise<FakeWonde> {
  const store = options.store ?? new FakeWondeStore(options.token);
  const cache = new Map<string, StoredRecord[]>();
  const server: Server = createServer((req, res) => {
    handle(store, cache, req, res).catch((error: unknown) => send(res, 500, { error: 'server_error', error_description: String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    store,
    url: `http://127.0.0.1:${port}/v1.0/`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function tokenOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice(7);
  if (auth.startsWith('Basic ')) return Buffer.from(auth.slice(6), 'base64').toString('utf8').replace(/:$/, '');
  return undefined;
}

async function handle(store: FakeWondeStore, cache: Map<string, StoredRecord[]>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake.wonde');
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/^\/v1\.0\//, '').replace(/\/$/, '');
  const query = Object.fromEntries(url.searchParams);
  store.requests.push({ method, path, query });
  const body = method === 'POST' ? await readBody(req) : '';

  const token = tokenOf(req);
  if (!token || !store.tokens.has(token)) return send(res, 401, { error: 'invalid_token', error_description: 'The access token provided is invalid or has been revoked.' });
  const fault = store.takeFault(method, path);
  if (fault) {
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    return send(res, fault.status, fault.body ?? { error: 'fault', error_description: `injected ${fault.status}` }, fault.headers);
  }
  if (method === 'GET' && path === 'attendance-codes') return page(res, url, store.attendanceCodes.map((c) => ({ record: c, updatedAt: new Date(0) })), (r) => r.record);

  const m = /^schools\/([^/]+)(?:\/(.+))?$/.exec(path);
  if (!m) return send(res, 404, { error: 'resource_not_found', error_description: 'Not found.' });
  const school = store.schools.get(decodeURIComponent(m[1]!));
  if (!school) return send(res, 404, { error: 'resource_not_found', error_description: 'School not found.' });
  if (!school.approved) return send(res, 403, { error: 'invalid_permissions', error_description: 'The school has not approved access for this application.' });
  const resource = m[2] ?? '';

  if (method === 'POST' && resource === 'attendance/session') return writeBack(store, school, body, res);
  if (method !== 'GET') return send(res, 405, { error: 'method_not_allowed' });
  if (resource === '') return send(res, 200, { data: { id: school.id, name: school.name } });

  const includes = (query.include ?? '').split(',').filter(Boolean);
  const allowed = resource === 'students' ? STUDENT_INCLUDES : resource === 'employees' ? EMPLOYEE_INCLUDES : [];
  const unknown = includes.find((i) => !allowed.includes(i));
  if (unknown) return send(res, 400, { error: 'invalid_include', error_description: `The include "${unknown}" is not available on this endpoint.` });

  const table: Record<string, Map<string, StoredRecord> | undefined> = {
    students: school.students, employees: school.employees, 'attendance/session': school.attendance, deletions: school.deletions,
  };
  const records = table[resource];
  if (!records) return send(res, 404, { error: 'resource_not_found', error_description: 'Not found.' });
  const after = query.updated_after ? Date.parse(`${query.updated_after.replace(' ', 'T')}Z`) : undefined;
  if (after !== undefined && Number.isNaN(after)) return send(res, 400, { error: 'invalid_parameter', error_description: 'updated_after must be YYYY-MM-DD HH:MM:SS' });
  const key = `${school.id}|${resource}|${after ?? ''}|${school.version}`;
  let list = cache.get(key);
  if (!list) {
    list = [...records.values()].filter((r) => after === undefined || r.updatedAt.getTime() > after);
    if (cache.size > 50) cache.clear();
    cache.set(key, list);
  }
  return page(res, url, list, (r) => project(r.record, includes));
}

function page(res: ServerResponse, url: URL, list: readonly StoredRecord[], render: (r: StoredRecord) => unknown): void {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(url.searchParams.get('per_page') ?? 50) || 50));
  const current = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const slice = list.slice((current - 1) * perPage, current * perPage);
  const more = current * perPage < list.length;
  const next = new URL(url.toString().replace('http://fake.wonde', `http://${res.req.headers.host ?? '127.0.0.1'}`));
  next.searchParams.set('page', String(current + 1));
  send(res, 200, {
    data: slice.map(render),
    meta: { pagination: { next: more ? next.toString() : null, previous: current > 1 ? 'previous' : null, more, per_page: String(perPage), current_page: current } },
  });
}

/** Drops the includes not asked for (and contact details when only contacts were). */
function project(record: Record<string, unknown>, includes: readonly string[]): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (v && typeof v === 'object' && 'data' in v) {
      if (!includes.includes(k)) continue;
      if (k === 'contacts' && !includes.includes('contacts.contact_details') && Array.isArray((v as { data: unknown }).data)) {
        out[k] = { data: ((v as { data: Record<string, unknown>[] }).data).map(({ contact_details: _d, ...c }) => c) };
        continue;
      }
    }
    out[k] = v;
  }
  return out;
}

function writeBack(store: FakeWondeStore, school: FakeSchool, body: string, res: ServerResponse): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return send(res, 400, { error: 'invalid_json' });
  }
  const entries = parsed && typeof parsed === 'object' && Array.isArray((parsed as { attendance?: unknown }).attendance) ? (parsed as { attendance: Record<string, unknown>[] }).attendance : null;
  if (!entries) return send(res, 422, { error: 'validation_error', errors: { attendance: ['The attendance field is required.'] } });
  const errors: Record<string, string[]> = {};
  entries.forEach((e, i) => {
    if (typeof e.student_id !== 'string' || !school.students.has(e.student_id)) errors[`attendance.${i}.student_id`] = ['The selected student id is invalid.'];
    if (e.session !== 'AM' && e.session !== 'PM') errors[`attendance.${i}.session`] = ['The session must be AM or PM.'];
    if (typeof e.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.date)) errors[`attendance.${i}.date`] = ['The date is not a valid date.'];
    if (!store.attendanceCodes.some((c) => c.id === e.attendance_code_id)) errors[`attendance.${i}.attendance_code_id`] = ['The selected attendance code id is invalid.'];
  });
  if (store.refuseWriteBacks) errors['attendance'] = [store.refuseWriteBacks];
  if (Object.keys(errors).length) return send(res, 422, { error: 'validation_error', error_description: 'The given data was invalid.', errors });
  for (const e of entries) {
    const code = store.attendanceCodes.find((c) => c.id === e.attendance_code_id)!.code;
    store.putMark(school.id, { student: e.student_id as string, date: e.date as string, session: e.session as 'AM' | 'PM', code, ...(typeof e.comment === 'string' ? { comment: e.comment } : {}) });
  }
  store.writeBacks.push(parsed as Record<string, unknown>);
  send(res, 200, { writeback_id: `WB${store.writeBacks.length}` });
}
