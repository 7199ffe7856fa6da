// Why a read from (or write to) an MIS failed, in words the school's IT lead can act on. `retryable` says
// whether trying again later can help by itself (rate limits, outages) or someone must act (a revoked
// token, a school that has not approved Rollcall, records Rollcall cannot read). Messages carry no
// personal data: they are logged and posted to the office.

export type MisErrorKind =
  | 'unauthorised' // 401: the token is wrong or revoked
  | 'forbidden' // 403: a permission (scope) the school has not granted
  | 'not-found' // 404: school not approved for this app, or not found
  | 'rate-limited' // 429
  | 'unavailable' // 5xx, timeouts, connection refused
  | 'bad-request' // 400: e.g. an include the API does not know
  | 'invalid-data' // a page whose records do not have the shape Rollcall needs
  | 'not-configured'; // no token or no school id

/** Not a RollcallError: no person asked; a sync failed, and `kind` decides whether it is tried again. */
export class MisError extends Error {
  override readonly name = 'MisError';
  constructor(
    readonly kind: MisErrorKind,
    message: string,
    /** How long the MIS asked us to wait (429 Retry-After), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'unavailable';
  }
}

export function isMisError(error: unknown): error is MisError {
  return error instanceof MisError;
}
