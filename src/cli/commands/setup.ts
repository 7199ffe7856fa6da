// Commands that set a school up: `policy check`, `school add`, `import`, `demo`, `migrate`. Each action
// loads its code when run, so `rollcall --help` loads none of it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { isIsoDate } from '../../rules/dates.js';
import { fail, print } from '../output.js';
import { runOperation } from '../run-operation.js';

async function actor() {
  return (await import('../operations/actor.js')).cliActor();
}

function readOrReason(path: string): { path: string; text: string } | { path: string; unreadable: string } {
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { path, unreadable: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

export function registerSetupCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (embedded PGlite, or the server in DATABASE_URL)')
    .action(async () => print(await runOperation('migrate', {})));

  program
    .command('policy')
    .description('school policy files')
    .command('check <file>')
    .description('validate a policy file; exit 1 naming each invalid field, warnings where it conflicts with the law')
    .action(async (file: string) => {
      const { checkPolicyFile } = await import('../../policy/check.js');
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
      let policyYaml: string;
      try {
        policyYaml = readFileSync(o.policy, 'utf8');
      } catch (error) {
        return fail(`${o.policy}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
      print(await runOperation('school-add', { slug, policyYaml, actor: await actor() }));
    });

  program
    .command('import <files...>')
    .requiredOption('--school <slug>', 'the school')
    .description('import pupils.csv, contacts.csv, marks.csv, staff.csv (all or nothing per file)')
    .action(async (files: string[], o: { school: string }) => {
      const input = { school: o.school, files: files.map(readOrReason), actor: await actor() };
      print(await runOperation('import', input, { tty: !!process.stderr.isTTY }));
    });

  program
    .command('demo')
    .description('create (or bring up to date) the synthetic demo school "demo"')
    .option('--today <YYYY-MM-DD>', 'the school day the demo represents (default: today in London)')
    .option('--write-csv <dir>', 'also write the generated import files to this folder')
    .option('--mis <provider>', 'feed the demo from a local fake MIS instead ("wonde"): it runs inside `rollcall start --mis wonde`')
    .action(async (o: { today?: string; writeCsv?: string; mis?: string }) => {
      if (o.mis !== undefined) {
        if (o.mis !== 'wonde') return fail(`--mis can only be "wonde", not "${o.mis}"`);
        console.log('The demo\'s fake Wonde runs inside Rollcall, so the sync has something to read: start local mode with `npm start -- --mis wonde` (or ROLLCALL_DEMO_MIS=wonde npm start).');
        return;
      }
      if (o.today && !isIsoDate(o.today)) return fail(`--today must be YYYY-MM-DD, not "${o.today}"`);
      print(await runOperation('demo', { ...(o.today ? { today: o.today } : {}), ...(o.writeCsv ? { writeCsv: resolve(o.writeCsv) } : {}) }));
    });
}
