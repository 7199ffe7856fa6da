// Two schools of one trust in one Slack workspace, served by `serve()` itself (the real wiring, the real
// Bolt receiver, the fake Slack Web API): each school's requests are answered with its own data, decided
// by the channel and then by the person; each school's posts go only to its own channel ids, never to a
// channel by name; a workspace no school is bound to is refused and nothing is written.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Server } from '../../src/app/serve.js';
import type { Database } from '../../src/db/client.js';
import type { FakeSlack, FakeSlackCall } from '../support/fake-slack.js';
import { sendSigned, slashCommandBody } from '../support/slack-signing.js';
import { serveSlackTrust, type SlackTrust } from '../support/slack-trust.js';
import { slackTrustSchool } from '../support/trust-seed.js';

const SECRET = 'routing-signing-secret';
const TOKEN = 'xoxb-routing';
const WORKSPACE = 'T0TRUST';

const north = slackTrustSchool('north', WORKSPACE, 'n');
const south = slackTrustSchool('south', WORKSPACE, 's');

let trust: SlackTrust;
let db: Database;
let fake: FakeSlack;
let server: Server;
let url: string;
let ids: Record<string, string>;
let seq = 0;

async function command(user: string, text: string, where: { team?: string; channel: string; channelName?: string }): Promise<string> {
  const key = `r${++seq}`;
  const body = slashCommandBody({ command: '/missing', text, user_id: user, team_id: where.team ?? WORKSPACE, channel_id: where.channel, channel_name: where.channelName ?? 'directmessage', response_url: fake.responseUrl(key), trigger_id: `t${seq}` });
  expect((await sendSigned(url, body, { signingSecret: SECRET })).status).toBe(200);
  return JSON.stringify((await fake.waitFor('response_url', (c) => c.body['__key'] === key, 10_000)).body);
}

const posted = (c: FakeSlackCall) => String(c.body['channel']);
const cardIn = (channel: string) => fake.waitFor('chat.postMessage', (c) => posted(c) === channel && JSON.stringify(c.body).includes('MISSING: Amy Brown'), 10_000);

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  trust = await serveSlackTrust([north, south], { token: TOKEN, signingSecret: SECRET, workspace: WORKSPACE });
  ({ db, fake, server, url, ids } = trust);
}, 120_000);
afterAll(async () => {
  await trust?.close();
  vi.restoreAllMocks();
});

describe('two schools in one Slack workspace', () => {
  it('a /missing in one school’s channel raises it in that school, and its card goes only to that school’s incidents channel', async () => {
    expect(await command('U-N-TEACH', 'amy brown by the gate', { channel: 'C-N-ATT', channelName: 'attendance' })).toContain('Search started for Amy Brown');
    const incident = await db.prisma.missingPupilIncident.findFirstOrThrow({ include: { pupil: true } });
    expect(incident.schoolId).toBe(ids.north);
    await cardIn('C-N-INC');
    // The raise told north's head and office directly; nobody at south.
    const missingDm = (c: FakeSlackCall) => posted(c) === 'DU-N-OFFICE' && JSON.stringify(c.body).includes('MISSING: Amy Brown');
    await fake.waitFor('chat.postMessage', missingDm, 10_000);
    const toldSouth = fake.callsTo('chat.postMessage').filter((c) => posted(c).startsWith('DU-S-') && JSON.stringify(c.body).includes('MISSING'));
    expect(toldSouth).toEqual([]);
  });

  it('the other school’s member of staff, in a direct message, raises it in their own school', async () => {
    expect(await command('U-S-OFFICE', 'amy brown in the hall', { channel: 'D-S-OFFICE' })).toContain('Search started for Amy Brown');
    const southIncident = await db.prisma.missingPupilIncident.findFirstOrThrow({ where: { schoolId: ids.south } });
    expect(southIncident.lastSeen).toBe('in the hall');
    await cardIn('C-S-INC');
  });

  it('the channel decides over the person: north’s head in south’s channel acts for south, where they are not staff', async () => {
    const before = await db.prisma.missingPupilIncident.count();
    expect(await command('U-N-HEAD', 'amy brown', { channel: 'C-S-INC', channelName: 'incidents' })).toContain("not on Rollcall's staff list, so no search was started");
    expect(await db.prisma.missingPupilIncident.count()).toBe(before);
  });

  it('refuses a person who is staff at neither school outside the schools’ channels, and writes nothing', async () => {
    const before = await db.prisma.missingPupilIncident.count();
    expect(await command('U-GUEST', 'amy brown', { channel: 'D-GUEST' })).toMatch(/several schools/);
    expect(await db.prisma.missingPupilIncident.count()).toBe(before);
  });

  it('refuses a workspace no school is bound to, naming its id for the admin, and writes nothing', async () => {
    const before = await db.prisma.missingPupilIncident.count();
    const answer = await command('U-N-TEACH', 'amy brown', { team: 'T0ELSEWHERE', channel: 'C-X' });
    expect(answer).toContain('not connected to a school');
    expect(answer).toContain('T0ELSEWHERE');
    expect(await db.prisma.missingPupilIncident.count()).toBe(before);
  });

  it('never posts to a channel by name: every post went to a bound channel id or a direct message', async () => {
    await server.rollcall.outbox.drain();
    const channels = new Set(fake.callsTo('chat.postMessage').map(posted));
    for (const channel of channels) expect(channel).toMatch(/^(C-[NS]-(ATT|INC|SLT)|DU-[NS]-[A-Z]+)$/);
    expect(fake.messages('C-N-INC').filter((m) => JSON.stringify(m).includes('south'))).toEqual([]);
  });
});
