// `rollcall export ...`: files for people outside Rollcall: the register amendments to key into the MIS,
// and the written report of a missing-pupil incident. The operation prints the file; --out is written here.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isIsoDate } from '../../rules/dates.js';
import type { Outcome } from '../operation.js';
import { fail, print } from '../output.js';
import { runOperation } from '../run-operation.js';

function printOrWrite(outcome: Outcome, out: string | undefined, describe: (text: string) => string): void {
  if (!out || outcome.exitCode !== 0) return print(outcome);
  writeFileSync(out, outcome.stdout);
  print({ ...outcome, stdout: `wrote ${out}${describe(outcome.stdout)}\n` });
}

export function registerExportCommands(program: Command): void {
  const exp = program.command('export').description('export files for the MIS and for written reports');
  exp
    .command('amendments')
    .description('register amendments made in Rollcall (N -> reason codes), as CSV for the MIS')
    .requiredOption('--school <slug>', 'the school')
    .requiredOption('--from <YYYY-MM-DD>', 'first day the amendments were made')
    .requiredOption('--to <YYYY-MM-DD>', 'last day (inclusive)')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (o: { school: string; from: string; to: string; out?: string }) => {
      for (const [name, value] of [['--from', o.from], ['--to', o.to]] as const) {
        if (!isIsoDate(value)) return fail(`${name} must be a date written YYYY-MM-DD, not "${value}"`);
      }
      if (o.from > o.to) return fail('--from must not be after --to');
      const outcome = await runOperation('export-amendments', { school: o.school, from: o.from, to: o.to });
      printOrWrite(outcome, o.out, (csv) => ` (${csv.trimEnd().split('\n').length - 1} amendments)`);
    });

  exp
    .command('incident <id>')
    .description('the written report of a missing-pupil incident (number like 12 or #12, or its id)')
    .option('--format <markdown|html>', 'report format', 'markdown')
    .option('--school <slug>', 'the school, when several schools number their incidents')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (ref: string, o: { format: string; school?: string; out?: string }) => {
      if (o.format !== 'markdown' && o.format !== 'html') return fail(`--format must be markdown or html, not "${o.format}"`);
      const outcome = await runOperation('export-incident', { ref, format: o.format, ...(o.school ? { school: o.school } : {}) });
      printOrWrite(outcome, o.out, () => '');
    });
}
