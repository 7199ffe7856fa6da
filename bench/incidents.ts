// Issue 4's benchmarks: durable-timer precision (fire time minus due time) next to a plain setTimeout in
// the same run, and the time from a signed `/missing` to its card arriving at the (fake) Slack Web API
// with 20 staff acting at once, next to a bare Bolt app that posts a message straight away.
import { readFileSync } from 'node:fs';
import { App, HTTPReceiver } from '@slack/bolt';
import { createRollcall } from '../src/app/rollcall.js';
import { missingPupilWorkflow } from '../src/workflows/missing/index.js';
import { createSlackApp } from '../src/chat/slack/app.js';
import { createDurableTimers } from '../src/jobs/index.js';
import { importFile } from '../src/register/import.js';
import { addOrUpdateSchool } from '../src/register/schools.js';
import { FakeSlack } from '../tests/support/fake-slack.js';
import { sendSigned, slashCommandBody } from '../tests/support/slack-signing.js';
import { backends, fmtMs, percentile, record } from './support.js';

const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';
const TIMERS = 200;
const STAFF = 20;
const ROUNDS = 5;
const SCHEDULE_LEAD_MS = 8000;

async function setTimeoutPrecision(): Promise<number[]> {
  const lateness: number[] = [];
  await Promise.all(Array.from({ length: TIMERS }, (_, i) => new Promise<void>((done) => {
    const due = Date.now() + 200 + ((i * 37) % 4000);
    setTimeout(() => { lateness.push(Date.now() - due); done(); }, due - Date.now());
  })));
  return lateness;
}

async function benchTimers(): Promise<void> {
  console.log(`\nDurable timer precision: ${TIMERS} timers due over ~4 s (scheduled beforehand)`);
  const plain = await setTimeoutPrecision();
  for (const backend of backends()) {
    const db = await backend.open();
    try {
      const school = await addOrUpdateSchool(db.prisma, { slug: 'bench', policyYaml: readFileSync('policies/st-lukes-cofe.yaml', 'utf8') }, { name: 'bench', role: 'system' });
      const lateness: number[] = [];
      const timers = createDurableTimers({ prisma: db.prisma });
      let fired = 0;
      const all = new Promise<void>((done) => {
        timers.on('bench', async (t) => {
          lateness.push(Date.now() - t.dueAt.getTime());
          if (++fired === TIMERS) done();
        });
      });
      await timers.start();
      // Due times start after every row is written, so lateness measures the service, not the inserts.
      const base = Date.now() + SCHEDULE_LEAD_MS;
      for (let i = 0; i < TIMERS; i++) {
        await timers.schedule(db.prisma, { schoolId: school.school.id, key: `bench:${i}`, kind: 'bench', dueAt: new Date(base + ((i * 37) % 4000)) });
      }
      await all;
      await timers.stop();
      record({
        bench: 'timer lateness p50 / p99', backend: backend.name, figure: `${fmtMs(percentile(lateness, 50))} / ${fmtMs(percentile(lateness, 99))}`,
        baseline: `setTimeout ${fmtMs(percentile(plain, 50))} / ${fmtMs(percentile(plain, 99))}`, ratio: `p99 +${fmtMs(percentile(lateness, 99) - percentile(plain, 99))}`, target: 'p99 < 1 s',
      });
    } finally {
      await db.close();
    }
  }
}

function pupilsCsv(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => `B${String(i).padStart(12, '0')},Pupil,Number${i},3,3A,2019-01-01,F,2023-09-04,N,N,N,N,N,N,N,N`);
  return ['upn,first_name,last_name,year_group,class,date_of_birth,gender,admission_date,sen_status,ehcp,fsm,eal,looked_after,child_protection_plan,social_worker,young_carer', ...rows].join('\n');
}

async function bareBoltPost(fake: FakeSlack): Promise<number[]> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET });
  const app = new App({ receiver, token: TOKEN, tokenVerificationEnabled: false, botId: 'B1', botUserId: 'U1', clientOptions: { slackApiUrl: fake.apiUrl } });
  app.command(/.*/, async ({ ack, command, client }) => {
    await ack();
    await client.chat.postMessage({ channel: '#bare', text: `card ${command.text}` });
  });
  const server = (await app.start(0)) as unknown as { address(): { port: number } };
  try {
    return await burst(`http://127.0.0.1:${server.address().port}/slack/events`, fake, '#bare', (name) => `card ${name} `);
  } finally {
    await app.stop();
  }
}

