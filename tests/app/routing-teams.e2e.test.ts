// Two schools of one trust in one Microsoft 365 tenant, each bound to its own team, served by `serve()`
// itself against a fake Bot Connector: every team has an "incidents" channel, and a school's card goes
// only to its own. Rollcall started before it was added to any team holds the card (not dead), tells the
// school's admins once, and posts it when the team is added; a team Rollcall is removed from gets
// nothing more; a team no school is bound to is refused with its id.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serve, type Server } from '../../src/app/serve.js';
import type { Database } from '../../src/db/client.js';
import { createTestDatabase } from '../support/db.js';
import { FakeBotConnector, type ConnectorCall } from '../support/fake-bot-connector.js';
import { conversationUpdateActivity, messageActivity, postActivity, type TeamsScene, type TeamsUser, type Where } from '../support/teams-activity.js';
import { cardText } from '../support/teams-harness.js';
import { seedTrustSchool, trustStaff, type TrustSchool } from '../support/trust-seed.js';

const TENANT = '5b0c1d2e-3f40-4152-8637-48596a7b8c9d';
const BOT = { id: '28:rollcall-trust-bot', name: 'Rollcall' };
const team = (key: string) => ({
  id: `19:${key}-general@thread.tacv2`,
  attendance: `19:${key}-attendance@thread.tacv2`,
  incidents: `19:${key}-incidents@thread.tacv2`,
  slt: `19:${key}-slt@thread.tacv2`,
});
const NORTH = team('north');
const SOUTH = team('south');
const OTHER = team('other');

const north: TrustSchool = { slug: 'north', binding: { teams: { tenantId: TENANT, teamId: NORTH.id } }, staff: trustStaff('n') };
const south: TrustSchool = { slug: 'south', binding: { teams: { tenantId: TENANT, teamId: SOUTH.id } }, staff: trustStaff('s') };
const person = (key: string, role: string): TeamsUser => ({ id: `29:${key}-${role}`, aadObjectId: `aad-${key}-${role}`, name: `${key} ${role}` });

let db: Database;
let fake: FakeBotConnector;
let server: Server;
let url: string;
const logged: string[] = [];
const ids = { north: '', south: '' };

const scene = (teamId?: string): TeamsScene => ({ serviceUrl: fake.serviceUrl, tenantId: TENANT, bot: BOT, ...(teamId ? { teamId } : {}) });
const personal = (user: TeamsUser): Where => ({ conversationId: `a:personal-${user.id}`, conversationType: 'personal' });
const inChannel = (channel: string): Where => ({ conversationId: `${channel};messageid=${Date.now()}`, conversationType: 'channel', channel: { id: channel } });

async function say(user: TeamsUser, text: string, where: Where, teamId?: string): Promise<void> {
  expect((await postActivity(url, messageActivity(scene(teamId), where, user, text))).status).toBe(200);
}
async function install(t: typeof NORTH): Promise<void> {
  expect((await postActivity(url, conversationUpdateActivity(scene(t.id), { conversationId: t.id, conversationType: 'channel', channel: { id: t.id } }, { membersAdded: [{ id: BOT.id }] }))).status).toBe(200);
}
async function remove(t: typeof NORTH): Promise<void> {
  const activity = { ...conversationUpdateActivity(scene(t.id), { conversationId: t.id, conversationType: 'channel', channel: { id: t.id } }, {}), membersRemoved: [{ id: BOT.id }] };
  expect((await postActivity(url, activity)).status).toBe(200);
}
const cardsIn = (channel: string) => fake.messages(channel).filter((m) => m.threadId === undefined && cardText(m).includes('MISSING: '));
const sentTo = (channel: string) => (c: ConnectorCall) => c.conversationId === channel;
/** Everything the person was sent privately: in the chat they opened, or ones Rollcall opened (by either id). */
const privateText = (user: TeamsUser) =>
  [`a:personal-${user.id}`, `a:1on1-${user.id}`, `a:1on1-${user.aadObjectId ?? ''}`].flatMap((c) => fake.messages(c)).map((m) => cardText(m) || String(m.activity['text'] ?? '')).join('\n');

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  db = await createTestDatabase();
  ids.north = await seedTrustSchool(db, north);
  ids.south = await seedTrustSchool(db, south);
  const channels = (t: typeof NORTH) => [{ id: t.id }, { id: t.attendance, name: 'attendance' }, { id: t.incidents, name: 'incidents' }, { id: t.slt, name: 'slt' }];
  fake = await FakeBotConnector.start({ teamChannels: { [NORTH.id]: channels(NORTH), [SOUTH.id]: channels(SOUTH), [OTHER.id]: channels(OTHER) } });
  server = await serve({ db, config: { mode: 'local', port: 0 }, teams: { mode: 'dev' }, teamsPort: 0 });
  url = `http://127.0.0.1:${String(server.ports.teams)}/api/messages`;
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await fake?.close();
  await db?.close();
  vi.restoreAllMocks();
});

