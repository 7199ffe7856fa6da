// The whole of Rollcall behind the real Teams endpoint (dev mode: no JWT), against a fake Bot Connector,
// on a fresh test database with an injected clock: the Teams twin of slack-harness.ts. Rollcall is
// "installed" in a team whose channels are named like the policy's (attendance, incidents, slt), the
// way a school would set it up, so proactive posts to '#attendance' find their conversation. Workflow
// end-to-end tests send channel messages and Action.Execute presses, drain the outbox and fire timers
// by hand, and assert what the fake connector shows and what the database holds.
import { createRollcall, type Rollcall } from '../../src/app/rollcall.js';
import { createSchoolRouting } from '../../src/core/school-routing.js';
import { releasingHeld } from '../../src/app/serve.js';
import type { Workflow } from '../../src/core/workflow.js';
import type { ChatLogger } from '../../src/chat/router.js';
import { createTeamsApp, type TeamsApp } from '../../src/chat/teams/app.js';
import { DbConversationStore } from '../../src/chat/teams/db-conversation-store.js';
import type { Database } from '../../src/db/client.js';
import { ManualClock } from '../../src/jobs/index.js';
import { bindSchools } from './bindings.js';
import { createTestDatabase } from './db.js';
import { cardsOf, FakeBotConnector, shownText, type ConnectorRateLimit, type FakeTeamsMessage, type Json } from './fake-bot-connector.js';
import { actionExecuteActivity, conversationUpdateActivity, messageActivity, postActivity, type TeamsScene, type TeamsUser, type Where } from './teams-activity.js';

export const TENANT = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const TEAM_ID = '19:harness-general@thread.tacv2';
export const BOT = { id: '28:0b5e7a2c-1111-4222-8333-444455556666', name: 'Rollcall' };
/** The team's channels, named the way the policies name them (Teams channel names cannot hold "#"). */
export const CHANNELS = {
  attendance: '19:harness-attendance@thread.tacv2',
  incidents: '19:harness-incidents@thread.tacv2',
  leadership: '19:harness-slt@thread.tacv2',
} as const;

export type InvokeBody = { statusCode?: Json; type?: Json; value?: Json };

export interface TeamsHarness {
  db: Database;
  clock: ManualClock;
  fake: FakeBotConnector;
  rollcall: Rollcall;
  teams: TeamsApp;
  store: DbConversationStore;
  /** Adds Rollcall to the harness team (done at start unless `installed: false`). */
  install(): Promise<void>;
  scene: TeamsScene;
  url: string;
  /** A command typed in a channel (a new root post, Rollcall @mentioned), default the attendance channel. */
  message(user: TeamsUser, text: string, extra?: { channel?: string; id?: string }): Promise<Response>;
  /** A command typed in the person's 1:1 chat with Rollcall. */
  personal(user: TeamsUser, text: string, extra?: { id?: string }): Promise<Response>;
  /** An Action.Execute press on a card; returns the invoke response body. */
  execute(user: TeamsUser, verb: string, data: Record<string, unknown>, extra: { card: FakeTeamsMessage; id?: string }): Promise<InvokeBody>;
  /** Root posts (not thread replies) in a conversation, oldest first. */
  posts(conversationId: string): FakeTeamsMessage[];
  /** Thread replies under a root post. */
  replies(conversationId: string, rootId: string): FakeTeamsMessage[];
  /** What the person's 1:1 chat with Rollcall shows (each message's card text), oldest first. */
  privateTo(user: TeamsUser): Promise<string[]>;
  /** Delivers every due outbox message to the fake Bot Connector. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface TeamsHarnessOptions {
  workflows: readonly Workflow[];
  now: Date;
  /** Prepare schools, staff (teamsUserId = the AAD object ids below) and pupils before the app starts;
   * schools left unbound are bound to the harness team. */
  seed(db: Database): Promise<void>;
  /** Start before Rollcall is added to the team (default: installed). */
  installed?: boolean;
  /** Operator log lines (delivery trouble); default: kept quiet. */
  log?: (line: string) => void;
  /** Teams-like per-conversation rate limits on the fake connector, counted on the harness clock. */
  rateLimit?: ConnectorRateLimit;
  /** A migrated database to use (benchmarks); default a fresh test database. */
  db?: Database;
}

export const quietLogger: ChatLogger = { warn: () => undefined, error: () => undefined };

/** Text of every card in a message (or list of them). */
export function cardText(value: FakeTeamsMessage | FakeTeamsMessage[] | undefined): string {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.map((m) => shownText(cardsOf(m.activity)) || (typeof m.activity['text'] === 'string' ? m.activity['text'] : '')).join('\n');
}

/** Every Action.Execute in a card (or anything), with its verb and data. */
export function executeActions(value: unknown): { verb: string; data: Record<string, unknown> }[] {
  const out: { verb: string; data: Record<string, unknown> }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const data = o['data'];
      if (o['type'] === 'Action.Execute' && typeof o['verb'] === 'string') out.push({ verb: o['verb'], data: data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {} });
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return out;
}

