// One school's Teams as the Teams tests see it: a tenant, a team with two channels, two members of
// staff (with AAD object ids, as staff lists hold them) and the helpers to read what the fake
// connector shows. Not a test file itself.

import { InMemoryStaffDirectory } from '../../../src/chat/in-memory.js';
import { InMemoryConversationStore } from '../../../src/chat/teams/conversation-store.js';
import type { ChatRouter } from '../../../src/chat/router.js';
import type { DeliveryLog } from '../../../src/chat/port.js';
import { createTeamsApp, type TeamsApp } from '../../../src/chat/teams/app.js';
import { cardsOf, shownText, type FakeBotConnector, type Json } from '../../support/fake-bot-connector.js';
import type { TeamsScene, TeamsUser, Where } from '../../support/teams-activity.js';
import { silentLogger } from '../demo-router.js';

export const TENANT = '0d5f0f1e-6c1a-4a52-9d53-6b0f3c2e7a11';
export const TEAM_ID = '19:general-attendance@thread.tacv2';
export const OFFICE_CHANNEL = '19:attendance-office@thread.tacv2';
export const BOT = { id: '28:8a1e0d5b-0000-4000-8000-00000000b07', name: 'Rollcall' };

export const office: TeamsUser = { id: '29:office-teams-id', aadObjectId: 'aad-office-0001', name: 'Olu Office' };
export const dsl: TeamsUser = { id: '29:dsl-teams-id', aadObjectId: 'aad-dsl-0002', name: 'Dee Lead' };

export const general: Where = { conversationId: TEAM_ID, conversationType: 'channel', channel: { id: TEAM_ID } };
/** A root post in the office channel: Teams puts the post's own id after ";messageid=". */
export const officePost = (rootId: string): Where => ({
  conversationId: `${OFFICE_CHANNEL};messageid=${rootId}`,
  conversationType: 'channel',
  channel: { id: OFFICE_CHANNEL },
});
export const personalWith = (user: TeamsUser): Where => ({ conversationId: `a:personal-${user.id}`, conversationType: 'personal' });

export function sceneOn(fake: FakeBotConnector): TeamsScene {
  return { serviceUrl: fake.serviceUrl, tenantId: TENANT, bot: BOT, teamId: TEAM_ID, teamName: 'Attendance' };
}

export function teamsStaff(): InMemoryStaffDirectory {
  return new InMemoryStaffDirectory([
    { id: 'st-office', name: 'Olu Office', roles: ['office'], schoolId: 'school-1', accounts: { teams: 'aad-office-0001' } },
    { id: 'st-dsl', name: 'Dee Lead', roles: ['dsl'], schoolId: 'school-1', accounts: { teams: 'aad-dsl-0002' } },
  ]);
}

export function devApp(opts: { router: ChatRouter; deliveryLog: DeliveryLog; store?: InMemoryConversationStore; now?: () => number }): { teams: TeamsApp; store: InMemoryConversationStore } {
  const store = opts.store ?? new InMemoryConversationStore();
  const teams = createTeamsApp({
    devMode: true,
    router: opts.router,
    staffDirectory: teamsStaff(),
    deliveryLog: opts.deliveryLog,
    schoolForConversation: (info) => (info.tenantId === TENANT ? 'school-1' : undefined),
    conversationStore: store,
    logger: silentLogger,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { teams, store };
}

/** The 1:1 chat the fake opens for a Teams member. */
export const oneOnOne = (memberId: string) => `a:1on1-${memberId}`;

/** Text of every card in each message of a conversation, oldest first. */
export function shownIn(fake: FakeBotConnector, conversationId: string): string[] {
  return fake.messages(conversationId).map((m) => shownText(cardsOf(m.activity)));
}

export function isRecord(value: unknown): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every Action.Execute in a card (or anything), with its verb and data. */
export function executeActions(value: unknown): { verb: string; data: Record<string, Json> }[] {
  const out: { verb: string; data: Record<string, Json> }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isRecord(v)) {
      if (v['type'] === 'Action.Execute' && typeof v['verb'] === 'string') out.push({ verb: v['verb'], data: isRecord(v['data']) ? v['data'] : {} });
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return out;
}
