// Builds the Teams app on teams-ai 1.7 (botbuilder 4.23): one endpoint, POST /api/messages, with the
// Bot Framework JWT checked when an app id is set (SingleTenant) and a named dev mode without it. The
// app does transport only: inbound/ parses activities, the router decides, render/port speak cards.
// Everything Teams-specific stays in this folder, so a move to Teams SDK v2 touches nothing else.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Activity, ActivityTypes, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions, type TurnContext } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import type { DeliveryLog, StaffDirectory } from '../port.js';
import type { ChatLogger, ChatRouter } from '../router.js';
import { DEV_MODE_WITH_APP_ID, TeamsConfigError } from './config.js';
import type { ConversationStore } from './conversation-store.js';
import { FormSigner } from './form-signing.js';
import { BodyError, readJsonBody, sendJson, TEAMS_MESSAGES_PATH, toBotbuilderRequest, toBotbuilderResponse } from './http.js';
import { handleCommandMessage } from './inbound/commands.js';
import { dedupeTurn } from './inbound/dedupe.js';
import type { InboundDeps, SchoolForConversation } from './inbound/deps.js';
import { handleConversationUpdate, handleInstallationUpdate } from './inbound/install.js';
import { handleActionExecute } from './inbound/invoke.js';
import { NameBook } from './names.js';
import { TeamsChatPort } from './port.js';
import { disableConnectorRetries, TeamsSender } from './sender.js';

export { TEAMS_MESSAGES_PATH };

export interface TeamsAppOptions {
  /** The Azure Bot's Microsoft App ID. Set: production, inbound JWTs required. */
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  /** Run without inbound authentication (local testing only). Refused together with an appId. */
  devMode?: boolean;
  router: ChatRouter;
  staffDirectory: StaffDirectory;
  deliveryLog: DeliveryLog;
  schoolForConversation: SchoolForConversation;
  conversationStore: ConversationStore;
  /** OpenID metadata URL that inbound JWTs are checked against (default: the Bot Framework's; tests
   * point it at a fake). Only meaningful with an appId. */
  botFrameworkAuthUrl?: string;
  /** Key for signing the forms cards carry (default: the app password, else random per process). */
  formSigningKey?: string;
  logger?: ChatLogger;
}

export interface TeamsApp {
  app: Application<TurnState>;
  adapter: TeamsAdapter;
  chat: TeamsChatPort;
  mode: 'production' | 'dev';
  /** node:http handler for POST /api/messages (mount it at that path). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Own server on `port` (0 = any free port); dev mode listens on 127.0.0.1 only. */
  start(port?: number): Promise<{ port: number }>;
  stop(): Promise<void>;
}

// The public cloud's Bot Framework endpoints, spelled out because overriding one of them (the OpenID
// metadata URL) makes botbuilder expect all of them.
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
} as const;

function checkOptions(o: TeamsAppOptions): 'production' | 'dev' {
  if (o.appId) {
    if (o.devMode) throw new TeamsConfigError(DEV_MODE_WITH_APP_ID);
    if (!o.appPassword) throw new TeamsConfigError('TEAMS_APP_PASSWORD is required with TEAMS_APP_ID');
    if (!o.tenantId) throw new TeamsConfigError('TEAMS_TENANT_ID is required with TEAMS_APP_ID (single-tenant bots only)');
    return 'production';
  }
  if (!o.devMode) throw new TeamsConfigError('TEAMS_APP_ID is not set: set it (production), or ROLLCALL_TEAMS_DEV_MODE=1 to run without authentication locally');
  return 'dev';
}

function authConfig(o: TeamsAppOptions, mode: 'production' | 'dev'): ConfigurationBotFrameworkAuthenticationOptions {
  if (mode === 'dev') return {};
  return {
    ...(o.botFrameworkAuthUrl ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: o.botFrameworkAuthUrl } : {}),
    MicrosoftAppId: o.appId,
    MicrosoftAppPassword: o.appPassword,
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: o.tenantId,
  };
}

/** Only the fields authentication reads are checked; botbuilder validates the rest as it processes. */
function isInboundActivity(body: Record<string, unknown>): body is Record<string, unknown> & Activity {
  const id = (v: unknown) => v !== null && typeof v === 'object' && 'id' in v && typeof v.id === 'string';
  return typeof body['type'] === 'string' && typeof body['channelId'] === 'string' && typeof body['serviceUrl'] === 'string' && id(body['conversation']) && id(body['from']) && id(body['recipient']);
}

