// Inbound authentication with an app id configured (production): Teams signs every request with a
// Bot Framework JWT. An unsigned request is refused before any handler or network call; a token for
// another bot, with a bad signature or for another serviceUrl is refused; a good one (signed by the fake
// connector's key, published at the OpenID URL the app is pointed at) is let through. Plus the rules
// that keep dev mode (no authentication) from ever running next to a production app id.

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { InMemoryDeliveryLog } from '../../../src/chat/in-memory.js';
import { ChatRouter } from '../../../src/chat/router.js';
import { createTeamsApp, type TeamsApp, type TeamsAppOptions } from '../../../src/chat/teams/app.js';
import { DEV_MODE_WITH_APP_ID, TeamsConfigError, teamsConfigFromEnv } from '../../../src/chat/teams/config.js';
import { InMemoryConversationStore } from '../../../src/chat/teams/conversation-store.js';
import { FakeBotConnector } from '../../support/fake-bot-connector.js';
import { conversationUpdateActivity, messageActivity, postActivity, type TeamsScene } from '../../support/teams-activity.js';
import { silentLogger } from '../demo-router.js';
import { office, officePost, sceneOn, teamsStaff, TENANT } from './scene.js';

const APP_ID = '5d0c3b7e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const GROUP_CHAT = '19:staffroom-chat@thread.v2';

let fake: FakeBotConnector;
let teams: TeamsApp;
let store: InMemoryConversationStore;
let scene: TeamsScene;
let url: string;
const runs: string[] = [];

function options(extra: Partial<TeamsAppOptions> = {}): TeamsAppOptions {
  const router = new ChatRouter({ logger: silentLogger }).command('/ping', z.array(z.string()), () => {
    runs.push('ping');
  });
  return {
    appId: APP_ID,
    appPassword: 'client-secret-for-tests',
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

beforeAll(async () => {
  fake = await FakeBotConnector.start();
  scene = sceneOn(fake);
  store = new InMemoryConversationStore();
  teams = createTeamsApp(options({ botFrameworkAuthUrl: fake.openIdMetadataUrl }));
  const { port } = await teams.start(0);
  url = `http://127.0.0.1:${String(port)}/api/messages`;
});

afterAll(async () => {
  await teams?.stop();
  await fake?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Teams inbound authentication with an app id', () => {
  it('runs in production mode', () => {
    expect(teams.mode).toBe('production');
  });

  it('refuses an unsigned request with 401 before any handler runs or any network call', async () => {
    const res = await postActivity(url, messageActivity(scene, officePost('1'), office, 'ping', { id: '1' }));
    expect(res.status).toBe(401);
    expect(runs).toEqual([]);
    expect(fake.calls).toEqual([]);
    expect(await store.latest()).toBeUndefined();
  });

  it.each([
    ['a token for another bot', () => fake.signToken({ appId: '00000000-0000-4000-8000-000000000000' })],
    ['a token with a forged signature', () => `${fake.signToken({ appId: APP_ID }).slice(0, -6)}AAAAAA`],
    ['a token for another serviceUrl', () => fake.signToken({ appId: APP_ID, serviceUrl: 'https://smba.trafficmanager.net/uk/' })],
    ['an expired token', () => fake.signToken({ appId: APP_ID, expiresInSec: -3600 })],
  ])('refuses %s', async (_label, token) => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await postActivity(url, conversationUpdateActivity(scene, { conversationId: GROUP_CHAT, conversationType: 'groupChat' }, { membersAdded: [{ id: scene.bot.id }] }), { token: token() });
    expect(res.status).toBe(401);
    expect(await store.latest()).toBeUndefined();
  });

  it('accepts a request signed with the Bot Framework key for this app id', async () => {
    const token = fake.signToken({ appId: APP_ID, serviceUrl: fake.serviceUrl });
    const res = await postActivity(url, conversationUpdateActivity(scene, { conversationId: GROUP_CHAT, conversationType: 'groupChat' }, { membersAdded: [{ id: scene.bot.id }] }), { token });
    expect(res.status).toBe(200);
    expect((await store.find(GROUP_CHAT))?.reference.serviceUrl).toBe(fake.serviceUrl);
    expect(fake.callsTo('openid').map((c) => c.path)).toEqual(['/openid/.well-known/openidconfiguration', '/openid/keys']);
  });
});

describe('dev mode and configuration', () => {
  it('refuses dev mode together with a production app id', () => {
    expect(() => createTeamsApp(options({ devMode: true }))).toThrow(new TeamsConfigError(DEV_MODE_WITH_APP_ID));
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
