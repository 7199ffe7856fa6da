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
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { withBinding } from '../tests/support/bindings.js';
import type { MissingJob } from './missing-client.js';
import { backends, fmtMs, percentile, record } from './support.js';

const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';
const TIMERS = 200;
const STAFF = 20;
const ROUNDS = 5;
/** Unmeasured rounds first, so a new load process and a cold server do not count. */
const WARMUP_ROUNDS = 1;
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

/** A load process with its own fake Slack (bench/missing-client.ts); `start` gets the fake's API URL. */
async function missingLoad(start: (apiUrl: string) => Promise<{ url: string; stop(): Promise<void> }>, job: Omit<MissingJob, 'url' | 'secret' | 'staff' | 'rounds' | 'warmupRounds'>): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/missing-client.ts'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, BENCH_TOKEN: TOKEN } });
  const lines = createInterface({ input: child.stdout });
  const replies = lines[Symbol.asyncIterator]();
  const hello = await replies.next();
  const { apiUrl } = JSON.parse(String(hello.value)) as { apiUrl: string };
  const server = await start(apiUrl);
  try {
    child.stdin.write(`${JSON.stringify({ ...job, url: server.url, secret: SECRET, staff: STAFF, rounds: ROUNDS, warmupRounds: WARMUP_ROUNDS })}\n`);
    const result = await replies.next();
    if (result.done) throw new Error('the /missing load process ended without a result');
    return (JSON.parse(String(result.value)) as { latencies: number[] }).latencies;
  } finally {
    await server.stop();
    child.stdin.end();
    lines.close();
  }
}

async function bareBoltPost(): Promise<number[]> {
  return missingLoad(async (apiUrl) => {
    const receiver = new HTTPReceiver({ signingSecret: SECRET });
    const app = new App({ receiver, token: TOKEN, tokenVerificationEnabled: false, botId: 'B1', botUserId: 'U1', clientOptions: { slackApiUrl: apiUrl } });
    app.command(/.*/, async ({ ack, command, client }) => {
      await ack();
      await client.chat.postMessage({ channel: '#bare', text: `card ${command.text}` });
    });
    const server = (await app.start(0)) as unknown as { address(): { port: number } };
    return { url: `http://127.0.0.1:${server.address().port}/slack/events`, stop: async () => { await app.stop(); } };
  }, { channel: '#bare', cardText: 'card {name} ', pupil: 'Number{i}' });
}

async function benchMissing(): Promise<void> {
  console.log(`\n/missing to the posted card: ${STAFF} staff at once, ${ROUNDS} rounds after ${WARMUP_ROUNDS} unmeasured (load and fake Slack in another process)`);
  for (const backend of backends()) {
    const db = await backend.open();
    try {
      const policyYaml = withBinding(readFileSync('policies/st-lukes-cofe.yaml', 'utf8'), { slack: { teamId: 'T0SCHOOL' } });
      const saved = await addOrUpdateSchool(db.prisma, { slug: 'bench', policyYaml }, { name: 'bench', role: 'system' });
      await importFile(db, { receivedAt: new Date(), schoolSlug: 'bench', kind: 'pupils', csvText: pupilsCsv(STAFF * (WARMUP_ROUNDS + ROUNDS)), actor: { name: 'bench', role: 'system' } });
      await db.prisma.staffMember.createMany({ data: Array.from({ length: STAFF }, (_, s) => ({ schoolId: saved.school.id, staffId: `S${s}`, name: `Staff ${s}`, roles: ['class-teacher'], slackUserId: `U${s}` })) });
      const bare = await bareBoltPost();
      const ours = await missingLoad(async (apiUrl) => {
        // Only the missing-pupil workflow: started at any hour, the others would catch up the day's
        // attendance lists for these unmarked pupils and the benchmark would time those too.
        const rollcall = createRollcall({ db, platforms: ['slack'], workflows: [missingPupilWorkflow] });
        const slack = createSlackApp({
          signingSecret: SECRET, botToken: TOKEN, apiUrl, router: rollcall.router, staffDirectory: rollcall.staffDirectory,
          deliveryLog: rollcall.deliveryLog, schoolForTeam: async () => saved.school.id, logLevel: 'error',
        });
        rollcall.attach(slack.chat);
        const { port } = await slack.start(0);
        await rollcall.start();
        return {
          url: `http://127.0.0.1:${String(port)}/slack/events`,
          async stop() {
            await rollcall.stop();
            await slack.stop();
          },
        };
      }, { channel: '#incidents', cardText: 'MISSING: {name} (', pupil: 'Pupil Number{i}' });
      record({
        bench: '/missing -> card p50 / p99', backend: backend.name, figure: `${fmtMs(percentile(ours, 50))} / ${fmtMs(percentile(ours, 99))}`,
        baseline: `bare Bolt post ${fmtMs(percentile(bare, 50))} / ${fmtMs(percentile(bare, 99))}`, ratio: `p99 ${(percentile(ours, 99) / percentile(bare, 99)).toFixed(1)}x`, target: 'p99 < 500 ms',
      });
    } finally {
      await db.close();
    }
  }
}

export async function benchIncidents(): Promise<void> {
  await benchTimers();
  if (process.env.BENCH_SKIP_MISSING !== '1') await benchMissing();
}
