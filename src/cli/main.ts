// The `rollcall` command line: start, migrate, and (as they land) policy, school, import, demo, report.
import { Command } from 'commander';
import { openDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';

const program = new Command('rollcall').description('Attendance and safeguarding routines for schools, in Slack and Teams');

program
  .command('migrate')
  .description('apply pending database migrations (embedded PGlite, or DATABASE_URL)')
  .action(async () => {
    const db = await openDatabase({ migrate: false });
    const result = await migrate(db.sql);
    console.log(result.applied.length ? `applied: ${result.applied.join(', ')}` : 'database is up to date');
    await db.close();
  });

program
  .command('start')
  .description('run Rollcall (local mode when no chat credentials are set)')
  .action(async () => {
    const db = await openDatabase();
    const schools = await db.prisma.school.count();
    console.log(`Rollcall: ${db.kind} database ready, ${schools} school(s).`);
    await db.close();
  });

await program.parseAsync(process.argv);
// PGlite leaves a long timer pending; one-shot commands end here explicitly.
process.exit(process.exitCode ?? 0);
