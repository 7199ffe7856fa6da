// Issue 18's benchmarks: the first full sync of a 1,000-pupil school's year (about 380,000 marks) from a
// fake Wonde on loopback, against the CSV import of the same pupils and marks; and one register session's
// delta for a 2,000-pupil school (the AM register arriving after the close) applied and the list updated
// in place, against a plain COPY of the same marks.
import { readFileSync } from 'node:fs';
import { createRollcall } from '../src/app/rollcall.js';
import type { Database } from '../src/db/client.js';
import { loadImportFiles, studentIdOf } from '../src/demo/fake-wonde/from-import-files.js';
import { startFakeWonde } from '../src/demo/fake-wonde/server.js';
import { ManualClock } from '../src/jobs/index.js';
import { syncSchool } from '../src/mis/sync.js';
import { WondeSource } from '../src/mis/wonde/source.js';
import { importFile } from '../src/register/import.js';
import { addOrUpdateSchool, loadSchool } from '../src/register/schools.js';
import { misWorkflow, pollSchool } from '../src/workflows/mis/index.js';
import { JOBS, unexplainedWorkflow } from '../src/workflows/unexplained/index.js';
import { yearOfMarks } from './register.js';
import { backends, fmtMs, record, time } from './support.js';

const ACTOR = { name: 'bench', role: 'data-manager' };
const TOKEN = 'bench-wonde-token';
const WONDE_ID = 'A1000000042';
const policyYaml = (mis: boolean) => `${readFileSync('policies/lutley.yaml', 'utf8')}${mis ? `\nmis:\n  provider: wonde\n  schoolId: "${WONDE_ID}"\n` : ''}`;

async function csvImport(db: Database, pupilsCsv: string, marksCsv: string): Promise<void> {
  await addOrUpdateSchool(db.prisma, { slug: 'bench', policyYaml: policyYaml(false) }, ACTOR);
  for (const [kind, csvText] of [['pupils', pupilsCsv], ['marks', marksCsv]] as const) {
    const r = await importFile(db, { receivedAt: new Date(), schoolSlug: 'bench', kind, csvText, actor: ACTOR });
    if (r.errors.length) throw new Error(`bench ${kind}: ${JSON.stringify(r.errors.slice(0, 2))}`);
  }
}

export async function benchMis(): Promise<void> {
  console.log('\nMIS sync (fake Wonde on loopback)');
  const data = yearOfMarks(Number(process.env.BENCH_PUPILS ?? 1000));
  const fake = await startFakeWonde({ token: TOKEN });
  fake.store.addSchool(WONDE_ID, 'Bench Primary');
  loadImportFiles(fake.store, WONDE_ID, { pupils: data.pupilsCsv, marks: data.marksCsv }, new Date('2026-07-31T12:00:00Z'));
  try {
    for (const backend of backends()) {
      const csvDb = await backend.open();
      const csv = await time(() => csvImport(csvDb, data.pupilsCsv, data.marksCsv)).finally(() => csvDb.close());
      const db = await backend.open();
      try {
        const saved = await addOrUpdateSchool(db.prisma, { slug: 'bench', policyYaml: policyYaml(true) }, ACTOR);
        const school = await loadSchool(db.prisma, { id: saved.school.id });
        const source = new WondeSource({ token: TOKEN, baseUrl: fake.url, schoolId: WONDE_ID, codeMap: {} });
        const sync = await time(() => syncSchool({ db, schoolId: school.id, policy: school.policy, source, now: new Date('2026-07-31T13:00:00Z') }));
        if (!sync.value.ok) throw new Error(`bench sync: ${sync.value.error}`);
        record({
          bench: `first full sync, ${data.rows} marks`, backend: backend.name, figure: fmtMs(sync.ms), baseline: `${fmtMs(csv.ms)} CSV import of the same`,
          ratio: `${(sync.ms / csv.ms).toFixed(2)}x`, target: 'within 3x',
        });
      } finally {
        await db.close();
      }
    }
  } finally {
    await fake.close();
  }
  await benchSessionDelta();
}

