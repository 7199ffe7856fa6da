// A default error classifier for the outbox when no adapter supplies its own (chat adapters map their
// platform's errors precisely; this one reads the common shapes without importing any platform SDK).

export interface ClassifiedError {
  retryable: boolean;
  /** Wait at least this long before the next attempt (a platform's Retry-After). */
  retryAfterMs?: number;
  /** A rate limit: waiting it out uses up no attempt. */
  rateLimited?: boolean;
  /** Not deliverable until something changes (Rollcall added to the channel): kept, using up no attempt. */
  held?: boolean;
  /** Short machine-readable cause, prefixed to OutboxMessage.lastError. */
  reason?: string;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

function finite(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Retry-after in ms from `retryAfterMs`, or seconds in `retryAfter` / `retry_after` / a Retry-After header. */
function retryAfterMs(err: unknown): number | undefined {
  const ms = finite(field(err, 'retryAfterMs'));
  if (ms !== undefined) return Math.max(0, ms);
  const headers = field(err, 'headers');
  const seconds = finite(field(err, 'retryAfter')) ?? finite(field(err, 'retry_after')) ?? finite(field(headers, 'retry-after'));
  return seconds === undefined ? undefined : Math.max(0, seconds) * 1000;
}

export function classifyDeliveryError(err: unknown): ClassifiedError {
  const code = field(err, 'code');
  const status = finite(field(err, 'status')) ?? finite(field(err, 'statusCode'));
  if (status === 429) {
    return { retryable: true, rateLimited: true, retryAfterMs: retryAfterMs(err), reason: 'rate_limited' };
  }
  if (status !== undefined && status >= 500) return { retryable: true, reason: `http_${status}` };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return { retryable: true, reason: 'network_error' };
  }
  if (status !== undefined) return { retryable: false, reason: `http_${status}` };
  return { retryable: false, reason: err instanceof Error ? err.name : 'unknown_error' };
}
