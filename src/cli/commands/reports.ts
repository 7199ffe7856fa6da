// `rollcall report pupils|tiers|digest|unexplained --school S --date D` (../operations/report.ts).
import type { Command } from 'commander';
import { isIsoDate } from '../../rules/dates.js';
import { fail, print } from '../output.js';
import { runOperation } from '../run-operation.js';

interface ReportOptions {
  school: string;
  date?: string;
  format: string;
  filter?: string;
  trust?: boolean;
}

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('attendance reports for a school on a date');
  const withOptions = (name: string, description: string) =>
    report
      .command(name)
      .description(description)
      .requiredOption('--school <slug>', 'the school')
      .option('--date <YYYY-MM-DD>', "the date (default: today in the school's timezone)")
      .option('--format <text|json>', 'output format', 'text')
      .action((o: ReportOptions) => run(name, o));

  withOptions('pupils', 'per-pupil attendance, thresholds, open N codes and tier (JSON is a stable contract)');
  withOptions('tiers', "pupils by the school's tier model, with the rule and open actions").option('--filter <class|year|pupil>', 'one class (e.g. 3B), year (e.g. "year 3") or pupil');
  withOptions('digest', "the weekly SLT digest for the school week containing the date (or, with --trust, every school's)").option('--trust', 'one digest across every school in this deployment');
  withOptions('unexplained', 'unexplained absences (N or no mark) for each session of the date');
}

async function run(report: string, o: ReportOptions): Promise<void> {
  if (o.format !== 'text' && o.format !== 'json') return fail(`--format must be text or json, not "${o.format}"`);
  if (o.date && !isIsoDate(o.date)) return fail(`--date must be a date written YYYY-MM-DD, not "${o.date}"`);
  print(await runOperation('report', { report, school: o.school, format: o.format, ...(o.date ? { date: o.date } : {}), ...(o.filter ? { filter: o.filter } : {}), ...(o.trust ? { trust: true } : {}) }));
}
