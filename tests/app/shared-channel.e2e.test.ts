// Two schools of one trust sharing an incidents channel in one Slack workspace (each with its own other
// channels), served by `serve()` itself against the fake Slack: a post in the shared channel names its
// school at the top, in the blocks and the notification text; a post in a school's own channel does not.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serve, type Server } from '../../src/app/serve.js';
import type { Database } from '../../src/db/client.js';
import { createTestDatabase } from '../support/db.js';
import { FakeSlack, type FakeSlackCall } from '../support/fake-slack.js';
import { sendSigned, slashCommandBody } from '../support/slack-signing.js';
import { seedTrustSchool, type TrustSchool } from './trust-seed.js';

const SECRET = 'shared-signing-secret';
const TOKEN = 'xoxb-shared';
const WORKSPACE = 'T0SHARED';

const north: TrustSchool = {
  slug: 'north',
  binding: { slack: { teamId: WORKSPACE, channelIds: { attendance: 'C-N-ATT', incidents: 'C-TRUST-INC', leadership: 'C-N-SLT' } } },
  staff: { head: { slack: 'U-N-HEAD', teams: 'aad-n-head' }, office: { slack: 'U-N-OFFICE', teams: 'aad-n-office' }, teacher: { slack: 'U-N-TEACH', teams: 'aad-n-teach' }, dsl: { slack: 'U-N-DSL', teams: 'aad-n-dsl' } },
};
const south: TrustSchool = {
  slug: 'south',
  binding: { slack: { teamId: WORKSPACE, channelIds: { attendance: 'C-S-ATT', incidents: 'C-TRUST-INC', leadership: 'C-S-SLT' } } },
  staff: { head: { slack: 'U-S-HEAD', teams: 'aad-s-head' }, office: { slack: 'U-S-OFFICE', teams: 'aad-s-office' }, teacher: { slack: 'U-S-TEACH', teams: 'aad-s-teach' }, dsl: { slack: 'U-S-DSL', teams: 'aad-s-dsl' } },
};

let db: Database;
let fake: FakeSlack;
let server: Server;
let url: string;
let seq = 0;

async function missing(user: string, text: string, channel: string): Promise<string> {
  const key = `r${++seq}`;
  const body = slashCommandBody({ command: '/missing', text, user_id: user, team_id: WORKSPACE, channel_id: channel, channel_name: 'attendance', response_url: fake.responseUrl(key), trigger_id: `t${seq}` });
  expect((await sendSigned(url, body, { signingSecret: SECRET })).status).toBe(200);
  return JSON.stringify((await fake.waitFor('response_url', (c) => c.body['__key'] === key, 10_000)).body);
}

const cardFor = (place: string) => fake.waitFor('chat.postMessage', (c) => c.body['channel'] === 'C-TRUST-INC' && JSON.stringify(c.body).includes(place), 10_000);
const firstBlockText = (c: FakeSlackCall) => JSON.stringify((c.body['blocks'] as unknown[] | undefined)?.[0] ?? null);

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  db = await createTestDatabase();
  // The trust's policy file names one school; each is registered under its own name.
  for (const s of [north, south]) {
    await seedTrustSchool(db, s);
    await db.prisma.school.update({ where: { slug: s.slug }, data: { name: `${s.slug} Primary` } });
  }
  fake = await FakeSlack.start({ token: TOKEN, teamId: WORKSPACE });
  server = await serve({ db, config: { mode: 'slack-http', botToken: TOKEN, signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0 } });
  url = `http://127.0.0.1:${String(server.ports.slack)}/slack/events`;
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await fake?.close();
  await db?.close();
  vi.restoreAllMocks();
});

describe('a channel two schools share', () => {
  it('names the school at the top of each post there, and in its notification text', async () => {
    expect(await missing('U-N-TEACH', 'amy brown by the north gate', 'C-N-ATT')).toContain('Search started for Amy Brown');
    expect(await missing('U-S-TEACH', 'amy brown by the south pond', 'C-S-ATT')).toContain('Search started for Amy Brown');
    const northCard = await cardFor('north gate');
    const southCard = await cardFor('south pond');
    expect(firstBlockText(northCard)).toContain('north Primary');
    expect(String(northCard.body['text'])).toMatch(/^north Primary: /);
    expect(firstBlockText(southCard)).toContain('south Primary');
    expect(JSON.stringify(southCard.body)).not.toContain('north Primary');
  });

  it('does not name the school in a direct message or a channel of its own', async () => {
    const own = fake.callsTo('chat.postMessage').filter((c) => ['C-N-ATT', 'C-S-ATT', 'C-N-SLT', 'C-S-SLT'].includes(String(c.body['channel'])) || String(c.body['channel']).startsWith('DU-'));
    expect(own.length).toBeGreaterThan(0);
    for (const c of own) expect(String(c.body['text'])).not.toMatch(/^(north|south) Primary: /);
  });
});