export const channelPost = (channel: string, rootId: string): Where => ({
  conversationId: `${channel};messageid=${rootId}`,
  conversationType: 'channel',
  channel: { id: channel },
});
/** The 1:1 chat as the fake Bot Connector names it when Rollcall opens it with the person's Teams id. */
export const personalWith = (user: TeamsUser): Where => ({ conversationId: `a:1on1-${user.id}`, conversationType: 'personal' });

let seq = 1_763_900_000_000;

export async function startTeamsHarness(options: TeamsHarnessOptions): Promise<TeamsHarness> {
  const db = options.db ?? (await createTestDatabase());
  await options.seed(db);
  await bindSchools(db, { teams: { tenantId: TENANT, teamId: TEAM_ID } });
  const clock = new ManualClock(options.now);
  const fake = await FakeBotConnector.start({
    teamChannels: { [TEAM_ID]: [{ id: TEAM_ID }, { id: CHANNELS.attendance, name: 'attendance' }, { id: CHANNELS.incidents, name: 'incidents' }, { id: CHANNELS.leadership, name: 'slt' }] },
    ...(options.rateLimit ? { rateLimit: options.rateLimit, now: () => clock.now().getTime() } : {}),
  });
  const routing = createSchoolRouting(db.prisma);
  const rollcall = createRollcall({ db, platforms: ['teams'], workflows: options.workflows, clock, routing, log: options.log ?? (() => undefined) });
  const store = new DbConversationStore(db.prisma);
  const teams = createTeamsApp({
    devMode: true,
    router: rollcall.router,
    staffDirectory: rollcall.staffDirectory,
    deliveryLog: rollcall.deliveryLog,
    conversationStore: releasingHeld(store, () => rollcall.outbox.release('teams')),
    answerLater: rollcall.answerLater,
    schoolForConversation: (info) => routing.teams({ ...info, ...(info.teamId ? { channelId: info.conversationId } : {}) }),
    logger: quietLogger,
    now: () => clock.now().getTime(),
  });
  rollcall.attach(teams.chat);
  const { port } = await teams.start(0);
  const url = `http://127.0.0.1:${String(port)}/api/messages`;
  const scene: TeamsScene = { serviceUrl: fake.serviceUrl, tenantId: TENANT, bot: BOT, teamId: TEAM_ID, teamName: 'Office' };

  // Installing Rollcall in the team stores General and every channel the team lists, by name.
  const install = async () => {
    const installed = await postActivity(url, conversationUpdateActivity(scene, { conversationId: TEAM_ID, conversationType: 'channel', channel: { id: TEAM_ID } }, { membersAdded: [{ id: BOT.id }] }));
    if (installed.status !== 200) throw new Error(`install failed: ${installed.status}`);
  };
  if (options.installed !== false) await install();

  const h: TeamsHarness = {
    db, clock, fake, rollcall, teams, store, scene, url, install,
    message: (user, text, extra = {}) => {
      const id = extra.id ?? String(++seq);
      return postActivity(url, messageActivity(scene, channelPost(extra.channel ?? CHANNELS.attendance, id), user, text, { id }));
    },
    // Teams keeps one 1:1 chat per person and bot: the one Rollcall already opened, else the fake's id for it.
    personal: async (user, text, extra = {}) => {
      const known = await store.personal(user.aadObjectId ?? user.id);
      const where = known ? { conversationId: known.conversationId, conversationType: 'personal' as const } : personalWith(user);
      return postActivity(url, messageActivity(scene, where, user, text, { id: extra.id ?? String(++seq) }));
    },
    async execute(user, verb, data, extra) {
      const where = extra.card.conversationId.startsWith('a:') ? { conversationId: extra.card.conversationId, conversationType: 'personal' as const } : channelPost(extra.card.conversationId, extra.card.threadId ?? extra.card.id);
      const res = await postActivity(url, actionExecuteActivity(scene, where, user, { verb, data, cardActivityId: extra.card.id, ...(extra.id ? { id: extra.id } : {}) }));
      if (res.status !== 200) throw new Error(`invoke answered ${res.status}`);
      return (await res.json()) as InvokeBody;
    },
    posts: (conversationId) => fake.messages(conversationId).filter((m) => m.threadId === undefined),
    replies: (conversationId, rootId) => fake.messages(conversationId).filter((m) => m.threadId === rootId),
    async privateTo(user) {
      const chat = await store.personal(user.aadObjectId ?? user.id);
      return chat ? fake.messages(chat.conversationId).map((m) => cardText(m)) : [];
    },
    drain: async () => {
      await rollcall.outbox.drain();
    },
    close: async () => {
      await rollcall.stop();
      await teams.stop();
      await fake.close();
      await db.close();
    },
  };
  return h;
}
