// Issue 2's benchmarks: importing a year of marks for 1,000 pupils (380,000 rows) against a plain bulk
// insert of the same rows, and the pupils report for that school against a plain SQL aggregate.
import { readFileSync } from 'node:fs';
import type { Database } from '../src/db/client.js';
import { seededRandom } from '../src/demo/random.js';
import { makeUpn } from '../src/demo/upn.js';
import { loadPreset } from '../src/policy/presets.js';
import { importFile } from '../src/register/import.js';
import { addOrUpdateSchool } from '../src/register/schools.js';
import { schoolFacts } from '../src/reports/pupil-facts.js';
import { pupilsReport } from '../src/reports/pupils-report.js';
import { SchoolCalendar } from '../src/rules/index.js';
import { backends, fmtMs, median, record, time } from './support.js';

const ACTOR = { name: 'bench', role: 'data-manager' };
const PUPILS = Number(process.env.BENCH_PUPILS ?? 1000);
const YEAR = { from: '2025-09-01', to: '2026-07-31', reportDate: '2026-07-21' };

export function yearOfMarks(pupils: number): { pupilsCsv: string; marksCsv: string; upns: string[]; rows: number } {
  const preset = loadPreset('lutley');
  if (!preset.ok) throw new Error('lutley preset invalid');
  const calendar = new SchoolCalendar(preset.policy.calendar);
  const days = calendar.schoolDaysBetween(YEAR.from, YEAR.to);
  const rnd = seededRandom(1);
  const upns = Array.from({ length: pupils }, (_, i) => makeUpn(999, 1000 + Math.floor(i / 1000), 20, i % 1000));
  const header = 'upn,first_name,last_name,year_group,class,admission_date,sen_status,ehcp,fsm,eal,looked_after,child_protection_plan,social_worker,young_carer';
  const pupilsCsv = [header, ...upns.map((u, i) => `${u},Pupil,${String(i).padStart(4, '0')},${1 + (i % 6)},${1 + (i % 6)}${'AB'[i % 2]},2025-09-01,N,N,N,N,N,N,N,N`)].join('\n');
  const lines = ['upn,date,session,code,minutes_late,note'];
  for (const upn of upns) {
    const absentRate = rnd.next() < 0.1 ? 0.15 : 0.03;
    for (const d of days) {
      for (const s of calendar.sessionsOn(d)) {
        const r = rnd.next();
        const code = r < absentRate ? rnd.pick(['I', 'I', 'M', 'O', 'G', 'N']) : r < absentRate + 0.02 && s === 'AM' ? 'L' : s === 'AM' ? '/' : '\\';
        lines.push(`${upn},${d},${s},${code},${code === 'L' ? 10 : ''},`);
      }
    }
  }
  return { pupilsCsv, marksCsv: lines.join('\n') + '\n', upns, rows: lines.length - 1 };
}

async function prepareSchool(db: Database, pupilsCsv: string): Promise<string> {
  const saved = await addOrUpdateSchool(db.prisma, { slug: 'bench', policyYaml: readFileSync('policies/lutley.yaml', 'utf8') }, ACTOR);
  const result = await importFile(db, { receivedAt: new Date(), schoolSlug: 'bench', kind: 'pupils', csvText: pupilsCsv, actor: ACTOR });
  if (result.errors.length) throw new Error(`bench pupils: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return saved.school.id;
}

/** The baseline: the same rows straight into SessionMark with the driver's bulk path, no checks. */
async function bulkInsert(db: Database, schoolId: string, marksCsv: string): Promise<void> {
  const ids = new Map((await db.prisma.pupil.findMany({ where: { schoolId }, select: { id: true, upn: true } })).map((p) => [p.upn, p.id]));
  const csv = marksCsv
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const [upn, date, session, code, late] = line.split(',');
      return `${schoolId},${ids.get(upn!)},${date},${session},"${code}",${late},bench`;
    })
    .join('\n');
  await db.sql.withConnection((c) => c.copyCsv('"SessionMark"', ['schoolId', 'pupilId', 'date', 'session', 'code', 'minutesLate', 'source'], csv));
}

export const AGGREGATE = `SELECT "pupilId",
  count(*) FILTER (WHERE code IN ('/','\\','L','K','V','P','W','B','C1','M','J1','S','C2','C','T','R','I','E','G','N','O','U')) AS possible,
  count(*) FILTER (WHERE code IN ('/','\\','L','K','V','P','W','B')) AS present,
  count(*) FILTER (WHERE code IN ('C1','M','J1','S','C2','C','T','R','I','E')) AS authorised,
  count(*) FILTER (WHERE code IN ('G','N','O','U')) AS unauthorised
  FROM "SessionMark" WHERE "schoolId" = $1 AND date BETWEEN $2::date AND $3::date GROUP BY "pupilId"`;

export async function benchRegister(): Promise<void> {
  console.log(`\nRegister import and pupils report: ${PUPILS} pupils, a school year of marks`);
  const data = yearOfMarks(PUPILS);
  console.log(`  generated ${data.rows} marks`);
  for (const backend of backends()) {
    const db = await backend.open();
    try {
      const schoolId = await prepareSchool(db, data.pupilsCsv);
      const baseline = await time(() => bulkInsert(db, schoolId, data.marksCsv));
      await db.sql.exec('TRUNCATE "SessionMark"'); // and its counts, by trigger
      const imported = await time(() => importFile(db, { receivedAt: new Date(), schoolSlug: 'bench', kind: 'marks', csvText: data.marksCsv, actor: ACTOR }));
      if (imported.value.errors.length) throw new Error(`bench import: ${JSON.stringify(imported.value.errors.slice(0, 3))}`);
      record({
        bench: `import ${data.rows} marks`, backend: backend.name, figure: fmtMs(imported.ms), baseline: `${fmtMs(baseline.ms)} bulk insert`,
        ratio: `${(imported.ms / baseline.ms).toFixed(2)}x`, target: 'within 3x',
      });
      const reimport = await time(() => importFile(db, { receivedAt: new Date(), schoolSlug: 'bench', kind: 'marks', csvText: data.marksCsv, actor: ACTOR }));
      record({ bench: 're-import unchanged file', backend: backend.name, figure: fmtMs(reimport.ms), baseline: `${fmtMs(baseline.ms)} bulk insert`, ratio: `${(reimport.ms / baseline.ms).toFixed(2)}x`, target: '-' });

      const school = await db.prisma.school.findUniqueOrThrow({ where: { id: schoolId } });
      const policy = loadPreset('lutley');
      if (!policy.ok || !school) throw new Error('policy');
      const aggregate = await median(5, async () => (await time(() => db.sql.query(AGGREGATE, [schoolId, YEAR.from, YEAR.reportDate]))).ms);
      let pupils = 0;
      const report = await median(5, async () => {
        const t = await time(async () => pupilsReport(await schoolFacts(db.sql, schoolId, policy.policy, YEAR.reportDate)));
        pupils = t.value.length;
        return t.ms;
      });
      record({
        bench: `pupils report (${pupils} pupils)`, backend: backend.name, figure: fmtMs(report), baseline: `${fmtMs(aggregate)} SQL aggregate`,
        ratio: `${(report / aggregate).toFixed(2)}x`, target: backend.name === 'postgres' ? 'under 1 s' : '-',
      });
    } finally {
      await db.close();
    }
  }
}
