// Both fakes (Slack Web API, Bot Connector) record calls and let a test wait for one that matches: this is
// that wait, once. A recorded call wakes every waiter, which re-checks its predicate.
export async function waitForCall<T>(
  calls: readonly T[],
  waiters: (() => void)[],
  match: (c: T) => boolean,
  timeoutMs: number,
  missing: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = calls.find(match);
    if (found) return found;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(missing());
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
