// Issue 5's benchmark: the weekly tier computation (facts, tiers, movements, triggers, snapshots, tasks)
// for a trust of 10 schools x 1,000 pupils with a full school year of marks (3.8 million), on PostgreSQL,
// next to a plain SQL per-pupil aggregate over the same marks in the same run, with peak memory. The
// schools are computed at once, as their scheduled jobs are. A usual Monday (last week's snapshots stored)
// is measured apart from the trust's first week, when every pupil is new and the most is written.
import { readFileSync } from 'node:fs';
import type { Database } from '../src/db/client.js';
import { loadPreset } from '../src/policy/presets.js';
import { importFile } from '../src/register/import.js';
import { addOrUpdateSchool } from '../src/register/schools.js';
import { leanSchoolFacts } from '../src/reports/lean-facts.js';
import { calendarOf } from '../src/rules/index.js';
import { runWeeklyTiers, tiersAsOf } from '../src/workflows/tiers/run-weekly.js';
import { yearOfMarks } from './register.js';
import { backends, fmtMs, percentile, time, record } from './support.js';

const middle = (values: number[]) => percentile(values, 50);

const SCHOOLS = 10;
const PUPILS = 1000;
// Summer term 2025-26 in both presets: a first week, then three usual Mondays.
const FIRST_WEEK = '2026-06-29';
const USUAL_WEEKS = ['2026-07-06', '2026-07-13', '2026-07-20'];

async function seedTrust(db: Database): Promise<string[]> {
  const data = yearOfMarks(PUPILS);
  const ids: string[] = [];
  for (let s = 0; s < SCHOOLS; s++) {
    const slug = `school-${s}`;
    const saved = await addOrUpdateSchool(db.prisma, { slug, policyYaml: readFileSync(s % 2 ? 'policies/micklefield.yaml' : 'policies/lutley.yaml', 'utf8') }, { name: 'bench', role: 'system' });
    await importFile(db, { receivedAt: new Date(), schoolSlug: slug, kind: 'pupils', csvText: data.pupilsCsv, actor: { name: 'bench', role: 'system' } });
    // Setup, not measured: the same year of marks for each school, straight in with the bulk path.
    const pupils = new Map((await db.prisma.pupil.findMany({ where: { schoolId: saved.school.id }, select: { id: true, upn: true } })).map((p) => [p.upn, p.id]));
    const csv = data.marksCsv.split('\n').slice(1).filter(Boolean).map((line) => {
      const [upn, date, session, code, late] = line.split(',');
      return `${saved.school.id},${pupils.get(upn!)},${date},${session},"${code}",${late},bench`;
    }).join('\n');
    await db.sql.withConnection((c) => c.copyCsv('"SessionMark"', ['schoolId', 'pupilId', 'date', 'session', 'code', 'minutesLate', 'source'], csv));
    ids.push(saved.school.id);
  }
  // As a school's database is once autovacuum has caught up with the year's inserts (it would otherwise
  // start on these 3.8 million rows during the measurements, on one of the two cores).
  await db.sql.exec('VACUUM ANALYZE');
  // And written out, so a checkpoint spreading the load's pages to disk does not overlap the timings
  // (CHECKPOINT needs a superuser or pg_checkpoint; without it the figures are only noisier).
  await db.sql.exec('CHECKPOINT').catch(() => undefined);
  return ids;
}

/** The plain baseline: one SQL aggregate per pupil over every mark (PostgreSQL may use parallel workers). */
const BASELINE = `SELECT "pupilId", count(*) FILTER (WHERE code IN ('/','\\','L','K','V','P','W','B')) AS present,
  count(*) FILTER (WHERE code IN ('G','N','O','U')) AS unauthorised, count(*) AS marks FROM "SessionMark" GROUP BY "pupilId"`;

export async function benchTrust(): Promise<void> {
  const pgOnly = backends().filter((b) => b.name === 'postgres');
  if (!pgOnly.length) return;
  console.log(`\nWeekly tiers for a trust: ${SCHOOLS} schools x ${PUPILS} pupils, a school year of marks each`);
  for (const backend of pgOnly) {
    const db = await backend.open();
    try {
      const schoolIds = await seedTrust(db);
      const marks = (await db.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM "SessionMark"'))[0]!.n;
      // The weekly job is handed each school's parsed policy (jobs.ts), so parsing is not timed.
      const schools = await Promise.all(schoolIds.map(async (schoolId) => {
        const school = await db.prisma.school.findUniqueOrThrow({ where: { id: schoolId } });
        const policy = loadPreset(school.policyYaml.includes('Micklefield') ? 'micklefield' : 'lutley');
        if (!policy.ok) throw new Error('preset');
        return { schoolId, policy: policy.policy };
      }));
      let peak = process.memoryUsage().rss;
      const before = peak;
      const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
      // As the scheduler runs them: every school's weekly job fires at Monday 08:00 (the presets'
      // slot), each its own node-cron task, so the trust's schools are computed at the same time.
      const week = (weekStart: string) => time(() => Promise.all(schools.map(({ schoolId, policy }) =>
        runWeeklyTiers(db, { schoolId, policy, weekStart, now: new Date(`${weekStart}T08:00:00Z`) }))));
      const baselineRun = async () => (await time(() => db.sql.query(BASELINE))).ms;
      const baselines = [await baselineRun()];
      // The trust's first week ever: no previous snapshot, so every pupil enters and every trigger met so
      // far is new (the most tasks, hits and audit rows a week can write). Once in a school's life.
      const first = await week(FIRST_WEEK);
      // A usual Monday: last week's snapshots are there. Each week next to its own baseline run, so a
      // noisy moment on the machine shows in both; the middle figures are compared.
      const usual: number[] = [];
      for (const weekStart of USUAL_WEEKS) {
        baselines.push(await baselineRun());
        usual.push((await week(weekStart)).ms);
      }
      clearInterval(sampler);
      // Where the time goes: the register read alone (counts and other marks), measured again after.
      const last = USUAL_WEEKS[USUAL_WEEKS.length - 1]!;
      const facts = await time(() => Promise.all(schools.map(({ schoolId, policy }) =>
        leanSchoolFacts(db.sql, schoolId, policy, tiersAsOf(calendarOf(policy.calendar), last) ?? last))));
      const baseline = middle(baselines);
      const memory = `peak RSS ${Math.round(peak / 1048576)} MB (+${Math.round((peak - before) / 1048576)} MB)`;
      const baselineText = `${fmtMs(baseline)} SQL aggregate (middle of ${baselines.length}: ${baselines.map(fmtMs).join(', ')})`;
      record({
        bench: `weekly tiers, ${SCHOOLS} schools (${marks} marks), a usual Monday`, backend: backend.name,
        figure: `${fmtMs(middle(usual))} (middle of ${usual.map(fmtMs).join(', ')}; register facts ${fmtMs(facts.ms)}), ${memory}`,
        baseline: baselineText, ratio: `${(middle(usual) / baseline).toFixed(1)}x`, target: 'under 30 s, within 3x',
      });
      record({
        bench: `weekly tiers, ${SCHOOLS} schools, the trust's first week (every pupil new)`, backend: backend.name,
        figure: fmtMs(first.ms), baseline: baselineText, ratio: `${(first.ms / baseline).toFixed(1)}x`, target: 'under 30 s, within 3x',
      });
    } finally {
      await db.close();
    }
  }
}
