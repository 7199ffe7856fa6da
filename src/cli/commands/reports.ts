// `rollcall report pupils|tiers|unexplained --school S --date D`: the first user-facing output, and the
// JSON contract (`report pupils --format json`) later checks depend on.
import type { Command } from 'commander';
import { loadAllSchools, loadSchool } from '../../register/schools.js';
import { openDatabase, type Database } from '../../db/client.js';
import { schoolFacts } from '../../reports/pupil-facts.js';
import { pupilsReport, pupilsReportText } from '../../reports/pupils-report.js';
import { isIsoDate, mondayOf } from '../../rules/index.js';
import { buildDigest } from '../../workflows/digest/build.js';
import { digestText } from '../../workflows/digest/message.js';
import { buildTrustDigest, trustDigestText } from '../../workflows/digest/trust.js';
import { tiersQuery } from '../../workflows/tiers/query.js';
import { tiersQueryText } from '../../workflows/tiers/query-render.js';
import { localDateOf } from '../../rules/local-time.js';
import { closedSessions } from '../../policy/register-times.js';
import { unexplainedFor, unexplainedText } from '../../workflows/unexplained/morning-list.js';
import { fail } from '../output.js';

interface ReportOptions {
  school: string;
  date?: string;
  format: string;
}

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('attendance reports for a school on a date');
  const withOptions = (name: string, description: string) =>
    report
      .command(name)
      .description(description)
      .requiredOption('--school <slug>', 'the school')
      .option('--date <YYYY-MM-DD>', "the date (default: today in the school's timezone)")
      .option('--format <text|json>', 'output format', 'text');

  withOptions('pupils', 'per-pupil attendance, thresholds, open N codes and tier (JSON is a stable contract)').action((o: ReportOptions) =>
    run(o, async ({ facts, format }) => (format === 'json' ? JSON.stringify(pupilsReport(facts), null, 2) : pupilsReportText(facts))),
  );
  withOptions('tiers', "pupils by the school's tier model, with the rule and open actions").option('--filter <class|year|pupil>', 'one class (e.g. 3B), year (e.g. "year 3") or pupil').action((o: ReportOptions & { filter?: string }) =>
    run(o, async ({ db, school, date, format, facts }) =>
      format === 'json'
        ? JSON.stringify(facts.pupils.filter((f) => f.tier.tier).map((f) => ({ upn: f.pupil.upn, tier: f.tier.tier, rule: f.tier.rule })), null, 2)
        : tiersQueryText(await tiersQuery(db, { schoolId: school.id, policy: school.policy, date, ...(o.filter ? { filter: o.filter } : {}) })),
    ),
  );
  withOptions('digest', "the weekly SLT digest for the school week containing the date (or, with --trust, every school's)")
    .option('--trust', 'one digest across every school in this deployment')
    .action((o: ReportOptions & { trust?: boolean }) =>
      run(o, async ({ db, school, date, format }) => {
        const weekStart = mondayOf(date);
        if (o.trust) {
          const trust = await buildTrustDigest(db, { schools: await loadAllSchools(db.prisma), weekStart });
          return format === 'json' ? JSON.stringify(trust.figures, null, 2) : trustDigestText(trust.figures);
        }
        // The week containing the date, counted up to that date (not to the end of a week still in progress).
        const digest = await buildDigest(db, { schoolId: school.id, policy: school.policy, weekStart, asOf: date });
        return format === 'json' ? JSON.stringify(digest.figures, null, 2) : digestText(digest.figures);
      }),
    );
  withOptions('unexplained', 'unexplained absences (N or no mark) for each session of the date').action((o: ReportOptions) =>
    run(o, async ({ facts, school, date, format }) => {
      const rows = closedSessions(school.policy, date, new Date()).flatMap((s) => unexplainedFor(school.policy, facts.calendar, facts.pupils, date, s));
      return format === 'json'
        ? JSON.stringify(rows.map((r) => ({ upn: r.pupil.upn, session: r.session, code: r.code, consecutiveDays: r.consecutiveDays, vulnerable: r.vulnerability.labels, nextStep: r.nextStep })), null, 2)
        : unexplainedText(rows, date);
    }),
  );
}

type Ctx = { db: Database; facts: Awaited<ReturnType<typeof schoolFacts>>; school: Awaited<ReturnType<typeof loadSchool>>; date: string; format: string };

async function run(o: ReportOptions, render: (ctx: Ctx) => Promise<string>): Promise<void> {
  if (o.format !== 'text' && o.format !== 'json') return fail(`--format must be text or json, not "${o.format}"`);
  if (o.date && !isIsoDate(o.date)) return fail(`--date must be a date written YYYY-MM-DD, not "${o.date}"`);
  const db = await openDatabase();
  try {
    const school = await loadSchool(db.prisma, { slug: o.school });
    const date = o.date ?? localDateOf(new Date(), school.timezone);
    const facts = await schoolFacts(db.sql, school.id, school.policy, date);
    console.log(await render({ db, facts, school, date, format: o.format }));
  } finally {
    await db.close();
  }
}
