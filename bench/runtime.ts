// Issue 14's benchmarks: Rollcall as a person meets it, whole processes (the compiled `rollcall`) timed and
// measured from outside, each next to the physical limit measured in the same run:
// - `rollcall --help` next to `node -e 0`;
// - `rollcall report pupils` for a 1,000-pupil school with a year of marks on PostgreSQL, next to `psql`
//   running the per-pupil aggregate the report needs;
// - a second `npm start` (local mode, through npm as a person types it) to its prompt, next to a process
//   that only opens the same embedded database, and its peak memory through a morning typed at the terminal;
// - peak memory of the bot on PostgreSQL while 20 staff at once ask for a 2,000-pupil school's morning list
//   (200 signed /absences), next to a bare Bolt app connected to the same server.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBuilt } from '../bin/build.js';
import { openDatabase } from '../src/db/client.js';
import { importFile } from '../src/register/import.js';
import { addOrUpdateSchool } from '../src/register/schools.js';
import { FakeSlack } from '../tests/support/fake-slack.js';
import { loadFromAnotherProcess, type LoadResult } from './load.js';
import { AGGREGATE, yearOfMarks } from './register.js';
import { fmtMs, newServerDatabase, postgresUrl, record } from './support.js';

const BIN = resolve('bin/rollcall.js');
const ACTOR = { name: 'bench', role: 'data-manager' };
const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';
const MB = (kb: number) => `${Math.round(kb / 1024)} MB`;

interface Run {
  ms: number;
  /** Peak resident memory (KB) when /usr/bin/time could say; else 0. */
  peakKb: number;
  stdout: string;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command to its end; wall time from spawn to exit, peak RSS from GNU time when installed. */
function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const [file, argv] = TIME ? [TIME, ['-f', '%M', cmd, ...args]] : [cmd, args];
    const started = performance.now();
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return fail(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      const peakKb = TIME ? Number(stderr.trim().split('\n').at(-1)) : 0;
      done({ ms, peakKb, stdout });
    });
  });
}

/** Runs A and B in turn `n` times (pairs keep the comparison fair on a drifting machine); medians. */
async function paired(n: number, a: () => Promise<Run>, b: () => Promise<Run>): Promise<{ a: number; b: number; ratio: number; aPeakKb: number }> {
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  let aPeakKb = 0;
  await a(); // warm the file cache for both
  await b();
  for (let i = 0; i < n; i++) {
    const ra = await a();
    const rb = await b();
    as.push(ra.ms);
    bs.push(rb.ms);
    ratios.push(ra.ms / rb.ms);
    aPeakKb = Math.max(aPeakKb, ra.peakKb);
  }
  const mid = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]!;
  return { a: mid(as), b: mid(bs), ratio: mid(ratios), aPeakKb };
}

/** The process running bin/rollcall.js under `npm start` (npm runs it through a shell). */
function rollcallPid(pid: number): number {
  const children = (p: number) => readdirSync(`/proc/${p}/task`).flatMap((t) => readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  for (let queue = [pid]; queue.length; ) {
    const p = queue.shift()!;
    const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
    if (/node$/.test(argv[0]!) && argv.some((a) => a.endsWith('bin/rollcall.js'))) return p; // not the shell npm runs it with
    queue.push(...children(p));
  }
  throw new Error(`no rollcall process under ${pid}`);
}

function peakKbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** A school with a year of marks (bench/register.ts's generator) and an office member on Slack. */
async function seedSchool(url: string, pupils: number): Promise<string> {
  const db = await openDatabase({ url, migrate: true });
  try {
    const saved = await addOrUpdateSchool(db.prisma, { slug: 'bench', policyYaml: readFileSync('policies/lutley.yaml', 'utf8') }, ACTOR);
    const data = yearOfMarks(pupils);
    for (const [kind, csvText] of [['pupils', data.pupilsCsv], ['marks', data.marksCsv]] as const) {
      const result = await importFile(db, { receivedAt: new Date(), schoolSlug: 'bench', kind, csvText, actor: ACTOR });
      if (result.errors.length) throw new Error(`bench ${kind}: ${JSON.stringify(result.errors.slice(0, 3))}`);
    }
    await db.prisma.staffMember.create({ data: { schoolId: saved.school.id, staffId: 'S1', name: 'Office', roles: ['office', 'attendance-officer'], slackUserId: 'UOFFICE' } });
    return saved.school.id;
  } finally {
    await db.close();
  }
}

/** Starts a long-running process and resolves once its output matches `ready`, with the time that took. */
function startUntil(cmd: string, args: string[], ready: RegExp, options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: boolean }): Promise<{ child: ChildProcess; ms: number; output: () => string }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let output = '';
    let seen = false;
    const onData = (c: Buffer) => {
      output += c.toString();
      if (!seen && ready.test(output)) {
        seen = true;
        done({ child, ms: performance.now() - started, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      if (!seen) fail(new Error(`${args.join(' ')} ended (${code}) before it was ready:\n${output.slice(-1500)}`));
    });
  });
}

