// Builds the Bolt app: HTTPReceiver on /slack/events (signed requests) or, with an app token, Socket
// Mode; every Web API call can go to another base URL (a fake Slack in tests, a proxy). The receiver
// does transport only: listeners parse, the router decides, render/port speak Block Kit.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pLimit from 'p-limit';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import { botIdentityOf, type BotIdentity } from './bot-identity.js';
import type { AcknowledgedRequests, DeliveryLog, StaffDirectory } from '../port.js';
import type { ChatLogger, ChatRouter } from '../router.js';
import { registerActions } from './listeners/actions.js';
import { registerAppHome } from './listeners/app-home.js';
import { registerCommands } from './listeners/commands.js';
import { dedupeMiddleware, REPLAY } from './listeners/dedupe.js';
import type { ListenerDeps, SchoolForTeam } from './listeners/deps.js';
import { registerViews } from './listeners/views.js';
import { SlackChatPort } from './port.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The largest request body read from Slack; a bigger one is answered 413 before its signature is checked
 * or any work starts (Bolt's own default is 4 MB). Slack's largest real bodies are a button press on a
 * long message (the message's blocks come back with it, about 13,000 characters of text at most, which
 * form encoding roughly triples) and a modal submission: well under this.
 */
export const SLACK_BODY_LIMIT = 128 * 1024;

export interface SlackAppOptions {
  /** Required in HTTP mode (no appToken). */
  signingSecret?: string;
  botToken: string;
  /** xapp- token: switches to Socket Mode. */
  appToken?: string;
  /** Base URL for Web API calls (SLACK_API_URL); a trailing slash is added if missing. */
  apiUrl?: string;
  router: ChatRouter;
  staffDirectory: StaffDirectory;
  deliveryLog: DeliveryLog;
  schoolForTeam: SchoolForTeam;
  port?: number;
  /** Hold the HTTP answer until the listener finishes (needed on FaaS). Default false. */
  processBeforeResponse?: boolean;
  /** Web API retries inside the client. Default 0: the outbox owns retries and needs the error. */
  clientRetries?: number;
  /**
   * How long one Web API call may take before it fails as a network error (default 20 s). The client has
   * no limit of its own, and a call Slack never answers would hold the outbox round, and every
   * safeguarding message behind it, for as long as the socket stays open.
   */
  requestTimeoutMs?: number;
  logger?: ChatLogger;
  /** Acknowledged commands, presses and events handled at once; the rest wait their turn. Default 4. */
  handlerConcurrency?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** The clock rate limits are waited out on (tests inject theirs). */
  now?: () => number;
  /** Commands and presses written down before they are acknowledged, and handled at start if never were. */
  acknowledged?: AcknowledgedRequests;
  /**
   * How old an unhandled request must be before start() takes it over (default 10 s): another replica
   * may still be handling a younger one. 0 when this process is the database's only user.
   */
  replayAfterMs?: number;
}

/** A response_url works for 30 minutes: an older request can no longer be answered. */
const REPLAY_WINDOW_MS = 30 * 60_000;

export interface SlackApp {
  app: App;
  chat: SlackChatPort;
  mode: 'http' | 'socket';
  /** HTTP: listens on `port` (0 = any free port) and returns the port bound. */
  start(port?: number): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

async function verifyBotToken(identity: () => Promise<BotIdentity>): Promise<void> {
  try {
    await identity();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`Slack did not accept SLACK_BOT_TOKEN (auth.test): ${why}`, { cause: error });
  }
}

export function normalizeApiUrl(apiUrl: string): string {
  return apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
}

const LOG_LEVELS = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR } as const;

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const logger = options.logger ?? console;
  const logLevel = LOG_LEVELS[options.logLevel ?? 'warn'];
  const clientOptions: webApi.WebClientOptions = {
    retryConfig: { retries: options.clientRetries ?? 0 },
    timeout: options.requestTimeoutMs ?? 20_000,
    rejectRateLimitedCalls: true,
    ...(options.apiUrl === undefined ? {} : { slackApiUrl: normalizeApiUrl(options.apiUrl) }),
  };

  let http: HTTPReceiver | undefined;
  let socket: SocketModeReceiver | undefined;
  if (options.appToken !== undefined) {
    // The socket client has its own WebClient (apps.connections.open): it needs the base URL too.
    socket = new SocketModeReceiver({ appToken: options.appToken, logLevel, installerOptions: { clientOptions } });
  } else {
    if (!options.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
    http = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      processBeforeResponse: options.processBeforeResponse ?? false,
      bodyLimit: SLACK_BODY_LIMIT,
      logLevel,
    });
  }
  const receiver = http ?? socket;
  if (!receiver) throw new Error('unreachable: no receiver');

  // Token verification is done in start() instead: Bolt's own check at construction leaves a
  // rejected promise unhandled (and the process down) when the token is wrong or Slack unreachable.
  // The bot's identity is asked once and kept (bot-identity.ts), not before every request.
  const client = new webApi.WebClient(options.botToken, clientOptions);
  const identity = botIdentityOf(client);
  const botToken = options.botToken;
  const app = new App({ receiver, clientOptions, logLevel, authorize: async () => {
    const { botId, botUserId, teamId } = await identity();
    return { botToken, botId, botUserId, teamId };
  } });
  const chat = new SlackChatPort(client, identity, options.now);
  const deps: ListenerDeps = {
    router: options.router,
    staffDirectory: options.staffDirectory,
    port: chat,
    schoolForTeam: options.schoolForTeam,
    logger,
    afterAck: pLimit(options.handlerConcurrency ?? 4),
  };
  app.use(dedupeMiddleware(options.deliveryLog, logger, options.acknowledged));

  // Requests a process acknowledged and died on, handled now through the same listeners.
  async function replayAcknowledged(): Promise<void> {
    const inbox = options.acknowledged;
    if (!inbox) return;
    const pending = await inbox.claimUnhandled(REPLAY_WINDOW_MS, options.replayAfterMs ?? 10_000);
    if (pending.length > 0) logger.warn(`handling ${pending.length} Slack request(s) acknowledged before a restart and never handled`);
    for (const request of pending) {
      await app.processEvent({ body: JSON.parse(request.body), ack: async () => undefined, customProperties: { [REPLAY]: true } })
        .catch((error: unknown) => logger.error('a replayed Slack request failed', { key: request.key, error: String(error) }));
    }
  }
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerAppHome(app, deps);

  return {
    app,
    chat,
    mode: http ? 'http' : 'socket',
    async start(port = options.port ?? 3000) {
      await verifyBotToken(identity);
      if (http) {
        const server: Server = await http.start(port);
        const address: AddressInfo | string | null = server.address();
        await replayAcknowledged();
        return { port: typeof address === 'object' && address ? address.port : port };
      }
      await socket?.start();
      await replayAcknowledged();
      return {};
    },
    async stop() {
      if (http) await http.stop();
      if (socket) await socket.stop();
    },
  };
}
