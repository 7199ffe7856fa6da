// Maps what a Teams delivery throws to what the outbox needs: try again (and when), or give up. The
// Teams SDK's API client throws axios errors carrying the HTTP response; 429 carries Retry-After
// (seconds), 5xx and network failures are transient; a refused card (400) or a missing message (404) are
// not. A bot removed from the team (403) or a conversation Rollcall has no reference for is held until
// Rollcall is added again, not given up. Token trouble is retried too, so messages wait in the outbox
// rather than being dropped: a bot token Entra would not give (MSAL errors: Entra down, or an expired
// client secret) or one the connector refused (401).

import { NotConnectedYet, type DeliveryFailure } from '../port.js';
import { TeamsRenderError } from './render-elements.js';

/** Something Rollcall knows cannot be delivered (no stored conversation, no 1:1 chat): a delivery outcome. */
export class TeamsDeliveryError extends Error {
  override readonly name = 'TeamsDeliveryError';
  constructor(
    readonly reason: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ERR_NETWORK', 'UND_ERR_SOCKET']);

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

function retryAfterMs(response: unknown): number {
  const raw = field(field(response, 'headers'), 'retry-after');
  const seconds = typeof raw === 'string' ? Number(raw) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
}

export function classifyTeamsError(error: unknown): DeliveryFailure {
  if (error instanceof NotConnectedYet) return { retryable: true, held: true, reason: error.reason };
  if (error instanceof TeamsDeliveryError) return { retryable: error.retryable, reason: error.reason };
  if (error instanceof TeamsRenderError) return { retryable: false, reason: 'TeamsRenderError' };
  const response = field(error, 'response');
  const status = field(response, 'status');
  if (typeof status === 'number') {
    if (status === 429) return { retryable: true, rateLimited: true, retryAfterMs: retryAfterMs(response), reason: 'rate_limited' };
    if (status === 403) return { retryable: true, held: true, reason: 'http_403' };
    return { retryable: status >= 500 || status === 401, reason: `http_${status}` };
  }
  if (typeof field(error, 'errorCode') === 'string') return { retryable: true, reason: 'bot_token_unavailable' };
  const code = field(error, 'code') ?? field(field(error, 'cause'), 'code');
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return { retryable: true, reason: 'network_error' };
  return { retryable: false, reason: error instanceof Error ? error.name : 'unknown_error' };
}
