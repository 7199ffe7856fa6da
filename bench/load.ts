// A small closed-loop HTTP load generator for the benchmarks: `concurrency` workers each send requests one
// after another until `total` have been sent; every request's latency is kept. Bounded in count and time,
// loopback only.
import { spawn } from 'node:child_process';
import { percentile } from './support.js';

/** Signed slash commands for bench/load-client.ts to send. */
export interface LoadJob {
  url: string;
  secret: string;
  total: number;
  concurrency: number;
  command: string;
  text: string;
  user: string;
  responseUrl: string;
  /** Requests sent first and not measured: both ends (the client process is new each run) warm up on them. */
  warmup: number;
}

/** Sends the job from a separate process, so the client does not slow the server it measures. */
export async function loadFromAnotherProcess(job: LoadJob): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load-client.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(JSON.stringify(job));
  let out = '';
  for await (const chunk of child.stdout) out += String(chunk);
  return JSON.parse(out) as LoadResult;
}

export interface LoadResult {
  count: number;
  errors: number;
  p50: number;
  p99: number;
  perSecond: number;
}

export async function closedLoop(total: number, concurrency: number, send: (i: number) => Promise<Response>, timeLimitMs = 60_000): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total && performance.now() - started < timeLimitMs) {
      const i = next++;
      const t0 = performance.now();
      try {
        const res = await send(i);
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  return { count: latencies.length, errors, p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: (latencies.length / elapsed) * 1000 };
}
