// The one source of "now" for the reliability machinery (timers, outbox, schedule). Production uses the
// system clock; tests inject a ManualClock and move time explicitly instead of waiting.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private ms: number;

  constructor(start: Date | string | number) {
    this.ms = new Date(start).getTime();
    if (Number.isNaN(this.ms)) throw new Error(`ManualClock: invalid start time ${String(start)}`);
  }

  now(): Date {
    return new Date(this.ms);
  }

  set(at: Date | string | number): void {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new Error(`ManualClock: invalid time ${String(at)}`);
    this.ms = ms;
  }

  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
}
