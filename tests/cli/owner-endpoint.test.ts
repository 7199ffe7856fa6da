// The running app's door for other rollcall commands: loopback only, the lock file's token or nothing,
// bad input answered with its field and nothing run; and runOperation finds it through the lock.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { lockDataFolder, type DataFolderLock } from '../../src/db/data-folder-lock.js';
import { startOwnerEndpoint, type OwnerEndpoint } from '../../src/cli/owner-endpoint.js';
import { runOperation } from '../../src/cli/run-operation.js';
import { createTestDatabase } from '../support/db.js';

const POLICY = readFileSync(join(import.meta.dirname, '../fixtures/small-school/policy.yaml'), 'utf8');
const ACTOR = { name: 'IT lead', role: 'data-manager' as const };

let dir: string;
let db: Database;
let lock: DataFolderLock;
let endpoint: OwnerEndpoint;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rollcall-door-'));
  db = await createTestDatabase();
  lock = await lockDataFolder(join(dir, 'data', 'pglite'), 'rollcall start');
  endpoint = await startOwnerEndpoint(db, lock);
  token = lock.owner.endpoint!.token;
});

afterAll(async () => {
  await endpoint?.stop();
  lock?.release();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(path: string, body: string, headers: Record<string, string>, host = '127.0.0.1'): Promise<{ status: number; body: { exitCode: number; stdout: string; stderr: string } }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port: endpoint.port, method: 'POST', path, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const schoolAdd = (slug: string) => JSON.stringify({ slug, policyYaml: POLICY, actor: ACTOR });

describe('owner endpoint', () => {
  it('is written into the lock file for commands to find', () => {
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).endpoint).toEqual({ port: endpoint.port, token });
    expect(token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a request without the token, or with a wrong one, and runs nothing', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${'0'.repeat(64)}` }, { authorization: token }]) {
      const answer = await post('/commands/school-add', schoolAdd('refused'), headers);
      expect(answer.status).toBe(401);
      expect(answer.body.exitCode).toBe(1);
    }
    expect(await db.prisma.school.count({ where: { slug: 'refused' } })).toBe(0);
  });

  it('answers an unknown command 404 and bad input 400 naming the field', async () => {
    const auth = { authorization: `Bearer ${token}` };
    expect((await post('/commands/drop-everything', '{}', auth)).status).toBe(404);
    const bad = await post('/commands/school-add', JSON.stringify({ slug: 'x', actor: ACTOR }), auth);
    expect(bad.status).toBe(400);
    expect(bad.body.stderr).toContain('policyYaml');
    expect((await post('/commands/school-add', 'not json', auth)).status).toBe(400);
    expect(await db.prisma.school.count({ where: { slug: 'x' } })).toBe(0);
  });

  it('runs a command on the database it owns', async () => {
    const answer = await post('/commands/school-add', schoolAdd('door'), { authorization: `Bearer ${token}` });
    expect(answer).toMatchObject({ status: 200, body: { exitCode: 0, stdout: 'added: door (Small Fixture Primary)\n' } });
    // The person at the terminal is recorded, not the app that ran it.
    const audit = await db.prisma.auditEvent.findFirst({ where: { action: 'school.created', school: { slug: 'door' } } });
    expect(audit?.actor).toBe('IT lead');
  });

  it('is not reachable from the network, only from this computer', async () => {
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!external) return; // a machine with loopback only has nothing else to try
    await expect(post('/commands/migrate', '{}', { authorization: `Bearer ${token}` }, external.address)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('is where runOperation sends a command while the folder is owned', async () => {
    const saved = { dataDir: process.env.ROLLCALL_DATA_DIR, url: process.env.DATABASE_URL };
    process.env.ROLLCALL_DATA_DIR = join(dir, 'data');
    delete process.env.DATABASE_URL;
    const notes: string[] = [];
    try {
      const outcome = await runOperation('school-add', { slug: 'door', policyYaml: POLICY, actor: ACTOR }, { note: (n) => notes.push(n) });
      expect(outcome).toEqual({ exitCode: 0, stdout: 'unchanged: door (Small Fixture Primary)\n', stderr: '' });
      expect(notes).toEqual([`(run by the Rollcall app that owns ${join(dir, 'data', 'pglite')}, pid ${process.pid})`]);
    } finally {
      if (saved.dataDir === undefined) delete process.env.ROLLCALL_DATA_DIR;
      else process.env.ROLLCALL_DATA_DIR = saved.dataDir;
      if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    }
  });
});
