// Maps what the Slack Web API throws to what the outbox needs to know: try again (and when), or give
// up. Rate limits honour Slack's Retry-After; outages and network failures are retried; anything
// Slack refused on its merits (bad token, invalid blocks) is not. A channel the bot is not in (or that
// does not exist yet, or was archived) is held until someone adds Rollcall there: not given up.

import { NotConnectedYet, type DeliveryFailure } from '../port.js';

export type { DeliveryFailure };

// Platform error strings Slack documents as transient.
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
const RATE_LIMIT_ERRORS = new Set(['ratelimited', 'rate_limited']);
// Errors an admin fixes by inviting Rollcall to the channel (or un-archiving it): hold, do not drop.
const NOT_IN_CHANNEL_ERRORS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

function statusFailure(status: number, reason: string): DeliveryFailure {
  return { retryable: status === 429 || status >= 500, reason };
}

export function classifySlackError(error: unknown): DeliveryFailure {
  if (error instanceof NotConnectedYet) return { retryable: true, held: true, reason: error.reason };
  const code = field(error, 'code');
  switch (code) {
    case 'slack_webapi_rate_limited_error': {
      const seconds = field(error, 'retryAfter');
      const retryAfterMs = typeof seconds === 'number' && Number.isFinite(seconds) ? Math.max(0, seconds) * 1000 : 1000;
      return { retryable: true, rateLimited: true, retryAfterMs, reason: 'rate_limited' };
    }
    case 'slack_webapi_http_error': {
      const status = field(error, 'statusCode');
      return typeof status === 'number' ? statusFailure(status, `http_${status}`) : { retryable: true, reason: 'http_error' };
    }
    case 'slack_webapi_request_error':
      return { retryable: true, reason: 'network_error' };
    case 'slack_webapi_platform_error': {
      const platformError = field(field(error, 'data'), 'error');
      const reason = typeof platformError === 'string' ? platformError : 'platform_error';
      if (RATE_LIMIT_ERRORS.has(reason)) return { retryable: true, rateLimited: true, retryAfterMs: 1000, reason };
      if (NOT_IN_CHANNEL_ERRORS.has(reason)) return { retryable: true, held: true, reason };
      return { retryable: TRANSIENT_PLATFORM_ERRORS.has(reason), reason };
    }
    case 'slack_bolt_respond_error': {
      const status = field(error, 'statusCode');
      return typeof status === 'number' ? statusFailure(status, `respond_${status}`) : { retryable: false, reason: 'respond_error' };
    }
    default:
      return { retryable: false, reason: error instanceof Error ? error.name : 'unknown_error' };
  }
}
