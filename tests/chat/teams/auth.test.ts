// Teams authentication with an app id configured (production, a single-tenant bot), both ways.
// Inbound: Teams signs every request with a Bot Framework JWT; an unsigned request is refused before
// any handler or network call, and so is a token for another audience, from another issuer, for another
// serviceUrl, expired, signed with HS256 or "none" or with a key the Bot Framework does not publish, and
// an activity from another tenant; a good token (signed by the fake connector's key, published where the
// app is pointed) is let through, and the keys are fetched once. Outbound: every Bot Connector call
// carries a token from Microsoft Entra for the bot's tenant (fake Entra: MSAL is routed to it), fetched
// once and reused; a secret Entra refuses leaves messages retryable. Plus the rules that keep dev mode
// (no authentication) from ever running next to a production app id.

import { networkInterfaces } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { InMemoryDeliveryLog } from '../../../src/chat/in-memory.js';
import { message, text } from '../../../src/chat/model.js';
import { ChatRouter } from '../../../src/chat/router.js';
import { createTeamsApp, type TeamsApp, type TeamsAppOptions } from '../../../src/chat/teams/app.js';
import { DEV_MODE_WITH_APP_ID, teamsConfigFromEnv } from '../../../src/chat/teams/config.js';
import { RollcallError } from '../../../src/errors/rollcall-error.js';
import { InMemoryConversationStore } from '../../../src/chat/teams/conversation-store.js';
import { BOT_FRAMEWORK_SCOPE, routeEntraTo, type ChannelTokenClaims } from '../../support/bot-framework-tokens.js';
import { FakeBotConnector } from '../../support/fake-bot-connector.js';
import { conversationUpdateActivity, messageActivity, postActivity, type TeamsScene } from '../../support/teams-activity.js';
import { silentLogger } from '../demo-router.js';
import { office, officePost, oneOnOne, sceneOn, teamsStaff, TENANT } from './scene.js';

const APP_ID = '5d0c3b7e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const SECRET = 'client-secret-for-tests';
const OTHER_TENANT = '9f8e7d6c-5b4a-4392-8180-7f6e5d4c3b2a';
const GROUP_CHAT = '19:staffroom-chat@thread.v2';
const realFetch = globalThis.fetch;

let fake: FakeBotConnector;
let teams: TeamsApp;
let store: InMemoryConversationStore;
let scene: TeamsScene;
let url: string;
const runs: string[] = [];

function options(extra: Partial<TeamsAppOptions> = {}): TeamsAppOptions {
  const router = new ChatRouter({ logger: silentLogger }).command('/ping', z.array(z.string()), async (ctx) => {
    runs.push('ping');
    await ctx.reply(message('Pong', text('pong')));
  });
  return {
    appId: APP_ID,
    appPassword: SECRET,
    tenantId: TENANT,
    router,
    staffDirectory: teamsStaff(),
    deliveryLog: new InMemoryDeliveryLog(),
    schoolForConversation: () => 'school-1',
    conversationStore: store,
    logger: silentLogger,
    ...extra,
  };
}

async function started(app: TeamsApp): Promise<string> {
  return `http://127.0.0.1:${String((await app.start(0)).port)}/api/messages`;
}

const addedToGroupChat = (tenantId = TENANT) => conversationUpdateActivity({ ...scene, tenantId }, { conversationId: GROUP_CHAT, conversationType: 'groupChat' }, { membersAdded: [{ id: scene.bot.id }] });

beforeAll(async () => {
  fake = await FakeBotConnector.start({ registration: { appId: APP_ID, secret: SECRET, tenantId: TENANT } });
  // MSAL (inside the SDK) asks Entra at https://login.microsoftonline.com through fetch.
  vi.stubGlobal('fetch', routeEntraTo(fake.origin, realFetch));
  scene = sceneOn(fake);
  store = new InMemoryConversationStore();
  teams = createTeamsApp(options({ openIdMetadataUrl: fake.openIdMetadataUrl }));
  url = await started(teams);
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await teams?.stop();
  await fake?.close();
});

afterEach(() => {
  runs.length = 0;
});

