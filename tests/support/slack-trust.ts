// A trust's schools in one Slack workspace, served by `serve()` itself (the real wiring and Bolt receiver)
// against the fake Slack Web API, on a fresh test database: for the tests of which school a request and a
// post belong to.
import { serve, type Server } from '../../src/app/serve.js';
import type { Database } from '../../src/db/client.js';
import { createTestDatabase } from './db.js';
import { FakeSlack } from './fake-slack.js';
import { seedTrustSchool, type TrustSchool } from './trust-seed.js';

export interface SlackTrust {
  db: Database;
  fake: FakeSlack;
  server: Server;
  /** Where signed requests go. */
  url: string;
  /** School ids by slug. */
  ids: Record<string, string>;
  close(): Promise<void>;
}

export async function serveSlackTrust(
  schools: readonly TrustSchool[],
  options: { token: string; signingSecret: string; workspace: string; seeded?: (db: Database) => Promise<void> },
): Promise<SlackTrust> {
  const db = await createTestDatabase();
  const ids: Record<string, string> = {};
  for (const school of schools) ids[school.slug] = await seedTrustSchool(db, school);
  await options.seeded?.(db);
  const fake = await FakeSlack.start({ token: options.token, teamId: options.workspace });
  const server = await serve({ db, config: { mode: 'slack-http', botToken: options.token, signingSecret: options.signingSecret, apiUrl: fake.apiUrl, port: 0 } });
  return {
    db, fake, server, ids,
    url: `http://127.0.0.1:${String(server.ports.slack)}/slack/events`,
    async close() {
      await server.stop();
      await fake.close();
      await db.close();
    },
  };
}
