// `rollcall mis sync --school S [--full]` and `rollcall mis status`: the register feed from a school's MIS.
import type { Command } from 'commander';
import { print } from '../output.js';
import { runOperation } from '../run-operation.js';

export function registerMisCommands(program: Command): void {
  const mis = program.command('mis').description('register data from the school\'s MIS (Wonde)');
  mis
    .command('sync')
    .requiredOption('--school <slug>', 'the school')
    .option('--full', 'read everything, not only what changed since the last sync')
    .description('read the school\'s register from its MIS now and apply it (all or nothing per batch)')
    .action(async (o: { school: string; full?: boolean }) => print(await runOperation('mis-sync', { school: o.school, full: !!o.full })));
  mis
    .command('status')
    .description('per school: where the register comes from, how fresh it is, the last sync and its errors')
    .action(async () => print(await runOperation('mis-status', {})));
}
