import { describe, expect, it } from 'vitest';
import { defaultClassifyError } from '../../src/jobs/outbox.js';

const withFields = (fields: Record<string, unknown>) => Object.assign(new Error('boom'), fields);

describe('default delivery error classifier', () => {
  it.each([
    ['HTTP 429 with Retry-After seconds', withFields({ status: 429, retryAfter: 30 }), { retryable: true, rateLimited: true, retryAfterMs: 30_000, reason: 'rate_limited' }],
    ['429 with a retry-after header', withFields({ statusCode: 429, headers: { 'retry-after': '7' } }), { retryable: true, rateLimited: true, retryAfterMs: 7000, reason: 'rate_limited' }],
    ['429 with retryAfterMs', withFields({ status: 429, retryAfterMs: 1500 }), { retryable: true, rateLimited: true, retryAfterMs: 1500, reason: 'rate_limited' }],
    ['429 without a hint', withFields({ status: 429 }), { retryable: true, rateLimited: true, retryAfterMs: undefined, reason: 'rate_limited' }],
    ['HTTP 500', withFields({ status: 500 }), { retryable: true, reason: 'http_500' }],
    ['HTTP 503 as statusCode', withFields({ statusCode: 503 }), { retryable: true, reason: 'http_503' }],
    ['connection reset', withFields({ code: 'ECONNRESET' }), { retryable: true, reason: 'network_error' }],
    // A platform's own error codes are its adapter's to read (chat/slack/errors.ts), not the outbox's.
    ['a Slack SDK error code', withFields({ code: 'slack_webapi_request_error' }), { retryable: false, reason: 'Error' }],
    ['HTTP 404', withFields({ status: 404 }), { retryable: false, reason: 'http_404' }],
    ['a programming error', new TypeError('x is undefined'), { retryable: false, reason: 'TypeError' }],
    ['a thrown string', 'nope', { retryable: false, reason: 'unknown_error' }],
  ])('%s', (_label, err, expected) => {
    expect(defaultClassifyError(err)).toEqual(expected);
  });
});
