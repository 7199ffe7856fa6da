// `rollcall start` (npm start): local mode on the embedded database with the demo school when no chat
// credentials are set; Slack when SLACK_BOT_TOKEN is (see README). Runs until stopped.
import type { Command } from 'commander';
import { z } from 'zod';
import { serve } from '../../app/serve.js';
import { chatConfigFromEnv } from '../../chat/config.js';
import { teamsConfigFromEnv } from '../../chat/teams/index.js';
import { openDatabase } from '../../db/client.js';

const importEnvSchema = z.object({
  ROLLCALL_IMPORT_TOKEN: z.string().min(32, 'ROLLCALL_IMPORT_TOKEN must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  IMPORT_PORT: z.coerce.number().int().min(1).max(65_535).default(3100),
});

/** The HTTP import is on only when a token is set in the environment. */
export function importEndpointFromEnv(env: NodeJS.ProcessEnv): { token: string; port: number } | undefined {
  const parsed = importEnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { ROLLCALL_IMPORT_TOKEN: token, IMPORT_PORT: port } = parsed.data;
  return token ? { token, port } : undefined;
}

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
      const importEndpoint = importEndpointFromEnv(process.env);
      const server = await serve({
        db, config, ...(teams ? { teams } : {}), ...(teamsPort ? { teamsPort } : {}), ...(terminal === undefined ? {} : { terminal }),
        ...(importEndpoint ? { importEndpoint } : {}),
      });
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