/** 2,000 pupils, their history of the week, the AM close with no marks; then the AM register arrives. */
export async function benchSessionDelta(): Promise<void> {
  console.log('\nMIS session delta (fake Wonde on loopback)');
  const PUPILS = 2000;
  const TODAY = '2026-11-23';
  const upns = Array.from({ length: PUPILS }, (_, i) => `B${String(100000000000 + i)}`);
  const header = 'upn,first_name,last_name,year_group,class,admission_date,sen_status,ehcp,fsm,eal,looked_after,child_protection_plan,social_worker,young_carer';
  const pupilsCsv = [header, ...upns.map((u, i) => `${u},Pupil,${i},${1 + (i % 6)},${1 + (i % 6)}${'ABCDE'[i % 5]},2025-09-01,N,N,N,N,N,N,N,N`)].join('\n');
  const week = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
  const history = ['upn,date,session,code', ...upns.flatMap((u) => week.flatMap((d) => [`${u},${d},AM,/`, `${u},${d},PM,\\`]))].join('\n');
  for (const backend of backends()) {
    const fake = await startFakeWonde({ token: TOKEN });
    fake.store.addSchool(WONDE_ID, 'Bench Primary');
    loadImportFiles(fake.store, WONDE_ID, { pupils: pupilsCsv, marks: history }, new Date(`${TODAY}T06:00:00Z`));
    const db = await backend.open();
    try {
      const saved = await addOrUpdateSchool(db.prisma, { slug: 'bench', policyYaml: policyYaml(true) }, ACTOR);
      const clock = new ManualClock(`${TODAY}T09:10:00Z`);
      const source = new WondeSource({ token: TOKEN, baseUrl: fake.url, schoolId: WONDE_ID, codeMap: {} });
      const rollcall = createRollcall({ db, platforms: ['local'], workflows: [misWorkflow({ sourceFor: () => source }), unexplainedWorkflow], clock });
      const school = await loadSchool(db.prisma, { id: saved.school.id });
      const first = await pollSchool(rollcall.services, school, source, true);
      if (!first.sync?.ok) throw new Error('bench delta: first sync failed');
      clock.set(new Date(`${TODAY}T09:15:00Z`));
      const close = unexplainedWorkflow.jobs!(school, rollcall.services).find((j) => j.name === JOBS.amClose)!;
      await close.run(new Date(`${TODAY}T09:15:00Z`), { schoolId: school.id, timezone: school.timezone, name: JOBS.amClose });
      // The AM register arrives: 2,000 marks, 3% of them N.
      const at = new Date(`${TODAY}T09:20:00Z`);
      upns.forEach((u, i) => fake.store.putMark(WONDE_ID, { student: studentIdOf(u), date: TODAY, session: 'AM', code: i % 33 === 0 ? 'N' : '/' }, at));
      clock.set(new Date(`${TODAY}T09:22:00Z`));
      const delta = await time(() => pollSchool(rollcall.services, school, source, false));
      if (!delta.value.sync?.ok || delta.value.refreshed !== 1) throw new Error(`bench delta: ${JSON.stringify(delta.value.sync)}`);
      const ids = new Map((await db.prisma.pupil.findMany({ where: { schoolId: school.id }, select: { id: true, upn: true } })).map((p) => [p.upn, p.id]));
      const copy = upns.map((u) => `${school.id},${ids.get(u)},2026-11-24,AM,/,bench`).join('\n');
      const baseline = await time(() => db.sql.withConnection((c) => c.copyCsv('"SessionMark"', ['schoolId', 'pupilId', 'date', 'session', 'code', 'source'], copy)));
      record({
        bench: `session delta, ${PUPILS} pupils: sync + list updated`, backend: backend.name, figure: fmtMs(delta.ms), baseline: `${fmtMs(baseline.ms)} COPY of the marks`,
        ratio: `${(delta.ms / baseline.ms).toFixed(1)}x`, target: 'under 1 s',
      });
      await rollcall.stop();
    } finally {
      await db.close();
      await fake.close();
    }
  }
}
