// Runs Rollcall as a long-lived process: the chat platform(s) chosen from the environment (Slack by its
// usual variables, else local mode), the composition root, timers, outbox and schedules. Local mode also
// brings the demo school up to today so there is always something to act on.
import type { ChatConfig } from '../chat/config.js';
import { startLocalMode } from '../chat/local/start.js';
import { createSlackApp } from '../chat/slack/app.js';
import type { Database } from '../db/client.js';
import { createDemoSchool, DEMO_SLUG } from '../demo/index.js';
import { localDateOf } from '../rules/local-time.js';
import { createRollcall, type Rollcall } from './rollcall.js';
import { WORKFLOWS } from './workflows.js';

export interface Server {
  rollcall: Rollcall;
  /** Settles when the process should end (local terminal closed); never for chat servers. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export interface ServeOptions {
  db: Database;
  config: ChatConfig;
  /** Local mode: read commands from stdin (default: when stdin is a terminal). */
  terminal?: boolean;
  print?: (text: string) => void;
}

/** The local user to start as: the office manager of the demo school (first-day calling). */
const LOCAL_START_USER = 'S003';

export async function serve(options: ServeOptions): Promise<Server> {
  const { db, config } = options;
  if (config.mode === 'local') {
    const today = localDateOf(new Date(), 'Europe/London');
    const demo = await createDemoSchool(db, { today, now: new Date() });
    const rollcall = createRollcall({ db, platforms: ['local'], workflows: WORKFLOWS });
    const terminal = options.terminal ?? !!process.stdin.isTTY;
    const local = await startLocalMode({
      router: rollcall.router,
      staffDirectory: rollcall.staffDirectory,
      schoolId: demo.schoolId,
      userId: LOCAL_START_USER,
      channel: 'attendance',
      webPort: config.port,
      terminal,
      ...(options.print ? { print: options.print } : {}),
    });
    rollcall.attach(local.port);
    await rollcall.start();
    local.port.announce(
      `Rollcall local mode: demo school "${DEMO_SLUG}" on ${db.kind}, ${today}. You are S003 (office); ` +
        '`as S001` acts as the head/DSL, `as T001` a class teacher. Type `help`, or /absences to start.',
    );
    // Without a terminal the page is the way in, so run until stopped.
    const done = terminal ? local.done : new Promise<void>(() => undefined);
    return { rollcall, done, stop: async () => { await local.stop(); await rollcall.stop(); } };
  }
  const rollcall = createRollcall({ db, platforms: ['slack'], workflows: WORKFLOWS });
  const slack = createSlackApp({
    botToken: config.botToken,
    ...(config.signingSecret ? { signingSecret: config.signingSecret } : {}),
    ...(config.mode === 'slack-socket' ? { appToken: config.appToken } : {}),
    ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
    router: rollcall.router,
    staffDirectory: rollcall.staffDirectory,
    deliveryLog: rollcall.deliveryLog,
    schoolForTeam: async (teamId) => {
      const bound = await db.prisma.school.findFirst({ where: { slackTeamId: teamId }, select: { id: true } });
      if (bound) return bound.id;
      // One school and no binding yet: it is this workspace's school.
      const all = await db.prisma.school.findMany({ select: { id: true }, take: 2 });
      return all.length === 1 ? all[0]!.id : undefined;
    },
  });
  rollcall.attach(slack.chat);
  await slack.start(config.port);
  await rollcall.start();
  console.log(`Rollcall on Slack (${slack.mode === 'http' ? `HTTP on port ${config.port}, /slack/events` : 'Socket Mode'}), ${db.kind} database.`);
  return { rollcall, done: new Promise(() => undefined), stop: async () => { await rollcall.stop(); await slack.stop(); } };
}
