// `rollcall export ...`: files for people outside Rollcall: the register amendments to key into the MIS,
// and the written report of a missing-pupil incident.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadSchool } from '../../register/schools.js';
import { openDatabase } from '../../db/client.js';
import { exportAmendments } from '../../register/export-amendments.js';
import { findIncidentId, renderIncidentReport } from '../../workflows/missing/index.js';
import { isIsoDate } from '../../rules/index.js';
import { fail } from '../output.js';

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
      const db = await openDatabase();
      try {
        const school = await loadSchool(db.prisma, { slug: o.school });
        const csv = await exportAmendments(db.prisma, { schoolId: school.id, from: o.from, to: o.to });
        if (o.out) {
          writeFileSync(o.out, csv);
          console.log(`wrote ${o.out} (${csv.trimEnd().split('\n').length - 1} amendments)`);
        } else process.stdout.write(csv);
      } finally {
        await db.close();
      }
    });

  exp
    .command('incident <id>')
    .description('the written report of a missing-pupil incident (number like 12 or #12, or its id)')
    .option('--format <markdown|html>', 'report format', 'markdown')
    .option('--school <slug>', 'the school, when several schools number their incidents')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (ref: string, o: { format: string; school?: string; out?: string }) => {
      if (o.format !== 'markdown' && o.format !== 'html') return fail(`--format must be markdown or html, not "${o.format}"`);
      const db = await openDatabase();
      try {
        const schoolId = o.school ? (await loadSchool(db.prisma, { slug: o.school })).id : undefined;
        const id = await findIncidentId(db.prisma, ref, schoolId);
        if (!id) return fail(`no missing-pupil incident "${ref}"`);
        const report = await renderIncidentReport(db, id, o.format);
        if (o.out) {
          writeFileSync(o.out, report);
          console.log(`wrote ${o.out}`);
        } else process.stdout.write(report);
      } finally {
        await db.close();
      }
    });
}
