// Both conversation stores (in memory, and on the ConversationReference table through the app's
// PrismaClient) behave the same: upsert by conversation id without the thread suffix, find by id, find a
// channel by name only within one team (latest wins), forget what Rollcall was removed from, and refuse a
// stored reference that cannot be used.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import { baseConversationId, InMemoryConversationStore, inThread, threadOf, type ConversationStore, type StoredConversation } from '../../../src/chat/teams/conversation-store.js';
import { DbConversationStore } from '../../../src/chat/teams/db-conversation-store.js';
import { createTestDatabase } from '../../support/db.js';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const entry = (conversationId: string, extra: Partial<StoredConversation> = {}): StoredConversation => ({
  conversationId,
  teamId: '19:team@thread.tacv2',
  tenantId: 'tenant-1',
  reference: {
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
    channelId: 'msteams',
    bot: { id: '28:bot', name: 'Rollcall' },
    conversation: { id: conversationId, conversationType: 'channel', tenantId: 'tenant-1', isGroup: true },
  },
  ...extra,
});

describe('conversation ids', () => {
  it.each([
    ['19:a@thread.tacv2;messageid=1763', '19:a@thread.tacv2', '1763'],
    ['19:a@thread.tacv2', '19:a@thread.tacv2', undefined],
    ['a:1on1-29:x', 'a:1on1-29:x', undefined],
  ])('%s', (id, base, thread) => {
    expect(baseConversationId(id)).toBe(base);
    expect(threadOf(id)).toBe(thread);
  });

  it('points a post into a thread', () => {
    expect(inThread('19:a@thread.tacv2;messageid=1', '2')).toBe('19:a@thread.tacv2;messageid=2');
  });
});

let teams = 0;
const stores: [string, () => ConversationStore][] = [
  ['in memory', () => new InMemoryConversationStore()],
  ['database', () => new DbConversationStore(db.prisma)],
];

describe.each(stores)('ConversationStore (%s)', (_name, make) => {
  it('stores without the thread suffix and finds by id, with or without a suffix', async () => {
    const store = make();
    await store.save(entry('19:office@thread.tacv2;messageid=1763700000000', { channelName: 'Attendance office' }));
    const found = await store.find('19:office@thread.tacv2;messageid=42');
    expect(found?.conversationId).toBe('19:office@thread.tacv2');
    expect(found?.reference.conversation.id).toBe('19:office@thread.tacv2');
    expect(found).toMatchObject({ teamId: '19:team@thread.tacv2', tenantId: 'tenant-1', channelName: 'Attendance office' });
  });

  it('finds a channel by name only within its own team, the most recently stored one winning', async () => {
    const store = make();
    const a = `19:team-a-${++teams}@thread.tacv2`;
    const b = `19:team-b-${teams}@thread.tacv2`;
    const first = `19:first-${teams}@thread.tacv2`;
    const second = `19:second-${teams}@thread.tacv2`;
    // updatedAt has millisecond resolution: keep the saves apart so "most recent" is well defined.
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    await store.save(entry(first, { teamId: a, channelName: 'Safeguarding' }));
    await tick();
    await store.save(entry(second, { teamId: a, channelName: 'Safeguarding' }));
    await store.save(entry(`19:other-${teams}@thread.tacv2`, { teamId: b, channelName: 'incidents' }));
    expect((await store.inTeam(a, 'Safeguarding'))?.conversationId).toBe(second);
    expect((await store.inTeam(a, '#Safeguarding'))?.conversationId).toBe(second);
    // Another team's channel: not by its name, and not by its id either.
    expect(await store.inTeam(a, 'incidents')).toBeUndefined();
    expect(await store.inTeam(b, first)).toBeUndefined();
    expect(await store.inTeam(b, 'Safeguarding')).toBeUndefined();
    // Ids only, outside a team: a channel name is no conversation id.
    expect(await store.find('Safeguarding')).toBeUndefined();
    await tick();
    await store.save(entry(second, { teamId: a, channelName: 'Safeguarding (old)' }));
    expect((await store.inTeam(a, 'Safeguarding'))?.conversationId).toBe(first);
    expect((await store.template({ teamId: a }))?.conversationId).toBe(second);
    expect((await store.template({ teamId: '19:nowhere@thread.tacv2' }))).toBeUndefined();
    expect((await store.template({ teamId: '19:nowhere@thread.tacv2', tenantId: 'tenant-1' }))?.tenantId).toBe('tenant-1');
  });

  it('forgets a conversation, or every channel of a team, Rollcall was removed from', async () => {
    const store = make();
    const a = `19:team-gone-${++teams}@thread.tacv2`;
    await store.save(entry(`19:gone-1-${teams}@thread.tacv2`, { teamId: a, channelName: 'attendance' }));
    await store.save(entry(`19:gone-2-${teams}@thread.tacv2`, { teamId: a, channelName: 'incidents' }));
    await store.save(entry(`a:chat-${teams}`, { teamId: undefined }));
    expect(await store.forget({ teamId: a })).toBe(2);
    expect(await store.inTeam(a, 'incidents')).toBeUndefined();
    expect(await store.forget({ conversationId: `a:chat-${teams};messageid=1` })).toBe(1);
    expect(await store.find(`a:chat-${teams}`)).toBeUndefined();
  });

  it('keeps a 1:1 chat under the person’s name', async () => {
    const store = make();
    const dm = entry('a:1on1-dsl', { channelName: 'user:aad-dsl' });
    await store.save({ ...dm, reference: { ...dm.reference, conversation: { id: 'a:1on1-dsl', conversationType: 'personal' }, user: { id: '29:dsl', aadObjectId: 'aad-dsl' } } });
    const found = await store.personal('aad-dsl');
    expect(found?.reference).toMatchObject({ conversation: { id: 'a:1on1-dsl', conversationType: 'personal' }, user: { id: '29:dsl', aadObjectId: 'aad-dsl' } });
  });
});

describe('DbConversationStore', () => {
  it('refuses a stored reference it cannot post with', async () => {
    await db.prisma.conversationReference.create({ data: { conversationId: '19:broken@thread.tacv2', reference: { serviceUrl: '' } } });
    await expect(new DbConversationStore(db.prisma).find('19:broken@thread.tacv2')).rejects.toThrow(/unusable reference: serviceUrl/);
  });
});
