// Issue 5's benchmark: the weekly tier computation (facts, tiers, movements, triggers, snapshots, tasks)
// for a trust of 10 schools x 1,000 pupils with a full school year of marks (3.8 million), on PostgreSQL,
// next to a plain SQL per-pupil aggregate over the same marks in the same run, with peak memory.
import { readFileSync } from 'node:fs';
import type { Database } from '../src/db/client.js';
import { loadPreset } from '../src/policy/presets.js';
import { importFile } from '../src/register/import.js';
import { addOrUpdateSchool } from '../src/register/schools.js';
import { runWeeklyTiers } from '../src/workflows/tiers/run-weekly.js';
import { yearOfMarks } from './register.js';
import { backends, fmtMs, time, record } from './support.js';

const SCHOOLS = 10;
const PUPILS = 1000;
const WEEK = '2026-07-13';

export async function seedTrust(db: Database): Promise<string[]> {
  const data = yearOfMarks(PUPILS);
  const ids: string[] = [];
  for (let s = 0; s < SCHOOLS; s++) {
    const slug = `school-${s}`;
    const saved = await addOrUpdateSchool(db.prisma, { slug, policyYaml: readFileSync(s % 2 ? 'policies/micklefield.yaml' : 'policies/lutley.yaml', 'utf8') }, { name: 'bench', role: 'system' });
    await importFile(db, { schoolSlug: slug, kind: 'pupils', csvText: data.pupilsCsv, actor: { name: 'bench', role: 'system' } });
    // Setup, not measured: the same year of marks for each school, straight in with the bulk path.
    const pupils = new Map((await db.prisma.pupil.findMany({ where: { schoolId: saved.school.id }, select: { id: true, upn: true } })).map((p) => [p.upn, p.id]));
    const csv = data.marksCsv.split('\n').slice(1).filter(Boolean).map((line) => {
      const [upn, date, session, code, late] = line.split(',');
      return `${saved.school.id},${pupils.get(upn!)},${date},${session},"${code}",${late},bench`;
    }).join('\n');
    await db.sql.withConnection((c) => c.copyCsv('"SessionMark"', ['schoolId', 'pupilId', 'date', 'session', 'code', 'minutesLate', 'source'], csv));
    ids.push(saved.school.id);
  }
  await db.sql.exec('ANALYZE');
  return ids;
}

export async function benchTrust(): Promise<void> {
  const pgOnly = backends().filter((b) => b.name === 'postgres');
  if (!pgOnly.length) return;
  console.log(`\nWeekly tiers for a trust: ${SCHOOLS} schools x ${PUPILS} pupils, a school year of marks each`);
  for (const backend of pgOnly) {
    const db = await backend.open();
    try {
      const schoolIds = await seedTrust(db);
      const marks = (await db.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM "SessionMark"'))[0]!.n;
      const baseline = await time(() => db.sql.query(`SELECT "pupilId", count(*) FILTER (WHERE code IN ('/','\\','L','K','V','P','W','B')) AS present,
        count(*) FILTER (WHERE code IN ('G','N','O','U')) AS unauthorised, count(*) AS marks FROM "SessionMark" GROUP BY "pupilId"`));
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
      const before = process.memoryUsage().rss;
      const weekly = await time(async () => {
        for (const schoolId of schoolIds) {
          const school = await db.prisma.school.findUniqueOrThrow({ where: { id: schoolId } });
          const policy = loadPreset(school.policyYaml.includes('Micklefield') ? 'micklefield' : 'lutley');
          if (!policy.ok) throw new Error('preset');
          await runWeeklyTiers(db, { schoolId, policy: policy.policy, weekStart: WEEK, now: new Date(`${WEEK}T08:00:00Z`) });
        }
      });
      clearInterval(sampler);
      record({
        bench: `weekly tiers, ${SCHOOLS} schools (${marks} marks)`, backend: backend.name, figure: `${fmtMs(weekly.ms)}, peak RSS ${Math.round(peak / 1048576)} MB (+${Math.round((peak - before) / 1048576)} MB)`,
        baseline: `${fmtMs(baseline.ms)} SQL aggregate`, ratio: `${(weekly.ms / baseline.ms).toFixed(1)}x`, target: 'under 30 s, within 3x',
      });
    } finally {
      await db.close();
    }
  }
}
