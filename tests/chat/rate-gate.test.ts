// The rate gate a port keeps per scope: after a 429 every call in that scope is refused here until the
// platform's Retry-After has passed (other scopes go on), and then one call goes first while the others
// wait for its answer, so a limit that is still on costs one request.
import { describe, expect, it } from 'vitest';
import { RateGate, WaitingOutRateLimit } from '../../src/chat/rate-gate.js';

class Limited extends Error {
  constructor(readonly ms: number) {
    super('429');
  }
}
const limitOf = (e: unknown) => (e instanceof Limited ? e.ms : undefined);

describe('RateGate', () => {
  it('refuses calls in a limited scope without making them, and lets other scopes through', async () => {
    let t = 0;
    const gate = new RateGate(() => t);
    const calls: string[] = [];
    await expect(gate.run('chat.postMessage', async () => { calls.push('a'); throw new Limited(2000); }, limitOf)).rejects.toBeInstanceOf(Limited);
    const refused: unknown = await gate.run('chat.postMessage', async () => calls.push('b'), limitOf).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WaitingOutRateLimit);
    expect((refused as WaitingOutRateLimit).retryAfterMs).toBe(2000);
    await gate.run('chat.update', async () => calls.push('c'), limitOf);
    t = 1500;
    expect(((await gate.run('chat.postMessage', async () => 1, limitOf).catch((e: unknown) => e)) as WaitingOutRateLimit).retryAfterMs).toBe(500);
    t = 2000;
    await gate.run('chat.postMessage', async () => calls.push('d'), limitOf);
    expect(calls).toEqual(['a', 'c', 'd']);
  });

  it('after the wait, sends one call first; if the limit is still on, the others are refused without a request', async () => {
    let t = 0;
    const gate = new RateGate(() => t);
    await gate.run('C1', async () => { throw new Limited(1000); }, limitOf).catch(() => undefined);
    t = 1000;
    let release!: () => void;
    const requests: number[] = [];
    const first = gate.run('C1', () => new Promise<never>((_, reject) => { requests.push(1); release = () => reject(new Limited(1000)); }), limitOf);
    const others = [2, 3, 4].map((n) => gate.run('C1', async () => requests.push(n), limitOf).catch((e: unknown) => e));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(requests).toEqual([1]);
    release();
    await expect(first).rejects.toBeInstanceOf(Limited);
    for (const outcome of await Promise.all(others)) expect(outcome).toBeInstanceOf(WaitingOutRateLimit);
    expect(requests).toEqual([1]);
  });
});
