// The demo school fed from a local fake Wonde (`npm start -- --mis wonde`): the same synthetic school as
// `rollcall demo`, but its register reaches Rollcall the way a real school's would, through the MIS sync.
// Two classes take this morning's register late (20 minutes after the close) so the list shows them as
// not taken and then updates itself. Only staff.csv is imported (chat ids and roles are Rollcall's).

import { readFileSync } from 'node:fs';
import type { Database } from '../db/client.js';
import { findPreset, presetPath } from '../policy/presets.js';
import { registerCloseAt } from '../policy/register-times.js';
import { importFile } from '../register/import.js';
import { addOrUpdateSchool, loadSchool } from '../register/schools.js';
import { SchoolCalendar, type IsoDate } from '../rules/index.js';
import { studentIdOf, loadImportFiles } from './fake-wonde/from-import-files.js';
import { startFakeWonde, type FakeWonde } from './fake-wonde/server.js';
import { FakeWondeStore } from './fake-wonde/store.js';
import { DEMO_NAME, DEMO_SLUG, demoFiles } from './index.js';

export const DEMO_WONDE_SCHOOL = 'A1000000001';
/** Not a secret: it only opens the local fake. */
export const DEMO_WONDE_TOKEN = 'demo-wonde-token-local-fake-only';
const LATE_MINUTES = 20;

export interface DemoWonde {
  schoolId: string;
  fake: FakeWonde;
  /** WONDE_TOKEN and WONDE_API_URL for the MIS sync. */
  env: { WONDE_TOKEN: string; WONDE_API_URL: string };
  /** Classes whose register arrives late this morning. */
  lateClasses: string[];
  close(): Promise<void>;
}

export async function startDemoWonde(db: Database, options: { today: IsoDate; now: Date; port?: number }): Promise<DemoWonde> {
  const preset = readFileSync(presetPath(findPreset('lutley')!), 'utf8');
  const policyYaml = `${preset}\nmis:\n  provider: wonde\n  schoolId: "${DEMO_WONDE_SCHOOL}"\n  writeBack: true\n`;
  const saved = await addOrUpdateSchool(db.prisma, { slug: DEMO_SLUG, name: DEMO_NAME, policyYaml }, { name: 'Rollcall demo', role: 'system' });
  const { policy } = await loadSchool(db.prisma, { id: saved.school.id });
  const files = demoFiles(new SchoolCalendar(policy.calendar), { today: options.today, sessionsTakenToday: ['AM'] });
  const staff = await importFile(db, { schoolSlug: DEMO_SLUG, kind: 'staff', csvText: files.staff, actor: { name: 'Rollcall demo', role: 'system' }, receivedAt: options.now });
  if (staff.errors.length) throw new Error(`demo staff.csv did not import: ${staff.errors[0]!.reason}`);

  const store = new FakeWondeStore(DEMO_WONDE_TOKEN);
  store.addSchool(DEMO_WONDE_SCHOOL, DEMO_NAME);
  loadImportFiles(store, DEMO_WONDE_SCHOOL, files, new Date(options.now.getTime() - 86_400_000));
  // Hold back this morning's marks of the last two classes until 20 minutes after the AM close.
  const classOf = new Map(files.pupils.split('\n').slice(1).filter(Boolean).map((l) => l.split(',')).map((f) => [f[0]!, f[5]!]));
  const lateClasses = [...new Set(classOf.values())].sort().slice(-2);
  const attendance = store.school(DEMO_WONDE_SCHOOL).attendance;
  const held = [...attendance.entries()].filter(([key]) => key.endsWith(`|${options.today}|AM`) && lateClasses.includes(classOf.get(key.split('|')[0]!.slice(1)) ?? ''));
  for (const [key] of held) attendance.delete(key);
  const releaseAt = registerCloseAt(policy, options.today, 'AM').getTime() + LATE_MINUTES * 60_000;
  const release = () => {
    for (const [key, r] of held) attendance.set(key, { record: r.record, updatedAt: new Date() });
    store.school(DEMO_WONDE_SCHOOL).version++;
  };
  const timer = setTimeout(release, Math.max(0, releaseAt - Date.now()));
  timer.unref();
  const fake = await startFakeWonde({ token: DEMO_WONDE_TOKEN, store, ...(options.port ? { port: options.port } : {}) });
  return {
    schoolId: saved.school.id, fake, lateClasses,
    env: { WONDE_TOKEN: DEMO_WONDE_TOKEN, WONDE_API_URL: fake.url },
    close: async () => { clearTimeout(timer); await fake.close(); },
  };
}

export { studentIdOf };
