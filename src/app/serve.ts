// Runs Rollcall as a long-lived process. The chat platforms come from the environment: Slack by its usual
// variables, Teams by TEAMS_APP_ID (or its named dev mode), both at once if both are set (each school is
// served where its policy binds it: school-routing.ts), and local mode when neither is. Local mode also
// brings the demo school up to today so there is always something to act on. Each platform's code is
// loaded only when it is served: the Slack and Teams SDKs are large, and a process holds what it loads.
import { resolve } from 'node:path';
import type { ChatConfig } from '../chat/config.js';
import type { ChatLogger } from '../chat/router.js';
import { portError } from '../chat/listen.js';
import type { Platform } from '../chat/model.js';
import type { TeamsConfig } from '../chat/teams/config.js';
import type { ConversationStore } from '../chat/teams/conversation-store.js';
import type { Database } from '../db/client.js';
import type { ImportKind, ProgressListener } from '../register/types.js';
import { localDateOf } from '../rules/local-time.js';
import { IMPORT_PATH, startImportEndpoint } from '../core/import-endpoint.js';
import { createRollcall, type Rollcall } from './rollcall.js';
import { loadAllSchools, loadSchool, type SchoolWithPolicy } from '../register/schools.js';
import { bindingConflicts, createSchoolRouting, isBoundTo } from '../core/school-routing.js';
import { WORKFLOWS } from './workflows.js';

export interface Server {
  rollcall: Rollcall;
  /** Settles when the process should end (local terminal closed); never for chat servers. */
  done: Promise<void>;
  /** The HTTP ports bound (useful when asked for port 0). */
  ports: { slack?: number; teams?: number };
  stop(): Promise<void>;
}

export interface ServeOptions {
  db: Database;
  config: ChatConfig;
  teams?: TeamsConfig;
  /** Teams' HTTP port (its own listener beside Slack's); default 3978. */
  teamsPort?: number;
  /** Local mode: read commands from stdin (default: when stdin is a terminal). */
  terminal?: boolean;
  print?: (text: string) => void;
  /** Local mode: feed the demo school from a local fake Wonde instead of CSV files ('wonde'). */
  demoMis?: 'wonde';
  /** Local mode: told before each demo file is imported (for a progress line and bar). */
  onDemoImport?: (kind: ImportKind, rows: number) => ProgressListener | undefined;
  /** The authenticated HTTP import (import-endpoint.ts); off when absent. */
  importEndpoint?: { token: string; port: number };
}

/**
 * Local mode's person reads every answer on the same screen, so a refusal (an unknown pupil, a missing
 * role) is not printed again as a log line; a failure is one line with the reference the answer gave.
 */
