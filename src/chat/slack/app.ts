// Builds the Bolt app: HTTPReceiver on /slack/events (signed requests) or, with an app token, Socket
// Mode; every Web API call can go to another base URL (a fake Slack in tests, a proxy). The receiver
// does transport only: listeners parse, the router decides, render/port speak Block Kit.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pLimit from 'p-limit';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import { botIdentityOf, type BotIdentity } from './bot-identity.js';
import type { DeliveryLog, StaffDirectory } from '../port.js';
import type { ChatLogger, ChatRouter } from '../router.js';
import { registerActions } from './listeners/actions.js';
import { registerAppHome } from './listeners/app-home.js';
import { registerCommands } from './listeners/commands.js';
import { dedupeMiddleware } from './listeners/dedupe.js';
import type { ListenerDeps, SchoolForTeam } from './listeners/deps.js';
import { registerViews } from './listeners/views.js';
import { SlackChatPort } from './port.js';

export const SLACK_EVENTS_PATH = '/slack/events';

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
  logger?: ChatLogger;
  /** Acknowledged commands, presses and events handled at once; the rest wait their turn. Default 4. */
  handlerConcurrency?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** The clock rate limits are waited out on (tests inject theirs). */
  now?: () => number;
}

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
  app.use(dedupeMiddleware(options.deliveryLog, logger));
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
        return { port: typeof address === 'object' && address ? address.port : port };
      }
      await socket?.start();
      return {};
    },
    async stop() {
      if (http) await http.stop();
      if (socket) await socket.stop();
    },
  };
}
