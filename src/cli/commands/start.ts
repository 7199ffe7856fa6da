// `rollcall start` (npm start): local mode on the embedded database with the demo school when no chat
// credentials are set; Slack when SLACK_BOT_TOKEN is, Teams when TEAMS_APP_ID is (see README). Runs until
// stopped. The work is in ../start-app.ts, loaded only when this command runs.
import type { Command } from 'commander';
import { currentOwner, DatabaseInUse } from '../../db/data-folder-lock.js';
import { defaultDataDir, isPostgresUrl } from '../../db/where.js';
import { fail } from '../output.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run Rollcall (local mode with the demo school when no chat credentials are set)')
    .option('--no-terminal', 'local mode: web page only, no terminal input')
    .option('--stdin', 'local mode: read commands from standard input even when it is not a terminal')
    .option('--mis <provider>', 'local mode: feed the demo school from a local fake MIS ("wonde") instead of CSV files (or ROLLCALL_DEMO_MIS=wonde)')
    .action(async (o: { terminal: boolean; stdin?: boolean; mis?: string }) => {
      const demoMis = o.mis ?? process.env.ROLLCALL_DEMO_MIS;
      if (demoMis !== undefined && demoMis !== 'wonde') return fail(`--mis can only be "wonde" (the demo's local fake Wonde), not "${demoMis}"`);
      // Refused at once, before loading the app; opening the database checks again, race-free.
      const owner = isPostgresUrl(process.env.DATABASE_URL) ? undefined : await currentOwner(defaultDataDir());
      if (owner) return fail(new DatabaseInUse(owner, defaultDataDir()).message);
      await (await import('../start-app.js')).startApp({ ...o, ...(demoMis ? { demoMis } : {}) });
    });
}