const localRouterLogger: ChatLogger = {
  warn: () => undefined,
  error: (what, detail) => {
    const error = detail?.['error'];
    console.error(`Rollcall: ${what} (reference ${String(detail?.['reference'] ?? 'none')}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  },
};

/** The local user to start as: the office manager of the demo school (first-day calling). */
const LOCAL_START_USER = 'S003';

export async function serve(options: ServeOptions): Promise<Server> {
  const server = await servePlatforms(options);
  if (!options.importEndpoint) return server;
  const endpoint = await startImportEndpoint({ db: options.db, clock: server.rollcall.services.clock, ...options.importEndpoint });
  console.log(`Register import: POST http://<this host>:${endpoint.port}${IMPORT_PATH}?school=SLUG&kind=pupils|contacts|marks|staff (bearer token).`);
  return { ...server, stop: async () => { await endpoint.stop(); await server.stop(); } };
}

async function servePlatforms(options: ServeOptions): Promise<Server> {
  const { db, config, teams } = options;
  if (config.mode === 'local' && !teams) return serveLocal(options);
  const platforms: Platform[] = [...(config.mode !== 'local' ? (['slack'] as const) : []), ...(teams ? (['teams'] as const) : [])];
  const routing = createSchoolRouting(db.prisma, teams?.mode === 'production' ? { teamsTenantId: teams.tenantId } : {});
  const rollcall = createRollcall({ db, platforms, workflows: WORKFLOWS, routing });
  const stops: (() => Promise<void>)[] = [];
  const ports: Server['ports'] = {};
  const schools = await loadAllSchools(db.prisma);
  warnAboutBindings(schools, platforms);

  if (config.mode !== 'local') {
    const { createSlackApp } = await import('../chat/slack/app.js');
    const slack = createSlackApp({
      botToken: config.botToken,
      ...(config.signingSecret ? { signingSecret: config.signingSecret } : {}),
      ...(config.mode === 'slack-socket' ? { appToken: config.appToken } : {}),
      ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
      router: rollcall.router,
      staffDirectory: rollcall.staffDirectory,
      deliveryLog: rollcall.deliveryLog,
      acknowledged: rollcall.acknowledged,
      // The embedded database has one owner, so no other process can be handling what this one finds.
      ...(db.kind === 'pglite' ? { replayAfterMs: 0 } : {}),
      schoolForTeam: (request) => routing.slack(request),
    });
    rollcall.attach(slack.chat);
    const started = await slack.start(config.port).catch((error: unknown) => {
      throw portError(error, config.port, 'PORT');
    });
    if (started.port !== undefined) ports.slack = started.port;
    stops.push(() => slack.stop());
    console.log(`Rollcall on Slack: ${slack.mode === 'http' ? `HTTP on port ${started.port ?? config.port}, /slack/events` : 'Socket Mode'}.`);
  }
  if (teams) {
    const { createTeamsApp, DbConversationStore } = await import('../chat/teams/index.js');
    const app = createTeamsApp({
      ...(teams.mode === 'production' ? { appId: teams.appId, appPassword: teams.appPassword, tenantId: teams.tenantId } : { devMode: true }),
      router: rollcall.router,
      staffDirectory: rollcall.staffDirectory,
      deliveryLog: rollcall.deliveryLog,
      conversationStore: releasingHeld(new DbConversationStore(db.prisma), () => rollcall.outbox.release('teams')),
      answerLater: rollcall.answerLater,
      schoolForConversation: (info) => routing.teams({ ...info, ...(info.teamId ? { channelId: info.conversationId } : {}) }),
    });
    rollcall.attach(app.chat);
    const { port } = await app.start(options.teamsPort ?? 3978);
    ports.teams = port;
    stops.push(() => app.stop());
    console.log(`Rollcall on Teams (${app.mode === 'dev' ? 'DEV MODE: no authentication, local testing only' : 'authenticated'}): port ${port}, /api/messages.`);
  }
  await rollcall.start();
  console.log(`Serving ${schools.length} school(s) on ${db.kind}.`);
  return {
    rollcall,
    done: new Promise(() => undefined),
    ports,
    // Requests first (nothing new is taken), then timers and the outbox (sends in flight finish).
    stop: async () => {
      for (const stop of stops) await stop();
      await rollcall.stop();
    },
  };
}

/** Messages held for Teams are tried again as soon as Rollcall learns a conversation (an install). */
export function releasingHeld(store: ConversationStore, release: () => Promise<unknown>): ConversationStore {
  return {
    find: (id) => store.find(id),
    personal: (userId) => store.personal(userId),
    inTeam: (teamId, channel) => store.inTeam(teamId, channel),
    template: (scope) => store.template(scope),
    forget: (where) => store.forget(where),
    async save(entry) {
      await store.save(entry);
      await release();
    },
  };
}

function warnAboutBindings(schools: readonly SchoolWithPolicy[], platforms: readonly Platform[]): void {
  for (const problem of bindingConflicts(schools)) console.warn(`Warning: ${problem}`);
  for (const school of schools) {
    const unbound = platforms.filter((p) => !isBoundTo(school.policy, p));
    if (unbound.length === platforms.length) {
      console.warn(`Warning: ${school.slug} is not bound to ${unbound.join(' or ')} in its policy (channels.slack.teamId / channels.teams.teamId): its messages wait until it is.`);
    }
  }
}

async function serveLocal(options: ServeOptions): Promise<Server> {
  const { db, config } = options;
  const today = localDateOf(new Date(), 'Europe/London');
  const [{ createDemoSchool, DEMO_SLUG }, { startLocalMode }] = await Promise.all([import('../demo/index.js'), import('../chat/local/start.js')]);
  // The fake Wonde (and its fixtures) only when asked for.
  const wonde = options.demoMis === 'wonde' ? await (await import('../demo/wonde-demo.js')).startDemoWonde(db, { today, now: new Date() }) : undefined;
  // The MIS sync reads its token and address from the environment, as it would for a real Wonde.
  if (wonde) Object.assign(process.env, wonde.env);
  const demo = wonde ?? (await createDemoSchool(db, { today, now: new Date(), ...(options.onDemoImport ? { onImport: options.onDemoImport } : {}) }));
  const rollcall = createRollcall({ db, platforms: ['local'], workflows: WORKFLOWS, routerLogger: localRouterLogger });
  const terminal = options.terminal ?? !!process.stdin.isTTY;
  const { channels } = (await loadSchool(db.prisma, { id: demo.schoolId })).policy;
  const local = await startLocalMode({
    router: rollcall.router,
    staffDirectory: rollcall.staffDirectory,
    schoolId: demo.schoolId,
    userId: LOCAL_START_USER,
    channel: 'attendance',
    channels: [channels.attendance, channels.incidents, channels.leadership].map((c) => c.replace(/^#/, '')),
    webPort: config.port,
    terminal,
    // Charts and incident reports land here so a person can open them.
    filesDir: resolve(process.env.ROLLCALL_DATA_DIR ?? 'data', 'files'),
    ...(options.print ? { print: options.print } : {}),
  });
  rollcall.attach(local.port);
  await rollcall.start();
  local.port.announce(
    `Rollcall local mode: demo school "${DEMO_SLUG}" on ${db.kind}, ${today}` +
      `${wonde ? `, its register synced from a local fake Wonde at ${wonde.fake.url} (classes ${wonde.lateClasses.join(' and ')} take the AM register late)` : ''}. You are S003 (office); ` +
      '`as S001` acts as the head/DSL, `as T001` a class teacher. Type `help`, or /absences to start.',
  );
  // Without a terminal the page is the way in, so run until stopped.
  const done = terminal ? local.done : new Promise<void>(() => undefined);
  return { rollcall, done, ports: {}, stop: async () => { await local.stop(); await rollcall.stop(); await wonde?.close(); } };
}