describe('two schools in one tenant on Teams', () => {
  it('before Rollcall is in any team: the card is held (not dead), admins are told once, and it is posted when the team is added', async () => {
    const teacher = person('n', 'teach');
    await say(teacher, 'missing amy brown by the gate', personal(teacher));
    expect(privateText(teacher)).toContain('Search started for Amy Brown');
    const incident = await db.prisma.missingPupilIncident.findFirstOrThrow();
    expect(incident.schoolId).toBe(ids.north);

    const card = () => db.prisma.outboxMessage.findFirstOrThrow({ where: { key: `teams:incident:${incident.id}:card` } });
    await until('the card to be held', async () => (await card()).lastError?.startsWith('held: channel_unknown') ?? false);
    expect((await card()).status).toBe('pending');
    // The head is told directly (a 1:1 chat opens from the teacher's) and on stderr, once.
    await until('the admins to be told', () => privateText(person('n', 'head')).includes('Rollcall could not post in Microsoft Teams'));
    expect(logged.filter((l) => l.includes('north: messages for Microsoft Teams are waiting'))).toHaveLength(1);
    expect(logged.join('\n')).not.toContain('Amy');
    // The raise's direct messages did not wait for the channel.
    await until('the office to be told', () => privateText(person('n', 'office')).includes('MISSING: Amy Brown'));

    await install(NORTH);
    await until('the card to be sent', async () => (await card()).status === 'sent');
    expect(cardsIn(NORTH.incidents)).toHaveLength(1);
    expect(await db.prisma.outboxMessage.count({ where: { status: 'dead' } })).toBe(0);
    expect(logged.filter((l) => l.includes('north: messages for Microsoft Teams are waiting'))).toHaveLength(1);
  });

  it('each school’s card goes to its own team’s incidents channel, never the other’s of the same name', async () => {
    await install(SOUTH);
    await install(OTHER);
    const teacher = person('s', 'teach');
    await say(teacher, 'missing amy brown in the hall', inChannel(SOUTH.attendance), SOUTH.id);
    await fake.waitFor('send', (c) => sentTo(SOUTH.incidents)(c) && JSON.stringify(c.body).includes('in the hall'), 10_000);
    expect(cardsIn(SOUTH.incidents)).toHaveLength(1);
    expect(cardsIn(NORTH.incidents)).toHaveLength(1);
    expect(cardsIn(OTHER.incidents)).toEqual([]);
    expect((await db.prisma.missingPupilIncident.findFirstOrThrow({ where: { lastSeen: 'in the hall' } })).schoolId).toBe(ids.south);
  });

  it('refuses a request from a team no school is bound to, naming the team, and writes nothing', async () => {
    const before = await db.prisma.missingPupilIncident.count();
    const stranger = person('n', 'head');
    await say(stranger, 'missing amy brown', inChannel(OTHER.incidents), OTHER.id);
    await until('the refusal', () => privateText(stranger).includes('This team is not connected to a school'));
    expect(privateText(stranger)).toContain(OTHER.id);
    expect(await db.prisma.missingPupilIncident.count()).toBe(before);
  });

  it('a team Rollcall was removed from gets nothing more: the card waits until Rollcall is added back', async () => {
    await remove(SOUTH);
    expect(await db.prisma.conversationReference.count({ where: { teamId: SOUTH.id } })).toBe(0);
    const pupil = await db.prisma.pupil.create({ data: { schoolId: ids.south, upn: 'S100000000009', firstName: 'Ben', lastName: 'Cole', yearGroup: '4', className: '4B', admissionDate: new Date('2024-09-02T00:00:00Z') } });
    const office = person('s', 'office');
    await say(office, 'missing ben cole', personal(office));
    const incident = await db.prisma.missingPupilIncident.findFirstOrThrow({ where: { pupilId: pupil.id } });
    const card = () => db.prisma.outboxMessage.findFirstOrThrow({ where: { key: `teams:incident:${incident.id}:card` } });
    await until('the card to be held', async () => (await card()).lastError?.startsWith('held: ') ?? false);
    for (const channel of [NORTH.incidents, SOUTH.incidents, OTHER.incidents]) expect(cardsIn(channel).filter((m) => cardText(m).includes('Ben Cole'))).toEqual([]);

    await install(SOUTH);
    await until('the card in south', () => cardsIn(SOUTH.incidents).some((m) => cardText(m).includes('Ben Cole')));
    expect(cardsIn(OTHER.incidents)).toEqual([]);
    expect(await db.prisma.outboxMessage.count({ where: { status: 'dead' } })).toBe(0);
  });
});
