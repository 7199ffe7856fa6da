// A platform's rate limits as it announced them. After a 429 for a scope (a Slack Web API method, a
// Teams conversation) the platform names how long to wait; until then every call in that scope is
// refused here, without reaching the platform, and the outbox waits it out like the first one (no
// attempt used). When the wait is over, one call goes first and the others in that scope wait for its
// answer, so a limit that is still on costs one request, not one per queued message. Small and
// in-process on purpose: the platform's Retry-After is the truth, this only avoids asking again early.

/** A delivery outcome the ports' classifiers read (wait, no attempt used), not a person's error. */
export class WaitingOutRateLimit extends Error {
  override readonly name = 'WaitingOutRateLimit';
  constructor(
    readonly scope: string,
    readonly retryAfterMs: number,
  ) {
    super(`waiting out the platform's rate limit for ${scope} (${retryAfterMs} ms more)`);
  }
}

export class RateGate {
  private readonly until = new Map<string, number>();
  /** Scopes whose limit has just run out, and the call finding out whether it is really over. */
  private readonly reopened = new Set<string>();
  private readonly probes = new Map<string, Promise<unknown>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Throws WaitingOutRateLimit while `scope` is still limited. */
  check(scope: string): void {
    const until = this.until.get(scope);
    if (until === undefined) return;
    const left = until - this.now();
    if (left > 0) throw new WaitingOutRateLimit(scope, left);
    this.until.delete(scope);
    this.reopened.add(scope);
  }

  block(scope: string, ms: number): void {
    this.until.set(scope, Math.max(this.until.get(scope) ?? 0, this.now() + Math.max(0, ms)));
  }

  /** Runs a call in `scope`: refused while it is limited, and limited when the platform says so. */
  async run<T>(scope: string, call: () => Promise<T>, limitOf: (error: unknown) => number | undefined): Promise<T> {
    for (let probe = this.probes.get(scope); probe; probe = this.probes.get(scope)) await probe.catch(() => undefined);
    this.check(scope);
    const attempt = (async () => {
      try {
        return await call();
      } catch (error) {
        const ms = limitOf(error);
        if (ms !== undefined) this.block(scope, ms);
        throw error;
      }
    })();
    if (!this.reopened.delete(scope)) return attempt;
    this.probes.set(scope, attempt);
    try {
      return await attempt;
    } finally {
      this.probes.delete(scope);
    }
  }
}
