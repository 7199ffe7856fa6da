// `rollcall start` (npm start): local mode on the embedded database with the demo school when no chat
// credentials are set; Slack when SLACK_BOT_TOKEN is (see README). Runs until stopped.
import type { Command } from 'commander';
import { serve } from '../../app/serve.js';
import { chatConfigFromEnv } from '../../chat/config.js';
import { teamsConfigFromEnv } from '../../chat/teams/index.js';
import { openDatabase } from '../../db/client.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run Rollcall (local mode with the demo school when no chat credentials are set)')
    .option('--no-terminal', 'local mode: web page only, no terminal input')
    .option('--stdin', 'local mode: read commands from standard input even when it is not a terminal')
    .action(async (o: { terminal: boolean; stdin?: boolean }) => {
      const config = chatConfigFromEnv(process.env);
      const db = await openDatabase();
      const terminal = o.terminal === false ? false : o.stdin ? true : undefined;
      const teams = teamsConfigFromEnv(process.env);
      const teamsPort = process.env.TEAMS_PORT ? Number(process.env.TEAMS_PORT) : undefined;
      const server = await serve({ db, config, ...(teams ? { teams } : {}), ...(teamsPort ? { teamsPort } : {}), ...(terminal === undefined ? {} : { terminal }) });
      const shutdown = async () => {
        await server.stop();
        await db.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      await server.done;
      await shutdown();
    });
}
