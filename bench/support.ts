// Shared pieces of `npm run bench`: databases to measure on (embedded PGlite, and a PostgreSQL server:
// DATABASE_URL, or one started from Debian's packages by .ci/start-postgres.sh), timing with repeats,
// and the printed table. Benchmarks print figures and ratios against a plain baseline measured in the
// same run; they never assert (these machines are shared and noisy).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { isPostgresUrl, openDatabase, type Database } from '../src/db/client.js';

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

let serverUrl: string | undefined;
// openDatabase falls back to DATABASE_URL, which would run the PGlite rows on that server (in its own
// default database, left behind): the bench reads the URL once here and chooses each backend itself.
const envServerUrl = process.env.DATABASE_URL;
delete process.env.DATABASE_URL;

/** A PostgreSQL server for the benchmarks, or undefined when none can be had. */
export function postgresUrl(): string | undefined {
  if (serverUrl) return serverUrl;
  if (isPostgresUrl(envServerUrl)) return (serverUrl = envServerUrl);
  try {
    serverUrl = execFileSync('bash', ['.ci/start-postgres.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    const started = serverUrl;
    process.on('exit', () => execFileSync('bash', ['.ci/stop-postgres.sh', started]));
    return serverUrl;
  } catch {
    return undefined;
  }
}

/** A new, empty database of its own on the bench's PostgreSQL server; its URL. */
export async function newServerDatabase(server: string): Promise<string> {
  const name = `rollcall_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** BENCH_BACKENDS=pglite or =postgres measures one of them only. */
export function backends(): Backend[] {
  const only = process.env.BENCH_BACKENDS;
  const list: Backend[] = only === 'postgres' ? [] : [{ name: 'pglite', open: () => openDatabase({ dataDir: 'memory://', migrate: true }) }];
  if (only === 'pglite') return list;
  const url = postgresUrl();
  if (url) {
    list.push({
      name: 'postgres',
      open: async () => openDatabase({ url: await newServerDatabase(url), migrate: true }),
    });
  } else {
    console.log('(no PostgreSQL server available: PostgreSQL figures skipped)');
  }
  return list;
}

export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Runs fn `runs` times (after setup each time) and returns the median. */
export async function median(runs: number, fn: () => Promise<number>): Promise<number> {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) all.push(await fn());
  all.sort((a, b) => a - b);
  return all[Math.floor(all.length / 2)]!;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Row {
  bench: string;
  backend: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
}

export const rows: Row[] = [];

export function record(row: Row): void {
  rows.push(row);
  console.log(`  ${row.backend.padEnd(8)} ${row.bench}: ${row.figure} | baseline ${row.baseline} | ratio ${row.ratio} | target ${row.target}`);
}

export function printTable(): void {
  const cols: (keyof Row)[] = ['bench', 'backend', 'figure', 'baseline', 'ratio', 'target'];
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log('\n' + line(cols));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}

export const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
export const peakRssMb = () => `${Math.round(process.resourceUsage().maxRSS / 1024)} MB peak RSS`;
