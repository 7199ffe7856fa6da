// The whole of Rollcall behind a real Bolt HTTP receiver, against the fake Slack Web API, on a fresh
// test database with an injected clock. Workflow end-to-end tests use this: send signed slash commands
// and button presses, then drain the outbox and fire timers by hand, and assert what landed in Slack
// and in the database.
import { createRollcall, type Rollcall } from '../../src/app/rollcall.js';
import type { Workflow } from '../../src/core/workflow.js';
import { createSlackApp, type SlackApp } from '../../src/chat/slack/app.js';
import { createSchoolRouting } from '../../src/core/school-routing.js';
import type { Database } from '../../src/db/client.js';
import { ManualClock } from '../../src/jobs/index.js';
import { bindSchools } from './bindings.js';
import { createTestDatabase } from './db.js';
import { FakeSlack } from './fake-slack.js';
import { blockActionsPayload, interactionBody, sendSigned, slashCommandBody, viewSubmissionPayload } from './slack-signing.js';

export const SIGNING_SECRET = 'harness-signing-secret';
export const BOT_TOKEN = 'xoxb-harness';
export const TEAM_ID = 'T0HARNESS';

export interface SlackHarness {
  db: Database;
  clock: ManualClock;
  fake: FakeSlack;
  rollcall: Rollcall;
  slack: SlackApp;
  url: string;
  /** Sends a signed slash command as the Slack user; returns the HTTP response. */
  command(user: string, command: string, text: string, extra?: { channel?: string; responseKey?: string; retryNum?: number; timestamp?: number; signingSecret?: string }): Promise<Response>;
  /** Presses a button (block_actions) on a posted message. */
  press(user: string, actionId: string, value: string, extra?: { channel?: string; messageTs?: string; responseKey?: string; retryNum?: number; triggerId?: string }): Promise<Response>;
  /** Submits a modal. */
  submit(user: string, callbackId: string, values: Record<string, string>, privateMetadata?: string): Promise<Response>;
  /** Delivers every due outbox message to the fake Slack. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  workflows: readonly Workflow[];
  /** The clock's starting instant. */
  now: Date;
  /** Prepare schools, staff and pupils before the app starts; schools left unbound are bound to TEAM_ID. */
  seed(db: Database): Promise<void>;
  /** A migrated database to use (benchmarks); default a fresh test database. */
  db?: Database;
  /** How long a Web API call may take (the app's default otherwise). */
  requestTimeoutMs?: number;
}

export async function startSlackHarness(options: HarnessOptions): Promise<SlackHarness> {
  const db = options.db ?? (await createTestDatabase());
  await options.seed(db);
  // The harness workspace is every school's, as its admin would set in the policy.
  await bindSchools(db, { slack: { teamId: TEAM_ID } });
  const clock = new ManualClock(options.now);
  const fake = await FakeSlack.start({ token: BOT_TOKEN, teamId: TEAM_ID });
  const routing = createSchoolRouting(db.prisma);
  const rollcall = createRollcall({ db, platforms: ['slack'], workflows: options.workflows, clock, routing });
  const slack = createSlackApp({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    apiUrl: fake.apiUrl,
    router: rollcall.router,
    staffDirectory: rollcall.staffDirectory,
    deliveryLog: rollcall.deliveryLog,
    acknowledged: rollcall.acknowledged,
    schoolForTeam: (origin) => routing.slack(origin),
    now: () => clock.now().getTime(),
    logLevel: 'error',
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
  });
  rollcall.attach(slack.chat);
  const { port } = await slack.start(0);
  const url = `http://127.0.0.1:${String(port)}/slack/events`;
  let seq = 0;
  const send = (body: string, retryNum?: number, timestamp?: number, secret = SIGNING_SECRET) =>
    sendSigned(url, body, { signingSecret: secret, ...(retryNum !== undefined ? { retryNum } : {}), ...(timestamp !== undefined ? { timestamp } : {}) });
  return {
    db, clock, fake, rollcall, slack, url,
    command: (user, command, text, extra = {}) =>
      send(
        slashCommandBody({ command, text, user_id: user, team_id: TEAM_ID, channel_id: extra.channel ?? 'C0OFFICE', response_url: fake.responseUrl(extra.responseKey ?? `r${++seq}`), trigger_id: `trig-${++seq}` }),
        extra.retryNum, extra.timestamp, extra.signingSecret,
      ),
    press: (user, actionId, value, extra = {}) =>
      send(
        interactionBody(blockActionsPayload({ userId: user, teamId: TEAM_ID, actionId, value, channelId: extra.channel ?? 'C0OFFICE', messageTs: extra.messageTs ?? '1.000', responseUrl: fake.responseUrl(extra.responseKey ?? `r${++seq}`), triggerId: extra.triggerId ?? `trig-${++seq}` })),
        extra.retryNum,
      ),
    submit: (user, callbackId, values, privateMetadata = '') =>
      send(interactionBody(viewSubmissionPayload({ userId: user, teamId: TEAM_ID, callbackId, privateMetadata, values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { text: v }])) }))),
    drain: async () => {
      await rollcall.outbox.drain();
    },
    close: async () => {
      await rollcall.stop();
      await slack.stop();
      await fake.close();
      await db.close();
    },
  };
}
