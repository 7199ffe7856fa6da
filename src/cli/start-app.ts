// What `rollcall start` does, loaded only when it runs: open the database (its one owner, on the embedded
// database), serve the chat platforms, and on the embedded database open the door through which other
// rollcall commands reach it (./owner-endpoint.ts). Runs until stopped.
import { z } from 'zod';
import { serve } from '../app/serve.js';
import { chatConfigFromEnv } from '../chat/config.js';
import { teamsConfigFromEnv } from '../chat/teams/config.js';
import { openDatabase } from '../db/client.js';
import { DatabaseInUse, shownFolder } from '../db/data-folder-lock.js';
import { existsSync } from 'node:fs';
import { defaultDataDir, isPostgresUrl } from '../db/where.js';
import { startOwnerEndpoint } from './owner-endpoint.js';
import { startupProgress } from './startup-progress.js';

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

export interface StartOptions {
  terminal: boolean;
  stdin?: boolean;
  /** Local mode: the demo school fed from a local fake Wonde. */
  demoMis?: 'wonde';
}

export async function startApp(o: StartOptions): Promise<void> {
  const config = chatConfigFromEnv(process.env);
  const teams = teamsConfigFromEnv(process.env);
  const teamsPort = process.env.TEAMS_PORT ? Number(process.env.TEAMS_PORT) : undefined;
  const importEndpoint = importEndpointFromEnv(process.env);
  const terminal = o.terminal === false ? false : o.stdin ? true : undefined;
  const progress = startupProgress();
  if (!isPostgresUrl(process.env.DATABASE_URL) && !existsSync(defaultDataDir())) {
    const demo = config.mode === 'local' && !teams ? ' and the demo school (about a minute; later starts take seconds)' : '';
    progress.step(`First start: creating the embedded database in ${shownFolder(defaultDataDir())}${demo}...`);
  }
  let db;
  try {
    db = await openDatabase({ command: 'rollcall start' });
  } catch (error) {
    if (!(error instanceof DatabaseInUse)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  // Signals are taken from here on, not once serving has started: a stop asked for while serve() is still
  // starting (catching up timers, replaying acknowledged requests) must still close the database cleanly.
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  let owner: Awaited<ReturnType<typeof startOwnerEndpoint>> | undefined;
  const shutdown = async () => {
    await owner?.stop();
    await server?.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  server = await serve({
    db, config, ...(teams ? { teams } : {}), ...(teamsPort ? { teamsPort } : {}), ...(terminal === undefined ? {} : { terminal }),
    ...(importEndpoint ? { importEndpoint } : {}), ...(o.demoMis ? { demoMis: o.demoMis } : {}),
    onDemoImport: progress.demoImport,
  });
  progress.done();
  owner = db.lock ? await startOwnerEndpoint(db, db.lock) : undefined;
  await server.done;
  await shutdown();
}
