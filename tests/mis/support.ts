// The small Lutley school of the unexplained-absence tests, held by a fake Wonde instead of CSV files, with
// a Rollcall database whose policy reads it through Wonde. Tests move the fake's data and clock and sync.
import { readFileSync } from 'node:fs';
import { loadImportFiles, studentIdOf } from '../../src/demo/fake-wonde/from-import-files.js';
import { startFakeWonde, type FakeWonde } from '../../src/demo/fake-wonde/server.js';
import type { Database } from '../../src/db/client.js';
import { parsePolicy } from '../../src/policy/load.js';
import { addOrUpdateSchool } from '../../src/register/schools.js';
import { syncSchool, type SyncOutcome } from '../../src/mis/sync.js';
import { WondeSource } from '../../src/mis/wonde/source.js';
import { createTestDatabase } from '../support/db.js';
import { CONTACTS, marks, PUPILS, SLUG, STAFF } from '../workflows/unexplained/support.js';

export const WONDE_TOKEN = 'wonde-test-token-0123456789';
export const WONDE_SCHOOL = 'A1930499544';
export { studentIdOf };

export function wondePolicyYaml(mis: string = ''): string {
  return `${readFileSync('policies/lutley.yaml', 'utf8')}\nmis:\n  provider: wonde\n  schoolId: "${WONDE_SCHOOL}"\n${mis}`;
}

/** The fake holds the small school's staff (with forms), pupils, contacts and marks. */
export function fillFake(fake: FakeWonde, at: Date, forms: Record<string, string> = { S005: '3B' }): void {
  fake.store.addSchool(WONDE_SCHOOL, 'Lutley Primary School');
  const staff = STAFF.replace('roles,slack_user_id,teams_user_id', 'roles,slack_user_id,teams_user_id,classes')
    .split('\n').map((line, i) => (i === 0 || !line ? line : `${line},${forms[line.slice(0, 4)] ?? ''}`)).join('\n');
  loadImportFiles(fake.store, WONDE_SCHOOL, { staff, pupils: PUPILS, contacts: CONTACTS, marks: marks() }, at);
}

export interface MisSchool {
  db: Database;
  fake: FakeWonde;
  schoolId: string;
  sleeps: number[];
  sync(now: Date, full?: boolean): Promise<SyncOutcome>;
  close(): Promise<void>;
}

export async function startMisSchool(options: { now: Date; mis?: string; fill?: boolean }): Promise<MisSchool> {
  const db = await createTestDatabase();
  const policyYaml = wondePolicyYaml(options.mis);
  const saved = await addOrUpdateSchool(db.prisma, { slug: SLUG, policyYaml }, { name: 'test', role: 'system' });
  const parsed = parsePolicy(saved.school.policyYaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const fake = await startFakeWonde({ token: WONDE_TOKEN });
  fake.store.now = () => options.now;
  if (options.fill !== false) fillFake(fake, new Date(options.now.getTime() - 3600_000));
  const sleeps: number[] = [];
  const source = new WondeSource({
    token: WONDE_TOKEN, baseUrl: fake.url, schoolId: WONDE_SCHOOL, codeMap: parsed.policy.mis.codeMap,
    sleep: async (ms) => { sleeps.push(ms); }, timeoutMs: 2000,
  });
  return {
    db, fake, schoolId: saved.school.id, sleeps,
    sync: (now, full) => syncSchool({ db, schoolId: saved.school.id, policy: parsed.policy, source, now, ...(full ? { full } : {}) }),
    close: async () => { await fake.close(); await db.close(); },
  };
}
