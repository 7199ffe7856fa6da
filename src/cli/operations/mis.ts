// `rollcall mis sync --school S [--full]` and `rollcall mis status`: the register feed from a school's MIS,
// run where the database is (in the running app when it owns the embedded database).
import { z } from 'zod';
import { isMisError } from '../../mis/errors.js';
import { sourceFor } from '../../mis/sources.js';
import { feedStatus, statusText } from '../../mis/status.js';
import { syncSchool } from '../../mis/sync.js';
import { MAX_ERRORS_SHOWN } from '../../register/import-command.js';
import { loadAllSchools, loadSchool } from '../../register/schools.js';
import { defineOperation, failed, printed } from '../operation.js';

export const misSync = defineOperation({
  input: z.object({ school: z.string().min(1), full: z.boolean() }),
  async run(db, input) {
    const school = await loadSchool(db.prisma, { slug: input.school });
    let source;
    try {
      source = sourceFor(school.policy, process.env);
    } catch (error) {
      if (isMisError(error)) return failed(error.message);
      throw error;
    }
    if (!source) return failed(`${school.slug} takes its register from CSV imports (mis.provider: csv): use \`rollcall import\`.`);
    const outcome = await syncSchool({ db, schoolId: school.id, policy: school.policy, source, now: new Date(), full: input.full });
    if (!outcome.ok) return failed(`sync failed${outcome.retryable ? ' (Rollcall will try again)' : ''}: ${outcome.error}`);
    const c = outcome.counts;
    const { warnings, heldBack } = outcome.applied;
    const listed = (lines: string[], label: string) => [
      ...lines.slice(0, MAX_ERRORS_SHOWN).map((w) => `  ${label}: ${w}`),
      ...(lines.length > MAX_ERRORS_SHOWN ? [`  ...and ${lines.length - MAX_ERRORS_SHOWN} more`] : []),
    ];
    return printed([
      `${outcome.full ? 'full' : 'incremental'} sync of ${school.slug}: ${c.pupils} pupils, ${c.contacts} contacts, ${c.staff} staff, ${c.marks} marks (${c.marksInserted} new, ${c.marksAmended} amended${heldBack.length ? `, ${heldBack.length} held back` : ''}), ${c.leavers} leavers`,
      ...listed(heldBack, 'held back'),
      ...listed(warnings, 'warning'),
    ].join('\n'));
  },
});

export const misStatus = defineOperation({
  input: z.object({}),
  async run(db) {
    return printed(statusText(await feedStatus(db.prisma, await loadAllSchools(db.prisma), new Date())));
  },
});
