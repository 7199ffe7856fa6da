// Runs one async pass at a time: a request that arrives mid-pass is coalesced into exactly one follow-up
// pass, so a timeout hint, the periodic sweep and wake-ups never run the same work concurrently.

export interface SerialRunner {
  /** Resolves when a pass that started at or after this call has finished. */
  run(): Promise<void>;
  /** Resolves when nothing is running. */
  idle(): Promise<void>;
}

export function serialRunner(pass: () => Promise<void>, onError: (err: unknown) => void): SerialRunner {
  let current: Promise<void> | null = null;
  let next: Promise<void> | null = null;

  const start = (): Promise<void> => {
    const p = pass()
      .catch(onError)
      .finally(() => {
        if (current === p) current = null;
      });
    current = p;
    return p;
  };

  return {
    run() {
      if (!current) return start();
      if (!next) {
        next = current.then(() => {
          next = null;
          return start();
        });
      }
      return next;
    },
    async idle() {
      while (current || next) await (next ?? current);
    },
  };
}

/** Calls fn for every item with at most `limit` calls in flight; resolves with results in item order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let nextIndex = 0;
  const lane = async (): Promise<void> => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
