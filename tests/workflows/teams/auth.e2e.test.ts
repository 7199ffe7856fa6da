// Rollcall's Teams endpoint in production configuration (an app id, password and tenant): a request
// without the Bot Framework's signed token, or with a badly signed one, is refused with 401 before any
// workflow runs, and nothing is written: no incident, no outbox row, no stored conversation, no
// delivery-log entry. A correctly signed request is let through to the same router and database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsApp, type TeamsApp } from '../../../src/chat/teams/app.js';
import { DbConversationStore } from '../../../src/chat/teams/db-conversation-store.js';
import { missingPupilWorkflow } from '../../../src/workflows/missing/index.js';
import { conversationUpdateActivity, messageActivity, postActivity, type TeamsUser } from '../../support/teams-activity.js';
import { channelPost, CHANNELS, quietLogger, startTeamsHarness, TENANT, type TeamsHarness } from '../../support/teams-harness.js';
import { seedSchool, START } from '../missing/support.js';

const APP_ID = '3f2e1d0c-9b8a-4765-8432-10fedcba9876';
const GROUP_CHAT = '19:staffroom@thread.v2';
const teacher: TeamsUser = { id: '29:teacher-teams', aadObjectId: 'aad-teacher', name: 'Ms Hart' };

let h: TeamsHarness;
let prod: TeamsApp;
let url = '';

async function written() {
  const p = h.db.prisma;
  return {
    incidents: await p.missingPupilIncident.count(),
    outbox: await p.outboxMessage.count(),
    audit: await p.auditEvent.count(),
    conversations: await p.conversationReference.count(),
    deliveries: await p.processedDelivery.count(),
  };
}

beforeAll(async () => {
  h = await startTeamsHarness({
    workflows: [missingPupilWorkflow],
    now: START,
    seed: async (db) => {
      const schoolId = await seedSchool(db);
      await db.prisma.staffMember.updateMany({ where: { schoolId, staffId: 'S3' }, data: { teamsUserId: teacher.aadObjectId ?? null } });
    },
  });
  prod = createTeamsApp({
    appId: APP_ID,
    appPassword: 'harness-client-secret',
    tenantId: TENANT,
    openIdMetadataUrl: h.fake.openIdMetadataUrl,
    router: h.rollcall.router,
    staffDirectory: h.rollcall.staffDirectory,
    deliveryLog: h.rollcall.deliveryLog,
    conversationStore: new DbConversationStore(h.db.prisma),
    schoolForConversation: (info) => h.rollcall.routing.teams(info),
    logger: quietLogger,
  });
  url = `http://127.0.0.1:${String((await prod.start(0)).port)}/api/messages`;
}, 120_000);
afterAll(async () => {
  await prod?.stop();
  await h?.close();
});

describe('the Teams endpoint with an app id configured', () => {
  it('runs in production mode', () => {
    expect(prod.mode).toBe('production');
  });

  it.each([
    ['no token at all', () => undefined, TENANT],
    ['a token for another bot', () => h.fake.signToken({ appId: '00000000-0000-4000-8000-000000000000' }), TENANT],
    ['a token with a forged signature', () => `${h.fake.signToken({ appId: APP_ID }).slice(0, -6)}AAAAAA`, TENANT],
    ['an expired token', () => h.fake.signToken({ appId: APP_ID, expiresInSec: -3600 }), TENANT],
    ['a token from another issuer', () => h.fake.signToken({ appId: APP_ID, issuer: 'https://login.microsoftonline.com/common/v2.0' }), TENANT],
    ['an HS256 token', () => h.fake.signToken({ appId: APP_ID, alg: 'HS256' }), TENANT],
    ['a good token on an activity from another tenant', () => h.fake.signToken({ appId: APP_ID }), '9f8e7d6c-5b4a-4392-8180-7f6e5d4c3b2a'],
  ])('refuses a command with %s (401) and writes nothing', async (_label, token, tenantId) => {
    const before = await written();
    const connectorCalls = h.fake.calls.filter((c) => c.op !== 'openid').length;
    const signed = token();
    const activity = messageActivity({ ...h.scene, tenantId }, channelPost(CHANNELS.incidents, '1763900200001'), teacher, 'missing amy brown by the gate', { id: '1763900200001' });
    const res = await postActivity(url, activity, signed === undefined ? {} : { token: signed });
    expect(res.status).toBe(401);
    expect(await written()).toEqual(before);
    expect(await h.rollcall.outbox.drain().then(() => h.fake.calls.filter((c) => c.op !== 'openid').length)).toBe(connectorCalls);
  });

  it('lets a correctly signed activity through to the same database', async () => {
    const before = await written();
    const token = h.fake.signToken({ appId: APP_ID, serviceUrl: h.fake.serviceUrl });
    const res = await postActivity(url, conversationUpdateActivity(h.scene, { conversationId: GROUP_CHAT, conversationType: 'groupChat' }, { membersAdded: [{ id: h.scene.bot.id }] }), { token });
    expect(res.status).toBe(200);
    expect((await h.store.find(GROUP_CHAT))?.reference.serviceUrl).toBe(h.fake.serviceUrl);
    expect(await written()).toEqual({ ...before, conversations: before.conversations + 1 });
  });
});
