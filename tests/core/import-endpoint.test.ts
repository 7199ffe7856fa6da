// The authenticated HTTP import over real HTTP: the same all-or-nothing import as the CLI, refused
// without the token, and every refusal leaves the register as it was.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImportEndpoint, type ImportEndpoint } from '../../src/core/import-endpoint.js';
import type { Database } from '../../src/db/client.js';
import { importEndpointFromEnv } from '../../src/cli/start-app.js';
import { ManualClock } from '../../src/jobs/index.js';
import { registerReceivedAt } from '../../src/register/register-feed.js';
import { addOrUpdateSchool } from '../../src/register/schools.js';
import { createTestDatabase } from '../support/db.js';

const TOKEN = 'import-token-0123456789abcdef0123456789abcdef';
const HEADER = 'upn,first_name,last_name,year_group,class,date_of_birth,gender,admission_date,sen_status,ehcp,fsm,eal,looked_after,child_protection_plan,social_worker,young_carer';
const pupil = (i: number) => `H${String(i).padStart(12, '0')},Pupil,Number${i},3,3A,2019-01-01,F,2023-09-04,N,N,N,N,N,N,N,N`;
const PUPILS = [HEADER, pupil(1), pupil(2), pupil(3)].join('\n');

let db: Database;
let endpoint: ImportEndpoint;
let schoolId: string;
const clock = new ManualClock('2026-11-18T08:55:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  const saved = await addOrUpdateSchool(db.prisma, { slug: 'http-school', policyYaml: readFileSync('policies/lutley.yaml', 'utf8') }, { name: 'test', role: 'system' });
  schoolId = saved.school.id;
  endpoint = await startImportEndpoint({ db, token: TOKEN, port: 0, host: '127.0.0.1', clock, logger: { warn: () => undefined } });
});
afterAll(async () => {
  await endpoint?.stop();
  await db?.close();
});

function send(query: string, body: string, headers: Record<string, string> = {}, method = 'POST') {
  return fetch(`http://127.0.0.1:${endpoint.port}/api/import${query}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv', ...headers },
    ...(method === 'GET' ? {} : { body }),
  });
}

const pupilCount = () => db.prisma.pupil.count({ where: { schoolId } });

describe('POST /api/import', () => {
  it('imports a register file and says what changed; the same file again changes nothing', async () => {
    const first = await send('?school=http-school&kind=pupils', PUPILS);
    expect(first.status).toBe(200);
    expect((await first.json()).result).toMatchObject({ kind: 'pupils', rows: 3, inserted: 3, errors: [] });
    const again = await send('?school=http-school&kind=pupils', PUPILS);
    expect((await again.json()).result).toMatchObject({ rows: 3, inserted: 0, unchanged: 3 });
    expect(await pupilCount()).toBe(3);
  });

  it.each([
    ['no token', { authorization: '' }],
    ['a wrong token', { authorization: `Bearer ${TOKEN.slice(0, -1)}x` }],
    ['another scheme', { authorization: `Basic ${TOKEN}` }],
  ])('refuses %s with 401 and writes nothing', async (_label, headers) => {
    const res = await send('?school=http-school&kind=pupils', [HEADER, pupil(9)].join('\n'), headers);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await pupilCount()).toBe(3);
  });

  it("dates the register's arrival by the clock it is given, not the machine's", async () => {
    expect((await send('?school=http-school&kind=pupils', PUPILS)).status).toBe(200);
    clock.set('2026-11-18T09:12:00Z');
    const marks = ['upn,date,session,code', `${pupil(1).split(',')[0]},2026-11-18,AM,/`].join('\n');
    expect((await send('?school=http-school&kind=marks', marks)).status).toBe(200);
    expect(await registerReceivedAt(db.prisma, schoolId)).toEqual(new Date('2026-11-18T09:12:00Z'));
  });

  it('answers a malformed row with its line number and imports none of the file', async () => {
    const res = await send('?school=http-school&kind=pupils', [HEADER, pupil(10), 'H000000000011,Pupil,Broken,3,3A,not-a-date,F,2023-09-04,N,N,N,N,N,N,N,N'].join('\n'));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.errors).toEqual([expect.objectContaining({ line: 3 })]);
    expect(await pupilCount()).toBe(3);
  });

  it('answers every bad row, past a malformed one, and lists at most 500 with the count of the rest', async () => {
    const res = await send('?school=http-school&kind=pupils', [
      HEADER, pupil(20), 'H000000000021,Pupil,"Short" row,3,3A,2019-01-01,F,2023-09-04,N,N,N,N,N,N,N', pupil(22).replace('2019-01-01', '2019-02-30'),
      pupil(23).replace(',F,2023', ',F,2023-13'), pupil(24).replace('N,N,N,N,N,N,N,N', 'X,N,N,N,N,N,N,N'),
    ].join('\n'));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5, 6]);
    expect(body.errorsNotShown).toBe(0);
    expect(body.error).toBe('nothing was imported: 4 bad rows; fix these rows and send the whole file again');

    const many = await send('?school=http-school&kind=pupils', [HEADER, ...Array.from({ length: 700 }, (_, i) => pupil(100 + i).replace('2023-09-04', 'soon'))].join('\n'));
    const big = await many.json();
    expect(many.status).toBe(422);
    expect(big.errors).toHaveLength(500);
    expect(big.errorsNotShown).toBe(200);
    expect(big.error).toBe('nothing was imported: 700 bad rows; fix them (the first 500 are listed) and send the whole file again');
    expect(await pupilCount()).toBe(3);
  });

  it.each([
    ['?school=no-such-school&kind=pupils', 404, /There is no school \\"no-such-school\\"/],
    ['?school=http-school&kind=grades', 400, /bad parameters/],
    ['?kind=pupils', 400, /bad parameters/],
  ])('%s -> %i', async (query, status, message) => {
    const res = await send(query, PUPILS);
    expect(res.status).toBe(status);
    expect(JSON.stringify(await res.json())).toMatch(message);
  });

  it('refuses other methods, paths and content types', async () => {
    expect((await send('?school=http-school&kind=pupils', '', {}, 'GET')).status).toBe(405);
    expect((await fetch(`http://127.0.0.1:${endpoint.port}/api/other`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect((await send('?school=http-school&kind=pupils', PUPILS, { 'content-type': 'application/json' })).status).toBe(415);
    expect(await pupilCount()).toBe(3);
  });
});

describe('the import endpoint from the environment', () => {
  it('is off without a token, on with one (IMPORT_PORT or 3100), and refuses a short token', () => {
    expect(importEndpointFromEnv({})).toBeUndefined();
    expect(importEndpointFromEnv({ ROLLCALL_IMPORT_TOKEN: TOKEN })).toEqual({ token: TOKEN, port: 3100 });
    expect(importEndpointFromEnv({ ROLLCALL_IMPORT_TOKEN: TOKEN, IMPORT_PORT: '8443' })).toEqual({ token: TOKEN, port: 8443 });
    expect(() => importEndpointFromEnv({ ROLLCALL_IMPORT_TOKEN: 'short' })).toThrow(/at least 32 characters/);
    expect(() => importEndpointFromEnv({ ROLLCALL_IMPORT_TOKEN: TOKEN, IMPORT_PORT: 'http' })).toThrow(/IMPORT_PORT/);
  });
});
