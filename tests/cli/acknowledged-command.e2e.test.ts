// An acknowledged /missing is never lost, with real processes: `rollcall start` on Slack over HTTP takes
// four signed /missing commands, each gets Slack's 200, and the process is killed with SIGKILL at once
// (Slack never sends a command again after its 200). After a restart every pupil has exactly one
// incident, its card is in the incidents channel once, and every reporter got "Search started".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_PROCESS, startSlackProcessSchool, type SlackProcessSchool } from '../support/slack-process.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { sendSigned, slashCommandBody } from '../support/slack-signing.js';

const { secret: SECRET, workspace: WORKSPACE } = SLACK_PROCESS;
const PUPILS = [['Amy', 'Brown'], ['Ben', 'Carter'], ['Cara', 'Dunn'], ['Dev', 'Evans']] as const;

let school: SlackProcessSchool;
let slack: FakeSlack;

beforeAll(async () => {
  school = await startSlackProcessSchool(PUPILS);
  slack = school.slack;
}, 180_000);
afterAll(async () => school?.close());

describe('an acknowledged command survives kill -9', () => {
  it('raises every acknowledged /missing after a restart, once each, and answers every reporter', async () => {
    const first = await school.start();
    const sentAt = Date.now();
    const answers = await Promise.all(PUPILS.map(([f, l], i) => sendSigned(first.url, slashCommandBody({
      command: '/missing', text: `${f} ${l} by the gate`, user_id: 'U-TEACH', team_id: WORKSPACE, channel_id: 'C-ATT', channel_name: 'attendance',
      response_url: slack.responseUrl(`kill-${i}`), trigger_id: `kill-trigger-${i}`,
    }), { signingSecret: SECRET })));
    first.app.child.kill('SIGKILL');
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await first.app.exited;

    // On PostgreSQL another replica could still be handling a young request, so a restart takes over
    // only those older than 10 s; the embedded database has one owner and takes them over at once.
    if (school.databaseUrl) await new Promise((r) => setTimeout(r, Math.max(0, sentAt + 10_500 - Date.now())));
    const second = await school.start();
    for (const i of PUPILS.keys()) {
      const answer = await slack.waitFor('response_url', (c) => c.body['__key'] === `kill-${i}` && JSON.stringify(c.body).includes('Search started'), 30_000);
      expect(JSON.stringify(answer.body)).toContain(PUPILS[i]![0]);
    }
    for (const [f, l] of PUPILS) await slack.waitFor('chat.postMessage', (c) => c.body['channel'] === 'C-INC' && JSON.stringify(c.body).includes(`MISSING: ${f} ${l}`), 30_000);
    second.app.child.kill('SIGTERM');
    expect(await second.app.exited).toBe(0);

    const db = await school.open();
    try {
      const incidents = await db.prisma.missingPupilIncident.findMany({ include: { pupil: true } });
      expect(incidents.map((i) => `${i.pupil.firstName} ${i.pupil.lastName}`).sort()).toEqual(PUPILS.map(([f, l]) => `${f} ${l}`));
      const pending = await db.prisma.processedDelivery.count({ where: { body: { not: null } } });
      expect(pending).toBe(0); // every request handled, and its text forgotten
    } finally {
      await db.close();
    }
    for (const [f, l] of PUPILS) {
      const cards = slack.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'C-INC' && JSON.stringify(c.body).includes(`MISSING: ${f} ${l}`) && c.body['thread_ts'] === undefined);
      expect(cards).toHaveLength(1);
    }
  }, 180_000);
});
