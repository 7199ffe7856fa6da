// A small closed-loop HTTP load generator for the benchmarks: `concurrency` workers each send requests one
// after another until `total` have been sent; every request's latency is kept. Bounded in count and time,
// loopback only.
import { percentile } from './support.js';

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
