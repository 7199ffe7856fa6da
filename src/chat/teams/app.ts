// Builds the Teams app on the Teams SDK (@microsoft/teams.apps 2.0): one endpoint, POST /api/messages,
// behind the SDK's token validation when an app id is set (single tenant, auth.ts) and a named dev mode
// without it. The app does transport only: inbound/ parses activities, the router decides, render/port
// speak cards. Everything Teams-specific stays in this folder.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Client as ApiClient } from '@microsoft/teams.api';
import { App } from '@microsoft/teams.apps';
import type { AnswerLater, DeliveryLog, StaffDirectory } from '../port.js';
import type { ChatLogger, ChatRouter } from '../router.js';
import { sdkCredentials, teamsMode, tenantRefusal, type TeamsAuthOptions, type TeamsMode } from './auth.js';
import type { ConversationStore } from './conversation-store.js';
import { FormSigner } from './form-signing.js';
import { NodeHttpAdapter, TEAMS_MESSAGES_PATH } from './http.js';
import { handleCommandMessage, hasCommandText } from './inbound/commands.js';
import { ACTIVITY_MESSAGE_TYPE, dedupeTurn } from './inbound/dedupe.js';
import type { InboundDeps, SchoolForConversation } from './inbound/deps.js';
import { handleConversationUpdate, handleInstallationUpdate } from './inbound/install.js';
import { handleActionExecute } from './inbound/invoke.js';
import { NameBook } from './names.js';
import { TeamsChatPort } from './port.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './render.js';
import { sdkLogger } from './sdk-logger.js';
import { TeamsSender } from './sender.js';
import { resendOnStaleConnection } from './stale-socket.js';

export { TEAMS_MESSAGES_PATH };

export interface TeamsAppOptions extends TeamsAuthOptions {
  router: ChatRouter;
  staffDirectory: StaffDirectory;
  deliveryLog: DeliveryLog;
  schoolForConversation: SchoolForConversation;
  conversationStore: ConversationStore;
  /** Key for signing the forms cards carry (default: the app password, else random per process). */
  formSigningKey?: string;
  logger?: ChatLogger;
  /** The clock rate limits are waited out on (tests inject theirs). */
  now?: () => number;
  /** Where an in-turn private answer Teams refused for now goes to be retried (the outbox). */
  answerLater?: AnswerLater;
}

export interface TeamsApp {
  app: App;
  chat: TeamsChatPort;
  mode: TeamsMode;
  /** node:http handler for POST /api/messages (mount it at that path). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Own server on `port` (0 = any free port); dev mode listens on 127.0.0.1 only. */
  start(port?: number): Promise<{ port: number }>;
  stop(): Promise<void>;
}

/** A Bot Connector call that hangs would hold the outbox; past this it fails and is retried. */
const CONNECTOR_TIMEOUT_MS = 30_000;

export function createTeamsApp(options: TeamsAppOptions): TeamsApp {
  const mode = teamsMode(options);
  const logger = options.logger ?? console;
  const http = new NodeHttpAdapter(mode === 'dev' ? '127.0.0.1' : undefined, (error) => logger.error('Teams request failed', { error }));
  const app: App = new App({
    ...sdkCredentials(options, mode),
    httpServerAdapter: http,
    messagingEndpoint: TEAMS_MESSAGES_PATH,
    logger: sdkLogger(logger),
    client: { timeout: CONNECTOR_TIMEOUT_MS, interceptors: [resendOnStaleConnection((config) => app.api.http.request(config))] },
  });

  // After the SDK has checked the token: a single-tenant bot answers its own tenant only.
  const tenantId = options.tenantId;
  const processActivity = app.server.onRequest;
  if (mode === 'production' && tenantId && processActivity) {
    app.server.onRequest = async (event) => {
      const refused = tenantRefusal(event.body, tenantId);
      if (refused === undefined) return processActivity(event);
      logger.warn('refused a Teams request from outside the bot’s tenant', { reason: refused });
      return { status: 401, body: { error: 'Unauthorized' } };
    };
  }

  // One API client per serviceUrl (Teams serves regions from different URLs), all sharing the app's
  // HTTP client and so its bot token.
  const apis = new Map<string, ApiClient>();
  const apiFor = (serviceUrl: string): ApiClient => {
    const base = serviceUrl.replace(/\/+$/, '');
    let api = apis.get(base);
    if (!api) {
      api = new ApiClient(base, app.api.http);
      apis.set(base, api);
    }
    return api;
  };

  const names = new NameBook();
  const forms = new FormSigner(options.formSigningKey ?? options.appPassword);
  const chat = new TeamsChatPort(new TeamsSender(apiFor), options.conversationStore, names, forms, options.tenantId, options.now);
  const deps: InboundDeps = {
    router: options.router,
    staffDirectory: options.staffDirectory,
    port: chat,
    store: options.conversationStore,
    names,
    schoolForConversation: options.schoolForConversation,
    forms,
    logger,
    ...(options.answerLater ? { answerLater: options.answerLater } : {}),
  };

  app.use(dedupeTurn(options.deliveryLog, logger));
  app.on('conversationUpdate', ({ activity }) => handleConversationUpdate(deps, activity));
  app.on('installationUpdate', ({ activity }) => handleInstallationUpdate(deps, activity));
  app.on('message', async ({ activity }) => {
    if (hasCommandText(activity)) await handleCommandMessage(deps, activity);
  });
  // Universal Actions (Action.Execute). Registered as middleware rather than the typed `card.action`
  // route because Rollcall's cards are its own Adaptive Card JSON, not the SDK's card builder types.
  app.use(async (ctx) => {
    const { activity } = ctx;
    if (activity.type !== 'invoke' || activity.name !== 'adaptiveCard/action') return ctx.next();
    const answer = await handleActionExecute(deps, activity);
    const body = typeof answer === 'string' ? { statusCode: 200, type: ACTIVITY_MESSAGE_TYPE, value: answer } : { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: answer };
    return { status: 200, body };
  });

  let ready: Promise<void> | undefined;
  // Registers the route on the adapter (and the SDK's token validator); no server is started by it.
  const initialized = () => (ready ??= app.initialize());

  return {
    app,
    chat,
    mode,
    async handle(req, res) {
      await initialized();
      await http.handle(req, res);
    },
    async start(port = 3978) {
      await initialized();
      await http.start(port);
      return { port: http.port ?? port };
    },
    stop: () => http.stop(),
  };
}
