// The Teams ChatPort against the fake Bot Connector: the shared contract every adapter passes, then
// what is Teams' own: proactive posts from stored references (new messages, not replies; thread
// suffixes stripped), updates that keep the returned ids, 1:1 chats, inline images, error mapping.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDeliveryLog } from '../../../src/chat/in-memory.js';
import { header, list, message, text } from '../../../src/chat/model.js';
import { ChatRouter } from '../../../src/chat/router.js';
import { InMemoryConversationStore, type StoredConversation } from '../../../src/chat/teams/conversation-store.js';
import { classifyTeamsError } from '../../../src/chat/teams/errors.js';
import { TeamsRenderError } from '../../../src/chat/teams/render-elements.js';
import { adaptiveCardProblems, cardsOf, FakeBotConnector, shownText, type Json } from '../../support/fake-bot-connector.js';
import { describeChatPortContract } from '../port-contract.js';
import { silentLogger } from '../demo-router.js';
import { BOT, devApp, isRecord, OFFICE_CHANNEL, shownIn, TEAM_ID, TENANT } from './scene.js';

function channel(fake: FakeBotConnector, conversationId: string, channelName?: string): StoredConversation {
  return {
    conversationId,
    teamId: TEAM_ID,
    tenantId: TENANT,
    ...(channelName ? { channelName } : {}),
    reference: { serviceUrl: fake.serviceUrl, channelId: 'msteams', bot: BOT, conversation: { id: conversationId, conversationType: 'channel', tenantId: TENANT, isGroup: true } },
  };
}

/** The clock the ports wait out rate limits on. */
let clockMs = Date.parse('2026-11-23T09:00:00Z');

function portOn(fake: FakeBotConnector, entries: StoredConversation[]) {
  const store = new InMemoryConversationStore(entries);
  return devApp({ router: new ChatRouter({ logger: silentLogger }), deliveryLog: new InMemoryDeliveryLog(), store, now: () => clockMs });
}

/** Bytes of the file an activity carries inline (card image or attachment), from its data: URL. */
function inlineBytes(activity: Json | undefined): number | undefined {
  const found = JSON.stringify(activity ?? null).match(/data:[a-z/+.-]+;base64,([A-Za-z0-9+/=]+)/);
  return found?.[1] === undefined ? undefined : Buffer.from(found[1], 'base64').length;
}

describeChatPortContract('teams', async () => {
  const fake = await FakeBotConnector.start();
  const { teams } = portOn(fake, [channel(fake, 'C-office'), channel(fake, 'C-slt')]);
  return {
    port: teams.chat,
    shown: (conversationId) => shownIn(fake, conversationId),
    // No ephemeral messages in Teams: a private answer lands in the person's 1:1 chat.
    privateTo: (_channel, user) => shownIn(fake, `a:1on1-${user}`),
    fileBytes: (id) => inlineBytes(fake.message('C-slt', id)?.activity),
    close: () => fake.close(),
  };
});