export function createTeamsApp(options: TeamsAppOptions): TeamsApp {
  const mode = checkOptions(options);
  const logger = options.logger ?? console;
  const config = authConfig(options, mode);
  const adapter = new TeamsAdapter(config);
  // Checked here as well as inside adapter.process, which answers 500 (not 401) to a badly signed token.
  const inboundAuth = new ConfigurationBotFrameworkAuthentication(config);
  disableConnectorRetries(adapter, logger);
  const appId = options.appId ?? '';
  const names = new NameBook();
  const forms = new FormSigner(options.formSigningKey ?? options.appPassword);
  const chat = new TeamsChatPort(new TeamsSender(adapter, appId), options.conversationStore, names, forms, options.tenantId);
  const deps: InboundDeps = {
    router: options.router,
    staffDirectory: options.staffDirectory,
    port: chat,
    store: options.conversationStore,
    names,
    schoolForConversation: options.schoolForConversation,
    forms,
    logger,
  };

  const app = new Application<TurnState>({ adapter, botAppId: appId, startTypingTimer: false, removeRecipientMention: true, longRunningMessages: false });
  app.turn('beforeTurn', dedupeTurn(options.deliveryLog, logger));
  app.activity(ActivityTypes.ConversationUpdate, (ctx) => handleConversationUpdate(deps, ctx));
  app.activity(ActivityTypes.InstallationUpdate, (ctx) => handleInstallationUpdate(deps, ctx));
  app.message(async (ctx: TurnContext) => ctx.activity.type === ActivityTypes.Message && typeof ctx.activity.text === 'string' && ctx.activity.text.trim() !== '', (ctx) =>
    handleCommandMessage(deps, ctx),
  );
  app.adaptiveCards.actionExecute<Record<string, unknown>>(
    async (ctx: TurnContext) => ctx.activity.type === ActivityTypes.Invoke && ctx.activity.name === 'adaptiveCard/action',
    (ctx, _state, data) => handleActionExecute(deps, ctx, data),
  );
  app.error(async (ctx, error) => {
    logger.error('Teams turn failed', { type: ctx.activity.type, activityId: ctx.activity.id, error });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
    // An unsigned request is refused here, before botbuilder fetches any signing keys.
    if (mode === 'production' && !req.headers.authorization) return sendJson(res, 401, { error: 'Unauthorized' });
    let body: Record<string, unknown>;
    try {
      body = await readJsonBody(req);
    } catch (error) {
      return sendJson(res, error instanceof BodyError ? error.status : 400, { error: error instanceof Error ? error.message : 'bad request' });
    }
    if (!isInboundActivity(body)) return sendJson(res, 400, { error: 'not a Bot Framework activity' });
    if (mode === 'production') {
      try {
        await inboundAuth.authenticateRequest(body, req.headers.authorization ?? '');
      } catch (error) {
        logger.warn('refused a Teams request that failed authentication', { reason: error instanceof Error ? error.message : String(error) });
        return sendJson(res, 401, { error: 'Unauthorized' });
      }
    }
    try {
      await adapter.process(toBotbuilderRequest(req, body), toBotbuilderResponse(res), async (ctx) => {
        await app.run(ctx);
      });
    } catch (error) {
      logger.error('Teams request failed', { error });
      sendJson(res, 500, { error: 'internal error' });
    }
  }

  let server: Server | undefined;
  return {
    app,
    adapter,
    chat,
    mode,
    handle,
    async start(port = 3978) {
      server = createServer((req, res) => {
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        if (path !== TEAMS_MESSAGES_PATH) return sendJson(res, 404, { error: 'not found' });
        void handle(req, res);
      });
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, mode === 'dev' ? '127.0.0.1' : undefined, () => resolve());
      });
      const address: AddressInfo | string | null = listening.address();
      return { port: typeof address === 'object' && address ? address.port : port };
    },
    async stop() {
      const running = server;
      server = undefined;
      if (!running) return;
      running.closeAllConnections();
      await new Promise<void>((resolve) => running.close(() => resolve()));
    },
  };
}
