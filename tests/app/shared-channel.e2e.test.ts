// Two schools of one trust sharing an incidents channel in one Slack workspace (each with its own other
// channels), served by `serve()` itself against the fake Slack: a post in the shared channel names its
// school at the top, in the blocks and the notification text; a post in a school's own channel does not.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeSlack, FakeSlackCall } from '../support/fake-slack.js';
import { sendSigned, slashCommandBody } from '../support/slack-signing.js';
import { serveSlackTrust, type SlackTrust } from '../support/slack-trust.js';
import { slackTrustSchool } from '../support/trust-seed.js';

const SECRET = 'shared-signing-secret';
const TOKEN = 'xoxb-shared';
const WORKSPACE = 'T0SHARED';

const north = slackTrustSchool('north', WORKSPACE, 'n', 'C-TRUST-INC');
const south = slackTrustSchool('south', WORKSPACE, 's', 'C-TRUST-INC');

let trust: SlackTrust;
let fake: FakeSlack;
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
  // The trust's policy file names one school; each is registered under its own name.
  trust = await serveSlackTrust([north, south], {
    token: TOKEN, signingSecret: SECRET, workspace: WORKSPACE,
    seeded: async (db) => {
      for (const s of [north, south]) await db.prisma.school.update({ where: { slug: s.slug }, data: { name: `${s.slug} Primary` } });
    },
  });
  ({ fake, url } = trust);
}, 120_000);
afterAll(async () => {
  await trust?.close();
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
