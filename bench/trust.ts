// Issue 5's benchmark: the weekly tier computation (facts, tiers, movements, triggers, snapshots, tasks)
// for a trust of 10 schools x 1,000 pupils with a full school year of marks (3.8 million), on PostgreSQL,
// next to a plain SQL per-pupil aggregate over the same marks in the same run, with peak memory. The
// schools are computed at once, as their scheduled jobs are.
import { readFileSync } from 'node:fs';
import type { Database } from '../src/db/client.js';
import { loadPreset } from '../src/policy/presets.js';
import { importFile } from '../src/register/import.js';
import { addOrUpdateSchool } from '../src/register/schools.js';
import { leanSchoolFacts } from '../src/reports/lean-facts.js';
import { calendarOf } from '../src/rules/index.js';
import { runWeeklyTiers, tiersAsOf } from '../src/workflows/tiers/run-weekly.js';
import { yearOfMarks } from './register.js';
import { backends, fmtMs, time, record } from './support.js';

const SCHOOLS = 10;
const PUPILS = 1000;
const WEEK = '2026-07-13';

async function seedTrust(db: Database): Promise<string[]> {
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
      // The weekly job is handed each school's parsed policy (jobs.ts), so parsing is not timed.
      const schools = await Promise.all(schoolIds.map(async (schoolId) => {
        const school = await db.prisma.school.findUniqueOrThrow({ where: { id: schoolId } });
        const policy = loadPreset(school.policyYaml.includes('Micklefield') ? 'micklefield' : 'lutley');
        if (!policy.ok) throw new Error('preset');
        return { schoolId, policy: policy.policy };
      }));
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
      const before = process.memoryUsage().rss;
      // As the scheduler runs them: every school's weekly job fires at Monday 08:00 (the presets'
      // slot), each its own node-cron task, so the trust's schools are computed at the same time.
      const weekly = await time(() => Promise.all(schools.map(({ schoolId, policy }) =>
        runWeeklyTiers(db, { schoolId, policy, weekStart: WEEK, now: new Date(`${WEEK}T08:00:00Z`) }))));
      clearInterval(sampler);
      // Where the time goes: the register read alone (counts and other marks), measured again after.
      const facts = await time(() => Promise.all(schools.map(({ schoolId, policy }) =>
        leanSchoolFacts(db.sql, schoolId, policy, tiersAsOf(calendarOf(policy.calendar), WEEK) ?? WEEK))));
      record({
        bench: `weekly tiers, ${SCHOOLS} schools (${marks} marks)`, backend: backend.name,
        figure: `${fmtMs(weekly.ms)} (register facts ${fmtMs(facts.ms)}), peak RSS ${Math.round(peak / 1048576)} MB (+${Math.round((peak - before) / 1048576)} MB)`,
        baseline: `${fmtMs(baseline.ms)} SQL aggregate`, ratio: `${(weekly.ms / baseline.ms).toFixed(1)}x`, target: 'under 30 s, within 3x',
      });
    } finally {
      await db.close();
    }
  }
}
