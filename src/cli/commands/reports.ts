// `rollcall report pupils|tiers|unexplained --school S --date D`: the first user-facing output, and the
// JSON contract (`report pupils --format json`) later checks depend on.
import type { Command } from 'commander';
import { loadSchool } from '../../app/school-directory.js';
import { openDatabase } from '../../db/client.js';
import { schoolFacts } from '../../reports/pupil-facts.js';
import { pupilsReport, pupilsReportText } from '../../reports/pupils-report.js';
import { tiersReportText } from '../../reports/tiers-report.js';
import { isIsoDate } from '../../rules/index.js';
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
  withOptions('tiers', "pupils by the school's tier model").action((o: ReportOptions) =>
    run(o, async ({ facts, school, format }) =>
      format === 'json'
        ? JSON.stringify(facts.pupils.filter((f) => f.tier.tier).map((f) => ({ upn: f.pupil.upn, tier: f.tier.tier, rule: f.tier.rule })), null, 2)
        : tiersReportText(school.policy, facts),
    ),
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

type Ctx = { facts: Awaited<ReturnType<typeof schoolFacts>>; school: Awaited<ReturnType<typeof loadSchool>>; date: string; format: string };

async function run(o: ReportOptions, render: (ctx: Ctx) => Promise<string>): Promise<void> {
  if (o.format !== 'text' && o.format !== 'json') return fail(`--format must be text or json, not "${o.format}"`);
  if (o.date && !isIsoDate(o.date)) return fail(`--date must be a date written YYYY-MM-DD, not "${o.date}"`);
  const db = await openDatabase();
  try {
    const school = await loadSchool(db.prisma, { slug: o.school });
    const date = o.date ?? localDateOf(new Date(), school.timezone);
    const facts = await schoolFacts(db.sql, school.id, school.policy, date);
    console.log(await render({ facts, school, date, format: o.format }));
  } finally {
    await db.close();
  }
}