describe('Teams inbound authentication with an app id', () => {
  it('runs in production mode', () => {
    expect(teams.mode).toBe('production');
  });

  it('refuses an unsigned request with 401 before any handler runs or any network call', async () => {
    const calls = fake.calls.length;
    const res = await postActivity(url, messageActivity(scene, officePost('1'), office, 'ping', { id: '1' }));
    expect(res.status).toBe(401);
    expect(runs).toEqual([]);
    expect(fake.calls.length).toBe(calls);
    expect(store.all()).toEqual([]);
  });

  const wrong: [string, Omit<ChannelTokenClaims, 'serviceUrl'> & { serviceUrl?: string }][] = [
    ['a token for another bot (audience)', { appId: '00000000-0000-4000-8000-000000000000' }],
    ['a token for this bot’s Graph audience', { appId: APP_ID, audience: 'https://graph.microsoft.com' }],
    ['a token from another issuer', { appId: APP_ID, issuer: `https://sts.windows.net/${TENANT}/` }],
    ['an expired token', { appId: APP_ID, expiresInSec: -3600 }],
    ['a token for another serviceUrl', { appId: APP_ID, serviceUrl: 'https://smba.trafficmanager.net/uk/' }],
    ['an HS256 token keyed with the public key (algorithm confusion)', { appId: APP_ID, alg: 'HS256' }],
    ['an unsigned "none" token', { appId: APP_ID, alg: 'none' }],
    ['a token signed with a key the Bot Framework does not publish', { appId: APP_ID, unpublishedKey: true }],
  ];
  it.each(wrong)('refuses %s with 401 and runs nothing', async (_label, claims) => {
    const token = fake.signToken(claims);
    const res = await postActivity(url, messageActivity(scene, officePost('2'), office, 'ping', { id: `2-${_label}` }), { token });
    expect(res.status).toBe(401);
    expect(runs).toEqual([]);
    expect((await postActivity(url, addedToGroupChat(), { token })).status).toBe(401);
    expect(store.all()).toEqual([]);
  });

  it('refuses a forged signature', async () => {
    const token = `${fake.signToken({ appId: APP_ID }).slice(0, -6)}AAAAAA`;
    expect((await postActivity(url, addedToGroupChat(), { token })).status).toBe(401);
    expect(await store.find(GROUP_CHAT)).toBeUndefined();
  });

  it('refuses a correctly signed activity from another tenant, or naming none', async () => {
    const token = fake.signToken({ appId: APP_ID });
    expect((await postActivity(url, addedToGroupChat(OTHER_TENANT), { token })).status).toBe(401);
    const anonymous = addedToGroupChat();
    anonymous['channelData'] = {};
    anonymous['conversation'] = { id: GROUP_CHAT, conversationType: 'groupChat', isGroup: true };
    expect((await postActivity(url, anonymous, { token })).status).toBe(401);
    const ping = messageActivity({ ...scene, tenantId: OTHER_TENANT }, { conversationId: GROUP_CHAT, conversationType: 'groupChat' }, office, 'ping', { id: '3' });
    expect((await postActivity(url, ping, { token })).status).toBe(401);
    expect(runs).toEqual([]);
    expect(await store.find(GROUP_CHAT)).toBeUndefined();
  });

  it('accepts a request signed with the Bot Framework key for this app id, reading the keys once', async () => {
    const fresh = await FakeBotConnector.start();
    const app = createTeamsApp(options({ openIdMetadataUrl: fresh.openIdMetadataUrl, conversationStore: new InMemoryConversationStore() }));
    try {
      const endpoint = await started(app);
      const token = fresh.signToken({ appId: APP_ID });
      const added = conversationUpdateActivity(sceneOn(fresh), { conversationId: GROUP_CHAT, conversationType: 'groupChat' }, { membersAdded: [{ id: scene.bot.id }] });
      expect((await postActivity(endpoint, added, { token })).status).toBe(200);
      expect((await postActivity(endpoint, added, { token: fresh.signToken({ appId: `api://botid-${APP_ID}` }) })).status).toBe(200);
      expect(fresh.callsTo('openid').map((c) => c.path)).toEqual(['/openid/.well-known/keys']);
    } finally {
      await app.stop();
      await fresh.close();
    }
  });
});

describe('Teams outbound authentication', () => {
  it('sends with a bearer token from Entra for the bot’s tenant, fetched once and reused', async () => {
    const entra = fake.entra;
    if (!entra) throw new Error('the fake has no Entra');
    const asked = entra.requests.length;
    const token = fake.signToken({ appId: APP_ID });
    const ping = messageActivity(scene, { conversationId: `${GROUP_CHAT}`, conversationType: 'groupChat' }, office, 'ping', { id: '4' });
    expect((await postActivity(url, ping, { token })).status).toBe(200);
    expect(runs).toEqual(['ping']);
    // The private answer opened the 1:1 chat and was posted there: both calls accepted by the connector.
    expect(fake.messages(oneOnOne(office.id)).map((m) => m.activity['summary'])).toEqual(['Pong']);
    await teams.chat.post(GROUP_CHAT, message('Later', text('A proactive post')));
    const connectorCalls = fake.calls.filter((c) => c.op === 'createConversation' || c.op === 'send');
    expect(connectorCalls.length).toBeGreaterThanOrEqual(3);
    for (const call of connectorCalls.slice(-3)) expect(entra.accepts(call.headers.authorization)).toBe(true);
    expect(entra.requests.slice(asked)).toEqual([{ tenant: TENANT, clientId: APP_ID, scope: BOT_FRAMEWORK_SCOPE, grantType: 'client_credentials' }]);
  });

  it('leaves a message retryable, and unsent, when Entra refuses the client secret (expired)', async () => {
    const staffroom = { conversationId: GROUP_CHAT, tenantId: TENANT, reference: { serviceUrl: fake.serviceUrl, channelId: 'msteams', bot: scene.bot, conversation: { id: GROUP_CHAT, conversationType: 'groupChat', tenantId: TENANT } } };
    const expired = createTeamsApp(options({ appPassword: 'an-expired-secret', conversationStore: new InMemoryConversationStore([staffroom]) }));
    const before = fake.messages(GROUP_CHAT).length;
    const error: unknown = await expired.chat.post(GROUP_CHAT, message('Alert', text('Missing pupil'))).catch((e: unknown) => e);
    expect(expired.chat.classifyError(error)).toEqual({ retryable: true, reason: 'bot_token_unavailable' });
    expect(fake.messages(GROUP_CHAT)).toHaveLength(before);
    expect(fake.entra?.requests.at(-1)).toMatchObject({ tenant: TENANT, clientId: APP_ID });
  });
});

