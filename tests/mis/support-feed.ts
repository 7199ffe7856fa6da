// A morning fed by a fake Wonde, for the platform end-to-end tests: the small school synced from Wonde,
// with this morning's AM register taken only by class 3B until a test takes 5H's and 1R's.
import type { SchoolWithPolicy } from '../../src/register/schools.js';
import type { AppServices } from '../../src/core/workflow.js';
import type { Database } from '../../src/db/client.js';
import { startFakeWonde, type FakeWonde } from '../../src/demo/fake-wonde/server.js';
import { WondeSource } from '../../src/mis/wonde/source.js';
import { importFile } from '../../src/register/import.js';
import { addOrUpdateSchool } from '../../src/register/schools.js';
import { misWorkflow, pollSchool, writeBackSchool } from '../../src/workflows/mis/index.js';
import { JOBS, unexplainedWorkflow } from '../../src/workflows/unexplained/index.js';
import { SLUG, STAFF } from '../workflows/unexplained/support.js';
import { fillFake, studentIdOf, WONDE_SCHOOL, WONDE_TOKEN, wondePolicyYaml } from './support.js';

export const TODAY = '2026-11-23';
const LATE_CLASSES = ['A100000000003', 'A100000000004', 'A100000000006']; // Kai, Mo (5H), Ben (1R)

export interface Feed {
  fake: FakeWonde;
  source: WondeSource;
  workflows: [ReturnType<typeof misWorkflow>, typeof unexplainedWorkflow];
  /** Seeds the Rollcall database: the school on Wonde, staff.csv for chat ids (roles are Rollcall's). */
  seed(db: Database): Promise<string>;
  poll(services: AppServices, schoolId: string, at: string): ReturnType<typeof pollSchool>;
  writeBack(services: AppServices, schoolId: string): ReturnType<typeof writeBackSchool>;
  /** The late registers: 5H (Kai N, Mo present) and 1R (Ben present, Lily left unmarked). */
  takeLateRegisters(at: string): void;
  close(): Promise<void>;
}

/** `adminChannel` names the policy's `channels.admin` (where MIS outages are told). */
export async function startFeed(options: { writeBack?: boolean; adminChannel?: string } = {}): Promise<Feed> {
  const fake = await startFakeWonde({ token: WONDE_TOKEN });
  fillFake(fake, new Date(`${TODAY}T07:00:00Z`), { S005: '5H', S003: '1R' });
  const attendance = fake.store.school(WONDE_SCHOOL).attendance;
  for (const upn of LATE_CLASSES) attendance.delete(`${studentIdOf(upn)}|${TODAY}|AM`);
  const source = new WondeSource({ token: WONDE_TOKEN, baseUrl: fake.url, schoolId: WONDE_SCHOOL, codeMap: {}, sleep: async () => {}, timeoutMs: 3000 });
  const mis = misWorkflow({ sourceFor: () => source });
  const school = async (services: AppServices, id: string): Promise<SchoolWithPolicy> => services.school(id);
  return {
    fake, source, workflows: [mis, unexplainedWorkflow],
    seed: async (db) => {
      const yaml = wondePolicyYaml(options.writeBack ? '  writeBack: true\n' : '');
      const policyYaml = options.adminChannel ? yaml.replace('\nchannels:\n', `\nchannels:\n  admin: "${options.adminChannel}"\n`) : yaml;
      const saved = await addOrUpdateSchool(db.prisma, { slug: SLUG, policyYaml }, { name: 'test', role: 'system' });
      const staff = await importFile(db, { receivedAt: new Date(), schoolSlug: SLUG, kind: 'staff', csvText: STAFF, actor: { name: 'test', role: 'system' } });
      if (staff.errors.length) throw new Error(JSON.stringify(staff.errors));
      return saved.school.id;
    },
    poll: async (services, schoolId, at) => {
      fake.store.now = () => new Date(at);
      return pollSchool(services, await school(services, schoolId), source, false);
    },
    writeBack: async (services, schoolId) => writeBackSchool(services, await school(services, schoolId), source),
    takeLateRegisters: (at) => {
      const when = new Date(at);
      fake.store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000003'), date: TODAY, session: 'AM', code: 'N' }, when);
      fake.store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000004'), date: TODAY, session: 'AM', code: '/' }, when);
      fake.store.putMark(WONDE_SCHOOL, { student: studentIdOf('A100000000006'), date: TODAY, session: 'AM', code: '/' }, when);
    },
    close: () => fake.close(),
  };
}

export { JOBS };
