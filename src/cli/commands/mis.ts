// `rollcall mis sync --school S [--full]` and `rollcall mis status`: the register feed from a school's MIS.
import type { Command } from 'commander';
import { loadAllSchools, loadSchool } from '../../register/schools.js';
import { openDatabase } from '../../db/client.js';
import { isMisError } from '../../mis/errors.js';
import { sourceFor } from '../../mis/sources.js';
import { feedStatus, statusText } from '../../mis/status.js';
import { syncSchool } from '../../mis/sync.js';
import { fail } from '../output.js';

export function registerMisCommands(program: Command): void {
  const mis = program.command('mis').description('register data from the school\'s MIS (Wonde)');
  mis
    .command('sync')
    .requiredOption('--school <slug>', 'the school')
    .option('--full', 'read everything, not only what changed since the last sync')
    .description('read the school\'s register from its MIS now and apply it (all or nothing per batch)')
    .action(async (o: { school: string; full?: boolean }) => {
      const db = await openDatabase();
      try {
        const school = await loadSchool(db.prisma, { slug: o.school });
        const source = sourceFor(school.policy, process.env);
        if (!source) return fail(`${school.slug} takes its register from CSV imports (mis.provider: csv): use \`rollcall import\`.`);
        const outcome = await syncSchool({ db, schoolId: school.id, policy: school.policy, source, now: new Date(), full: !!o.full });
        if (!outcome.ok) return fail(`sync failed${outcome.retryable ? ' (Rollcall will try again)' : ''}: ${outcome.error}`);
        const c = outcome.counts;
        console.log(`${outcome.full ? 'full' : 'incremental'} sync of ${school.slug}: ${c.pupils} pupils, ${c.contacts} contacts, ${c.staff} staff, ${c.marks} marks (${c.marksInserted} new, ${c.marksAmended} amended), ${c.leavers} leavers`);
      } catch (error) {
        if (isMisError(error)) return fail(error.message);
        fail((error as Error).message);
      } finally {
        await db.close();
      }
    });
  mis
    .command('status')
    .description('per school: where the register comes from, how fresh it is, the last sync and its errors')
    .action(async () => {
      const db = await openDatabase();
      try {
        console.log(statusText(await feedStatus(db.prisma, await loadAllSchools(db.prisma), new Date())));
      } finally {
        await db.close();
      }
    });
}
