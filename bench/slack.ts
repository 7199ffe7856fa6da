// Issue 3's benchmarks: slash-command acknowledgement latency through Rollcall's Bolt receiver (signature
// check, delivery de-duplication in the database, the router) at 50 concurrent signed requests, next to a
// bare Bolt app answering the same requests in the same run; and building the morning list for a
// 2,000-pupil school against a plain SQL query for the same pupils.
import { readFileSync } from 'node:fs';
import { App, HTTPReceiver } from '@slack/bolt';
import { createRollcall } from '../src/app/rollcall.js';
import { WORKFLOWS } from '../src/app/workflows.js';
import { createSlackApp } from '../src/chat/slack/app.js';
import type { Database } from '../src/db/client.js';
import { loadPreset } from '../src/policy/presets.js';
import { importFile } from '../src/register/import.js';
import { addOrUpdateSchool } from '../src/register/schools.js';
import { sessionRows } from '../src/workflows/unexplained/session-rows.js';
import { withBinding } from '../tests/support/bindings.js';
import { FakeSlack } from '../tests/support/fake-slack.js';
import { loadFromAnotherProcess, type LoadResult } from './load.js';
import { yearOfMarks } from './register.js';
import { backends, fmtMs, median, record, time } from './support.js';

const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';
const REQUESTS = 2000;
/** Unmeasured requests before each measured run, sent by the same client process. */
const WARMUP = 200;
const CONCURRENCY = 50;
const ACTOR = { name: 'bench', role: 'data-manager' };

async function seedSchool(db: Database, pupils: number, marksToo: boolean): Promise<string> {
  const saved = await addOrUpdateSchool(db.prisma, { slug: 'bench', policyYaml: withBinding(readFileSync('policies/lutley.yaml', 'utf8'), { slack: { teamId: 'T0SCHOOL' } }) }, ACTOR);
  const data = yearOfMarks(pupils);
  await importFile(db, { receivedAt: new Date(), schoolSlug: 'bench', kind: 'pupils', csvText: data.pupilsCsv, actor: ACTOR });
  if (marksToo) await importFile(db, { receivedAt: new Date(), schoolSlug: 'bench', kind: 'marks', csvText: data.marksCsv, actor: ACTOR });
  await db.prisma.staffMember.create({ data: { schoolId: saved.school.id, staffId: 'S1', name: 'Office', roles: ['office'], slackUserId: 'UOFFICE' } });
  return saved.school.id;
}

function loadAgainst(url: string, responseUrl: string): Promise<LoadResult> {
  return loadFromAnotherProcess({ url, secret: SECRET, total: REQUESTS, warmup: WARMUP, concurrency: CONCURRENCY, command: '/absences', text: '', user: 'UOFFICE', responseUrl });
}

async function bareBolt(responseUrl: string): Promise<LoadResult> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET });
  const app = new App({ receiver, token: TOKEN, tokenVerificationEnabled: false, botId: 'B1', botUserId: 'U1' });
  app.command(/.*/, async ({ ack }) => ack());
  const server = (await app.start(0)) as unknown as { address(): { port: number } };
  try {
    return await loadAgainst(`http://127.0.0.1:${server.address().port}/slack/events`, responseUrl);
  } finally {
    await app.stop();
  }
}

/** Waits until `total` answers reached the fake's response_url (or 60 s pass); returns how many did. */
async function allAnswered(fake: FakeSlack, total: number): Promise<number> {
  const deadline = performance.now() + 60_000;
  while (fake.callsTo('response_url').length < total && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return fake.callsTo('response_url').length;
}

export async function benchSlack(): Promise<void> {
  console.log(`\nSlash-command acknowledgement: ${REQUESTS} signed /absences at ${CONCURRENCY} concurrent (after ${WARMUP} unmeasured)`);
  for (const backend of backends()) {
    const db = await backend.open();
    const fake = await FakeSlack.start({ token: TOKEN });
    try {
      await seedSchool(db, 30, false);
      const rollcall = createRollcall({ db, platforms: ['slack'], workflows: WORKFLOWS });
      const slack = createSlackApp({
        signingSecret: SECRET, botToken: TOKEN, apiUrl: fake.apiUrl, router: rollcall.router, staffDirectory: rollcall.staffDirectory,
        deliveryLog: rollcall.deliveryLog, schoolForTeam: async () => (await db.prisma.school.findFirst())?.id, logLevel: 'error',
      });
      const { port } = await slack.start(0);
      const bare = await bareBolt(fake.responseUrl('bench'));
      const started = performance.now();
      const ours = await loadAgainst(`http://127.0.0.1:${String(port)}/slack/events`, fake.responseUrl('bench'));
      // Acknowledged commands are answered through response_url a few at a time; wait for every answer
      // (and report how long the burst took) before the database closes.
      const answered = await allAnswered(fake, WARMUP + REQUESTS);
      const drainedMs = performance.now() - started;
      await slack.stop();
      record({
        bench: 'ack p50 / p99', backend: backend.name, figure: `${fmtMs(ours.p50)} / ${fmtMs(ours.p99)} (${ours.errors} errors)`,
        baseline: `bare Bolt ${fmtMs(bare.p50)} / ${fmtMs(bare.p99)}`, ratio: `p99 ${(ours.p99 / bare.p99).toFixed(2)}x`, target: 'p99 < 100 ms, within 2x',
      });
      record({
        bench: `${WARMUP + REQUESTS} /absences answered`, backend: backend.name, figure: `${answered} in ${fmtMs(drainedMs)}`,
        baseline: '-', ratio: `${(answered / (drainedMs / 1000)).toFixed(0)}/s`, target: '-',
      });
    } finally {
      await fake.close();
      await db.close();
    }
  }

  console.log('\nMorning list for a 2,000-pupil school');
  for (const backend of backends()) {
    const db = await backend.open();
    try {
      const schoolId = await seedSchool(db, 2000, true);
      const preset = loadPreset('lutley');
      if (!preset.ok) throw new Error('preset');
      const date = '2026-07-14';
      const baseline = await median(5, async () =>
        (await time(() => db.sql.query(
          `SELECT p.id FROM "Pupil" p LEFT JOIN "SessionMark" m ON m."pupilId" = p.id AND m.date = $2::date AND m.session = 'AM'
            WHERE p."schoolId" = $1 AND (m.id IS NULL OR m.code = 'N')`, [schoolId, date]))).ms);
      let listed = 0;
      const ours = await median(5, async () => {
        const t = await time(() => sessionRows(db.sql, schoolId, preset.policy, date, 'AM'));
        listed = t.value.length;
        return t.ms;
      });
      record({ bench: `morning list (${listed} listed of 2000)`, backend: backend.name, figure: fmtMs(ours), baseline: `${fmtMs(baseline)} SQL query`, ratio: `${(ours / baseline).toFixed(2)}x`, target: backend.name === 'postgres' ? 'under 300 ms' : '-' });
    } finally {
      await db.close();
    }
  }
}