/** Ends `npm start` and waits for Rollcall itself: npm exits at once on SIGTERM, the app a little later. */
async function npmStopped(child: ChildProcess, app: number): Promise<void> {
  await stopped(child);
  for (const until = performance.now() + 60_000; existsSync(`/proc/${app}`); ) {
    if (performance.now() > until) throw new Error(`rollcall (pid ${app}) did not stop within a minute`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

async function benchHelp(): Promise<void> {
  const r = await paired(10, () => run(process.execPath, [BIN, '--help']), () => run(process.execPath, ['-e', '0']));
  record({ bench: '`rollcall --help`', backend: '-', figure: fmtMs(r.a), baseline: `node -e 0 ${fmtMs(r.b)}`, ratio: `${r.ratio.toFixed(2)}x`, target: 'under 0.5 s, within 3x' });
}

async function benchReport(server: string): Promise<void> {
  const url = await newServerDatabase(server);
  const schoolId = await seedSchool(url, 1000);
  const env = { ...process.env, DATABASE_URL: url };
  const sql = AGGREGATE.replace('$1', `'${schoolId}'`).replace('$2', "'2025-09-01'").replace('$3', "'2026-07-21'");
  const r = await paired(
    5,
    () => run(process.execPath, [BIN, 'report', 'pupils', '--school', 'bench', '--date', '2026-07-21', '--format', 'json'], { env }),
    () => run('psql', [url, '-q', '-A', '-t', '-c', sql], { env }),
  );
  const pupils = (JSON.parse((await run(process.execPath, [BIN, 'report', 'pupils', '--school', 'bench', '--date', '2026-07-21', '--format', 'json'], { env })).stdout) as unknown[]).length;
  record({
    bench: `\`rollcall report pupils\`, ${pupils} pupils, a year of marks`, backend: 'postgres', figure: `${fmtMs(r.a)}${r.aPeakKb ? `, ${MB(r.aPeakKb)}` : ''}`,
    baseline: `psql aggregate ${fmtMs(r.b)}`, ratio: `${r.ratio.toFixed(2)}x`, target: 'under 2 s',
  });
}

async function benchLocalMode(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-bench-local-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', ROLLCALL_DATA_DIR: join(dir, 'data') };
  for (const key of ['DATABASE_URL', 'SLACK_BOT_TOKEN', 'TEAMS_APP_ID', 'ROLLCALL_TEAMS_DEV_MODE']) delete env[key];
  const READY = /Rollcall local mode: demo school/;
  // As a person types it: npm start (npm's own start-up is part of the wait), here in this checkout.
  const start = () => startUntil('npm', ['start', '--silent', '--', '--stdin'], READY, { env, stdin: true });
  try {
    const first = await start();
    const firstApp = rollcallPid(first.child.pid!);
    const firstPeak = peakKbOf(firstApp);
    first.child.stdin!.end();
    await npmStopped(first.child, firstApp);
    const bare = () => run(process.execPath, ['--input-type=module', '-e', `import { PGlite } from '@electric-sql/pglite'; const db = await PGlite.create({ dataDir: ${JSON.stringify(join(dir, 'data', 'pglite'))} }); await db.query('select 1'); await db.close();`], { cwd: process.cwd() });
    const seconds: number[] = [];
    const baselines: number[] = [];
    let morningPeak = 0;
    for (let i = 0; i < 3; i++) {
      const second = await start();
      seconds.push(second.ms);
      // A morning at the terminal: the list, the tiers, the digest, the home view.
      for (const line of ['/absences', '/tiers', 'as S001', '/digest', 'home']) second.child.stdin!.write(`${line}\n`);
      await new Promise((r) => setTimeout(r, 8_000));
      const app = rollcallPid(second.child.pid!);
      morningPeak = Math.max(morningPeak, peakKbOf(app));
      second.child.stdin!.end();
      await npmStopped(second.child, app);
      baselines.push((await bare()).ms);
    }
    const mid = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]!;
    const bareRun = await bare();
    record({ bench: 'first `npm start` to the prompt (local mode)', backend: 'pglite', figure: `${fmtMs(first.ms)}, peak ${MB(firstPeak)}`, baseline: '-', ratio: '-', target: '-' });
    record({ bench: 'second `npm start` to the prompt (local mode)', backend: 'pglite', figure: fmtMs(mid(seconds)), baseline: `open the database ${fmtMs(mid(baselines))}`, ratio: `${(mid(seconds) / mid(baselines)).toFixed(2)}x`, target: 'under 5 s' });
    record({ bench: 'local mode peak RSS, start and a morning', backend: 'pglite', figure: MB(morningPeak), baseline: bareRun.peakKb ? `open the database ${MB(bareRun.peakKb)}` : '-', ratio: bareRun.peakKb ? `${(morningPeak / bareRun.peakKb).toFixed(2)}x` : '-', target: 'under 400 MB' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 200 signed /absences for a school day, 20 at a time, from a separate process. */
function morningLoad(url: string, responseUrl: string): Promise<LoadResult> {
  return loadFromAnotherProcess({ url, secret: SECRET, total: 200, warmup: 0, concurrency: 20, command: '/absences', text: '2026-07-14', user: 'UOFFICE', responseUrl });
}

async function benchBot(server: string): Promise<void> {
  const url = await newServerDatabase(server);
  await seedSchool(url, 2000);
  const fake = await FakeSlack.start({ token: TOKEN });
  const env = { ...process.env, DATABASE_URL: url, SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' };
  try {
    const bot = await startUntil(process.execPath, [BIN, 'start'], /HTTP on port (\d+)/, { env });
    const port = /HTTP on port (\d+)/.exec(bot.output())![1]!;
    const load = await morningLoad(`http://127.0.0.1:${port}/slack/events`, fake.responseUrl('morning'));
    const deadline = performance.now() + 120_000;
    while (fake.callsTo('response_url').length < load.count && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const answered = fake.callsTo('response_url').length;
    const botPeak = peakKbOf(bot.child.pid!);
    await stopped(bot.child);
    // The physical limit of a Slack bot on PostgreSQL: Bolt's receiver and a pg pool, nothing of Rollcall.
    const bare = await startUntil(process.execPath, ['--input-type=module', '-e', `
      import bolt from '@slack/bolt'; import pg from 'pg';
      const pool = new pg.Pool({ connectionString: ${JSON.stringify(url)} }); await pool.query('select 1');
      const app = new bolt.App({ receiver: new bolt.HTTPReceiver({ signingSecret: 'x'.repeat(16) }), token: 't', tokenVerificationEnabled: false, botId: 'B', botUserId: 'U' });
      app.command(/.*/, async ({ ack }) => ack()); await app.start(0); console.log('bare ready');`], /bare ready/, { env });
    const barePeak = peakKbOf(bare.child.pid!);
    await stopped(bare.child);
    record({
      bench: `bot peak RSS, 2,000-pupil morning (${answered}/${load.count} /absences answered)`, backend: 'postgres', figure: MB(botPeak),
      baseline: `bare Bolt + pg ${MB(barePeak)}`, ratio: `${(botPeak / barePeak).toFixed(2)}x`, target: 'under 200 MB',
    });
  } finally {
    await fake.close();
  }
}

export async function benchRuntime(): Promise<void> {
  await ensureBuilt();
  console.log('\nThe command line and the app as whole processes (compiled build)');
  await benchHelp();
  await benchLocalMode();
  const server = postgresUrl();
  if (!server) return console.log('(no PostgreSQL server available: report and bot figures skipped)');
  await benchReport(server);
  await benchBot(server);
}
