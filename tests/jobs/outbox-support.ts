// A fake platform for the outbox tests: records what it was given, fails what it is told to, and the
// classifier reads its errors the way an adapter's would.
import type { ClassifiedError, OutboxDelivery } from '../../src/jobs/outbox.js';

/** What a platform adapter throws; the tests' classifier reads it the way an adapter's would. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(`platform answered ${status}`);
  }
}
export function classify(err: unknown): ClassifiedError {
  if (err instanceof PlatformError) {
    if (err.status === 429) return { retryable: true, rateLimited: true, retryAfterMs: (err.retryAfterSeconds ?? 1) * 1000, reason: 'rate_limited' };
    return { retryable: err.status >= 500, reason: `http_${err.status}` };
  }
  return { retryable: true, reason: 'network_error' };
}

/** A fake platform: records deliveries, fails the ones told to, answers posts with a ts. */
export function fakePlatform(script: Record<string, Error[]> = {}) {
  const delivered: OutboxDelivery[] = [];
  const calls: string[] = [];
  return {
    delivered,
    calls,
    async deliver(msg: OutboxDelivery) {
      calls.push(msg.key);
      const failure = script[msg.key]?.shift();
      if (failure) throw failure;
      delivered.push(msg);
      return msg.op === 'update' ? { externalId: msg.target?.externalId } : { externalId: `ts-${msg.key}`, channel: `${msg.channel}-real` };
    },
  };
}
