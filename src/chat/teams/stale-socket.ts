// Node keeps HTTP connections alive between requests. When the Bot Connector (or a proxy on the way)
// closes one that sat idle just as Rollcall reuses it, the request fails with ECONNRESET before anyone
// read it; Node's documentation names that case (`req.reusedSocket`) as the one that is safe to send
// again. Without this, the first answer after a quiet spell could be lost: in-turn answers (a private
// reply to the person who reported a missing pupil) are not in the outbox to be retried. Any other
// failure, and a second one, goes to the caller (the outbox decides). Redirects are not followed: the
// Bot Connector does not redirect, a redirect must not carry the bot's token elsewhere, and axios's
// redirect wrapper would hide the request that says whether its connection was reused.

import type { Interceptor, RequestConfig } from '@microsoft/teams.common';

const RESENT = 'rollcallResentOnFreshConnection';

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

/** Whether a request failed only because the kept-alive connection it reused had been closed. */
export function failedOnStaleConnection(error: unknown): boolean {
  return field(error, 'code') === 'ECONNRESET' && field(field(error, 'request'), 'reusedSocket') === true;
}

function isRequestConfig(value: unknown): value is RequestConfig {
  return value !== null && typeof value === 'object' && typeof field(value, 'url') === 'string';
}

/** An interceptor for the SDK's HTTP client that sends such a request once more through `resend`. */
export function resendOnStaleConnection(resend: (config: RequestConfig) => Promise<unknown>): Interceptor {
  return {
    request: ({ config }) => Object.assign(config, { maxRedirects: 0 }),
    response: ({ res }) => res,
    error: async ({ error }) => {
      const config: unknown = field(error, 'config');
      if (!failedOnStaleConnection(error) || !isRequestConfig(config) || field(config, RESENT) === true) throw error;
      return resend(Object.assign({}, config, { [RESENT]: true }));
    },
  };
}
