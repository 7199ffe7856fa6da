// Commands that set a school up: `policy check`, `school add`, `import`, `demo`, `migrate`.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openDatabase } from '../../db/client.js';
import { migrate } from '../../db/migrate.js';
import { createDemoSchool, DEMO_SLUG } from '../../demo/index.js';
import { checkPolicyFile } from '../../policy/check.js';
import { runImportCommand } from '../../register/import-command.js';
import { addOrUpdateSchool } from '../../register/schools.js';
import type { RegisterActor } from '../../register/types.js';
import { isIsoDate } from '../../rules/index.js';
import { localDateOf } from '../../rules/local-time.js';
import { fail } from '../output.js';

const CLI_ACTOR: RegisterActor = { name: process.env.ROLLCALL_ACTOR ?? 'rollcall CLI', role: 'data-manager' };

export function registerSetupCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (embedded PGlite, or the server in DATABASE_URL)')
    .action(async () => {
      const db = await openDatabase({ migrate: false });
      try {
        const result = await migrate(db.sql);
        console.log(result.applied.length ? `applied: ${result.applied.join(', ')}` : 'database is up to date');
      } finally {
        await db.close();
      }
    });

  program
    .command('policy')
    .description('school policy files')
    .command('check <file>')
    .description('validate a policy file; exit 1 naming each invalid field, warnings where it conflicts with the law')
    .action((file: string) => {
      const report = checkPolicyFile(file);
      (report.exitCode === 0 ? console.log : console.error)(report.output);
      process.exitCode = report.exitCode;
    });

  program
    .command('school')
    .description('schools in this deployment (a trust is several schools in one database)')
    .command('add <slug>')
    .requiredOption('--policy <file>', 'the school policy YAML')
    .description('register a school with its policy; running it again updates the policy')
    .action(async (slug: string, o: { policy: string }) => {
      const db = await openDatabase();
      try {
        const saved = await addOrUpdateSchool(db.prisma, { slug, policyYaml: readFileSync(o.policy, 'utf8') }, CLI_ACTOR);
        console.log(`${saved.created ? 'added' : saved.changed ? 'updated' : 'unchanged'}: ${saved.school.slug} (${saved.school.name})`);
        for (const w of saved.warnings) console.log(`  warning ${w.path}: ${w.message}`);
      } catch (error) {
        fail((error as Error).message);
      } finally {
        await db.close();
      }
    });

  program
    .command('import <files...>')
    .requiredOption('--school <slug>', 'the school')
    .description('import pupils.csv, contacts.csv, marks.csv, staff.csv (all or nothing per file)')
    .action(async (files: string[], o: { school: string }) => {
      const db = await openDatabase();
      try {
        const outcome = await runImportCommand({ db, schoolSlug: o.school, files, actor: CLI_ACTOR, tty: !!process.stderr.isTTY });
        (outcome.exitCode === 0 ? console.log : console.error)(outcome.output);
        process.exitCode = outcome.exitCode;
      } finally {
        await db.close();
      }
    });

  program
    .command('demo')
    .description(`create (or bring up to date) the synthetic demo school "${DEMO_SLUG}"`)
    .option('--today <YYYY-MM-DD>', 'the school day the demo represents (default: today in London)')
    .option('--write-csv <dir>', 'also write the generated import files to this folder')
    .action(async (o: { today?: string; writeCsv?: string }) => {
      if (o.today && !isIsoDate(o.today)) return fail(`--today must be YYYY-MM-DD, not "${o.today}"`);
      const db = await openDatabase();
      try {
        const today = o.today ?? localDateOf(new Date(), 'Europe/London');
        const result = await createDemoSchool(db, { today, now: new Date(), writeCsvTo: o.writeCsv });
        const m = result.imports.marks;
        console.log(`demo school "${DEMO_SLUG}" ready for ${today}: ${result.imports.pupils.rows} pupils, ${m.rows} marks (${m.inserted} new, ${m.amended} amended)`);
      } finally {
        await db.close();
      }
    });
}