/**
 * Resolves when a chat.postMessage to `channel` mentioning the text arrives. Each call is looked at once
 * as it is recorded: scanning every recorded call again for each waiter made the benchmark itself
 * quadratic, and it runs in the measured server's process.
 */
function cardWatcher(fake: FakeSlack, channel: string): { arrival(text: string): Promise<void>; stop(): void } {
  const waiting = new Map<string, () => void>();
  const stop = fake.onCall((call) => {
    if (call.method !== 'chat.postMessage' || call.body['channel'] !== channel) return;
    const body = JSON.stringify(call.body);
    for (const [text, resolve] of waiting) {
      if (body.includes(text)) {
        waiting.delete(text);
        resolve();
      }
    }
  });
  return { arrival: (text) => new Promise<void>((resolve) => waiting.set(text, resolve)), stop };
}

/** ROUNDS rounds of STAFF concurrent /missing reports; each latency is request sent -> card posted. */
async function burst(url: string, fake: FakeSlack, channel: string, cardText: (name: string) => string, pupil = (i: number) => `Number${i}`): Promise<number[]> {
  const latencies: number[] = [];
  const watcher = cardWatcher(fake, channel);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(Array.from({ length: STAFF }, async (_, s) => {
        const i = round * STAFF + s;
        const name = pupil(i);
        const card = watcher.arrival(cardText(name));
        const t0 = performance.now();
        await sendSigned(url, slashCommandBody({ command: '/missing', text: `${name} by the gate`, user_id: `U${s}`, team_id: 'T0BENCH', channel_id: 'C0', trigger_id: `t${i}`, response_url: fake.responseUrl(`b${i}`) }), { signingSecret: SECRET });
        await card;
        latencies.push(performance.now() - t0);
      }));
    }
  } finally {
    watcher.stop();
  }
  return latencies;
}

async function benchMissing(): Promise<void> {
  console.log(`\n/missing to the posted card: ${STAFF} staff at once, ${ROUNDS} rounds`);
  for (const backend of backends()) {
    const db = await backend.open();
    const fake = await FakeSlack.start({ token: TOKEN });
    try {
      const saved = await addOrUpdateSchool(db.prisma, { slug: 'bench', policyYaml: readFileSync('policies/st-lukes-cofe.yaml', 'utf8') }, { name: 'bench', role: 'system' });
      await importFile(db, { schoolSlug: 'bench', kind: 'pupils', csvText: pupilsCsv(STAFF * ROUNDS), actor: { name: 'bench', role: 'system' } });
      await db.prisma.staffMember.createMany({ data: Array.from({ length: STAFF }, (_, s) => ({ schoolId: saved.school.id, staffId: `S${s}`, name: `Staff ${s}`, roles: ['class-teacher'], slackUserId: `U${s}` })) });
      const bare = await bareBoltPost(fake);
      // Only the missing-pupil workflow: started at any hour, the others would catch up the day's
      // attendance lists for these unmarked pupils and the benchmark would time those too.
      const rollcall = createRollcall({ db, platforms: ['slack'], workflows: [missingPupilWorkflow] });
      const slack = createSlackApp({
        signingSecret: SECRET, botToken: TOKEN, apiUrl: fake.apiUrl, router: rollcall.router, staffDirectory: rollcall.staffDirectory,
        deliveryLog: rollcall.deliveryLog, schoolForTeam: async () => saved.school.id, logLevel: 'error',
      });
      rollcall.attach(slack.chat);
      const { port } = await slack.start(0);
      await rollcall.start();
      const ours = await burst(`http://127.0.0.1:${String(port)}/slack/events`, fake, '#incidents', (name) => `MISSING: ${name} (`, (i) => `Pupil Number${i}`);
      await rollcall.stop();
      await slack.stop();
      record({
        bench: '/missing -> card p50 / p99', backend: backend.name, figure: `${fmtMs(percentile(ours, 50))} / ${fmtMs(percentile(ours, 99))}`,
        baseline: `bare Bolt post ${fmtMs(percentile(bare, 50))} / ${fmtMs(percentile(bare, 99))}`, ratio: `p99 ${(percentile(ours, 99) / percentile(bare, 99)).toFixed(1)}x`, target: 'p99 < 500 ms',
      });
    } finally {
      await fake.close();
      await db.close();
    }
  }
}

export async function benchIncidents(): Promise<void> {
  await benchTimers();
  if (process.env.BENCH_SKIP_MISSING !== '1') await benchMissing();
}
