// The `rollcall` command line. Each group of commands lives in ./commands; this file only assembles them.
import { Command } from 'commander';
import { registerExportCommands } from './commands/exports.js';
import { registerMisCommands } from './commands/mis.js';
import { registerReportCommands } from './commands/reports.js';
import { registerSetupCommands } from './commands/setup.js';
import { registerStartCommand } from './commands/start.js';
import { exitWhenWritten } from './output.js';

const program = new Command('rollcall').description('Attendance and safeguarding routines for schools, in Slack and Teams');
registerStartCommand(program);
registerSetupCommands(program);
registerReportCommands(program);
registerExportCommands(program);
registerMisCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
// PGlite and the WASM engine leave timers pending; one-shot commands end here explicitly.
if (!program.args.includes('start') || process.exitCode) await exitWhenWritten(Number(process.exitCode ?? 0));