describe('dev mode and configuration', () => {
  it('refuses dev mode together with a production app id', () => {
    expect(() => createTeamsApp(options({ devMode: true }))).toThrow(new RollcallError('INVALID_INPUT', DEV_MODE_WITH_APP_ID));
  });

  it.each([
    ['neither an app id nor dev mode', { appId: undefined }, /ROLLCALL_TEAMS_DEV_MODE=1/],
    ['an app id without its password', { appPassword: undefined }, /TEAMS_APP_PASSWORD is required/],
    ['an app id without a tenant id', { tenantId: undefined }, /TEAMS_TENANT_ID is required/],
  ])('refuses to start with %s', (_label, extra, message) => {
    expect(() => createTeamsApp(options(extra))).toThrow(message);
  });

  it('runs without authentication only when dev mode is asked for by name', () => {
    expect(createTeamsApp(options({ appId: undefined, appPassword: undefined, tenantId: undefined, devMode: true })).mode).toBe('dev');
  });

  // This machine's address on a real interface: dev mode must not answer there, production must.
  const outside = Object.values(networkInterfaces())
    .flat()
    .find((a) => a !== undefined && !a.internal && a.family === 'IPv4')?.address;
  it.skipIf(outside === undefined)('listens on 127.0.0.1 only in dev mode, on every interface in production', async () => {
    const post = (host: string, port: number) => fetch(`http://${host}:${port}/api/messages`, { method: 'POST', body: '{}' });
    const dev = createTeamsApp(options({ appId: undefined, appPassword: undefined, tenantId: undefined, devMode: true }));
    const prod = createTeamsApp(options());
    try {
      const devPort = (await dev.start(0)).port;
      expect((await post('127.0.0.1', devPort)).status).toBe(400);
      await expect(post(outside ?? '', devPort)).rejects.toThrow();
      expect((await post(outside ?? '', (await prod.start(0)).port)).status).toBe(400);
    } finally {
      await dev.stop();
      await prod.stop();
    }
  });

  const GUID = '9b2f4c1d-3e5a-4b6c-8d7e-1f2a3b4c5d6e';
  it.each([
    ['nothing set: Teams off', {}, undefined],
    ['dev mode', { ROLLCALL_TEAMS_DEV_MODE: '1' }, { mode: 'dev' }],
    ['dev mode switched off', { ROLLCALL_TEAMS_DEV_MODE: 'false' }, undefined],
    ['production', { TEAMS_APP_ID: GUID, TEAMS_APP_PASSWORD: 's3cret', TEAMS_TENANT_ID: TENANT }, { mode: 'production', appId: GUID, appPassword: 's3cret', tenantId: TENANT }],
  ])('reads the environment: %s', (_label, env, expected) => {
    expect(teamsConfigFromEnv(env)).toEqual(expected);
  });

  it.each([
    ['dev mode with an app id', { TEAMS_APP_ID: GUID, TEAMS_APP_PASSWORD: 's', TEAMS_TENANT_ID: TENANT, ROLLCALL_TEAMS_DEV_MODE: '1' }, 'cannot be combined'],
    ['an app id without a password', { TEAMS_APP_ID: GUID, TEAMS_TENANT_ID: TENANT }, 'TEAMS_APP_PASSWORD is required'],
    ['a password without an app id', { TEAMS_APP_PASSWORD: 's' }, 'TEAMS_APP_ID is missing'],
    ['an app id that is not a GUID', { TEAMS_APP_ID: 'rollcall-bot', TEAMS_APP_PASSWORD: 's', TEAMS_TENANT_ID: TENANT }, 'must be the bot’s Microsoft App ID'],
  ])('refuses %s', (_label, env, message) => {
    expect(() => teamsConfigFromEnv(env)).toThrow(message);
  });
});