describe('Teams port specifics and error mapping', () => {
  let fake: FakeBotConnector;
  let teams: ReturnType<typeof portOn>['teams'];
  beforeAll(async () => {
    fake = await FakeBotConnector.start();
    // Stored from a message inside a thread: the ";messageid=" part must not stick to later posts.
    ({ teams } = portOn(fake, [channel(fake, `${OFFICE_CHANNEL};messageid=1763700000000`, 'Attendance office')]));
  });
  afterAll(async () => {
    await fake.close();
  });

  it('finds a school’s channel by name within its own team only, posts there as a new message, then updates it with the returned id', async () => {
    const { channel: routed } = await teams.chat.route({ tenantId: TENANT, teamId: TEAM_ID }, { channel: '#Attendance office' });
    expect(routed).toBe(OFFICE_CHANNEL);
    // Another school's team has no channel of that name here: the message is held, never sent here.
    const elsewhere: unknown = await teams.chat.route({ teamId: '19:other-school@thread.tacv2' }, { channel: 'Attendance office' }).catch((e: unknown) => e);
    expect(classifyTeamsError(elsewhere)).toEqual({ retryable: true, held: true, reason: 'channel_unknown' });
    const posted = await teams.chat.post(routed, message('Morning', header('Unexplained absences'), text('Amy Smith, Year 3')));
    expect(posted.channel).toBe(OFFICE_CHANNEL);
    const send = fake.callsTo('send').at(-1);
    expect(send?.path).toBe(`/teams/v3/conversations/${OFFICE_CHANNEL}/activities`);
    expect(isRecord(send?.body) && send.body['replyToId']).toBeFalsy();
    expect(fake.callsTo('reply')).toEqual([]);

    const updated = await teams.chat.update(posted.channel, posted.externalId, message('Claimed', header('Unexplained absences'), text('Amy Smith, claimed')));
    expect(updated.externalId).toBe(posted.externalId);
    expect(fake.callsTo('update').at(-1)?.activityId).toBe(posted.externalId);
    expect(shownIn(fake, OFFICE_CHANNEL)).toEqual(['Unexplained absences\nAmy Smith, claimed']);
  });

  it('replies in the thread of the first card of a message', async () => {
    const root = await teams.chat.post(OFFICE_CHANNEL, message('Incident', text('Ben is missing')));
    await teams.chat.post(OFFICE_CHANNEL, message('Update', text('Found in the library')), { threadRef: `${root.externalId},999` });
    const reply = fake.messages(OFFICE_CHANNEL).at(-1);
    expect(reply?.threadId).toBe(root.externalId);
    expect(fake.callsTo('send').at(-1)?.conversationId).toBe(`${OFFICE_CHANNEL};messageid=${root.externalId}`);
  });

  it('spreads a long list over valid cards under Teams’ size limit and deletes pages a shorter update no longer needs', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ text: `**Pupil ${i}** (Year ${1 + (i % 6)}) absent, no reason`, controls: [{ kind: 'button' as const, actionId: 'claim', label: 'Claim', value: `case-${i}` }] }));
    const posted = await teams.chat.post(OFFICE_CHANNEL, message('Long', header('Unexplained absences'), list(rows)));
    const ids = posted.externalId.split(',');
    expect(ids.length).toBeGreaterThan(2);
    for (const id of ids) {
      const activity = fake.message(OFFICE_CHANNEL, id)?.activity;
      expect(Buffer.byteLength(JSON.stringify(activity))).toBeLessThan(28 * 1024);
      expect(cardsOf(activity).flatMap((c) => adaptiveCardProblems(c))).toEqual([]);
    }
    const after = await teams.chat.update(OFFICE_CHANNEL, posted.externalId, message('Short', text('All done')));
    expect(after.externalId).toBe(ids[0]);
    expect(fake.callsTo('delete').map((c) => c.activityId)).toEqual(ids.slice(1));
  });

  it('rewrites only the cards whose content changed when told what each showed', async () => {
    const rows = (claimed: number) => Array.from({ length: 200 }, (_, i) => ({ text: `**Pupil ${i}** ${i === claimed ? 'claimed by Clare' : 'absent, no reason'}`, controls: [{ kind: 'button' as const, actionId: 'claim', label: 'Claim', value: `case-${i}` }] }));
    const posted = await teams.chat.post(OFFICE_CHANNEL, message('Long', header('Unexplained absences'), list(rows(-1))));
    const ids = posted.externalId.split(',');
    expect(posted.pageDigests).toHaveLength(ids.length);
    const puts = fake.callsTo('update').length;
    const after = await teams.chat.update(OFFICE_CHANNEL, posted.externalId, message('Long', header('Unexplained absences'), list(rows(199))), { shown: posted.pageDigests! });
    expect(after.externalId).toBe(posted.externalId);
    // Pupil 199 is on the last card: only that card is rewritten.
    expect(fake.callsTo('update').slice(puts).map((c) => c.activityId)).toEqual([ids.at(-1)]);
    expect(after.pageDigests?.slice(0, -1)).toEqual(posted.pageDigests?.slice(0, -1));
    // Without what they showed (an older reference), every card is rewritten.
    await teams.chat.update(OFFICE_CHANNEL, posted.externalId, message('Long', header('Unexplained absences'), list(rows(199))));
    expect(fake.callsTo('update').length - puts).toBe(1 + ids.length);
  });

  it('opens a 1:1 chat once per person and reuses it', async () => {
    const first = await teams.chat.dm('aad-dsl-0002', message('DM', text('You lead the search')));
    const second = await teams.chat.dm('aad-dsl-0002', message('DM', text('Ten minutes left')));
    expect(first.channel).toBe('a:1on1-aad-dsl-0002');
    expect(second.channel).toBe(first.channel);
    expect(fake.createdConversations.filter((c) => c.id === first.channel)).toHaveLength(1);
    expect(fake.createdConversations[0]).toMatchObject({ tenantId: TENANT, members: [{ id: 'aad-dsl-0002' }] });
    expect(shownIn(fake, first.channel)).toEqual(['You lead the search', 'Ten minutes left']);
  });

  it('posts a chart inline as a card image, and a document as a named attachment', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const { fileId } = await teams.chat.uploadFile(OFFICE_CHANNEL, { filename: 'attendance.png', title: 'Attendance this week', bytes: png });
    const card = cardsOf(fake.message(OFFICE_CHANNEL, fileId)?.activity)[0];
    expect(JSON.stringify(card)).toContain(`"type":"Image","url":"data:image/png;base64,${Buffer.from(png).toString('base64')}"`);
    expect(shownText(card)).toContain('Attendance this week');

    const csv = new TextEncoder().encode('upn,name\nA1,Amy\n');
    const doc = await teams.chat.uploadFile(OFFICE_CHANNEL, { filename: 'list.csv', title: 'Persistent absence list', bytes: csv });
    expect(fake.message(OFFICE_CHANNEL, doc.fileId)?.activity['attachments']).toEqual([{ contentType: 'text/csv', contentUrl: `data:text/csv;base64,${Buffer.from(csv).toString('base64')}`, name: 'list.csv' }]);
  });

  it('surfaces a 429 at once, with Retry-After, as retryable; the conversation waits it out without asking again, then goes', async () => {
    fake.failNext({ status: 429, retryAfter: 7 }, 1, 'send');
    const calls = fake.callsTo('send').length;
    const error: unknown = await teams.chat.post(OFFICE_CHANNEL, message('x', text('x'))).catch((e: unknown) => e);
    expect(teams.chat.classifyError(error)).toEqual({ retryable: true, rateLimited: true, retryAfterMs: 7000, reason: 'rate_limited' });
    // The connector's own retry policy is off: the outbox saw the first failure, nothing was retried.
    expect(fake.callsTo('send').length).toBe(calls + 1);
    clockMs += 3000;
    const waiting: unknown = await teams.chat.post(OFFICE_CHANNEL, message('x', text('x'))).catch((e: unknown) => e);
    expect(teams.chat.classifyError(waiting)).toEqual({ retryable: true, rateLimited: true, retryAfterMs: 4000, reason: 'rate_limited' });
    expect(fake.callsTo('send').length).toBe(calls + 1);
    clockMs += 4000;
    await expect(teams.chat.post(OFFICE_CHANNEL, message('x', text('x')))).resolves.toMatchObject({ channel: OFFICE_CHANNEL });
  });

  it.each([
    ['a 500', { status: 500 as const }, { retryable: true, reason: 'http_500' }],
    ['a 503', { status: 503 as const }, { retryable: true, reason: 'http_503' }],
    ['a 403 (bot removed from the team: held until added again)', { status: 403 as const }, { retryable: true, held: true, reason: 'http_403' }],
    ['a 401 (the connector refused the bot’s token)', { status: 401 as const }, { retryable: true, reason: 'http_401' }],
    ['a 404 (the message is gone)', { status: 404 as const }, { retryable: false, reason: 'http_404' }],
  ])('classifies %s on update', async (_label, fault, expected) => {
    const posted = await teams.chat.post(OFFICE_CHANNEL, message('x', text('x')));
    fake.failNext(fault, 1, 'update');
    const error: unknown = await teams.chat.update(OFFICE_CHANNEL, posted.externalId, message('y', text('y'))).catch((e: unknown) => e);
    expect(classifyTeamsError(error)).toEqual(expected);
  });

  it('sends again, once, when a kept-alive connection was closed under it; a second drop is a network error', async () => {
    await teams.chat.post(OFFICE_CHANNEL, message('warm', text('Opens a connection that stays alive')));
    const sends = fake.callsTo('send').length;
    fake.failNext({ reset: true }, 1, 'send');
    const posted = await teams.chat.post(OFFICE_CHANNEL, message('Alert', text('Cal is missing from the hall')));
    expect(fake.callsTo('send').length).toBe(sends + 2);
    expect(fake.messages(OFFICE_CHANNEL).filter((m) => m.id === posted.externalId)).toHaveLength(1);
    expect(shownIn(fake, OFFICE_CHANNEL).filter((t) => t === 'Cal is missing from the hall')).toHaveLength(1);

    fake.failNext({ reset: true }, 2, 'send');
    const error: unknown = await teams.chat.post(OFFICE_CHANNEL, message('x', text('Dropped twice'))).catch((e: unknown) => e);
    expect(classifyTeamsError(error)).toEqual({ retryable: true, reason: 'network_error' });
    expect(shownIn(fake, OFFICE_CHANNEL)).not.toContain('Dropped twice');
  });

  it('holds a channel it has no reference for (not given up): an admin adds Rollcall to the team', async () => {
    const unnamed: unknown = await teams.chat.route({ teamId: TEAM_ID }, { channel: 'Staff room' }).catch((e: unknown) => e);
    expect(classifyTeamsError(unnamed)).toEqual({ retryable: true, held: true, reason: 'channel_unknown' });
    expect(String(unnamed)).toContain('add Rollcall to that team');
    const forgotten: unknown = await teams.chat.post('19:removed@thread.tacv2', message('x', text('x'))).catch((e: unknown) => e);
    expect(classifyTeamsError(forgotten)).toEqual({ retryable: true, held: true, reason: 'unknown_conversation' });
    const noTeam: unknown = await teams.chat.route({ tenantId: TENANT }, { channel: 'Attendance office' }).catch((e: unknown) => e);
    expect(classifyTeamsError(noTeam)).toEqual({ retryable: true, held: true, reason: 'no_team' });
  });

  it('classifies an unreachable connector as a retryable network error, and a rendering bug as final', async () => {
    const gone = await FakeBotConnector.start();
    const { teams: lonely } = portOn(gone, [channel(gone, 'C-gone')]);
    await gone.close();
    const error: unknown = await lonely.chat.post('C-gone', message('x', text('x'))).catch((e: unknown) => e);
    expect(classifyTeamsError(error)).toEqual({ retryable: true, reason: 'network_error' });
    expect(classifyTeamsError(new TeamsRenderError('too long'))).toEqual({ retryable: false, reason: 'TeamsRenderError' });
  });
});
