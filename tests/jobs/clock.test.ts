import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../src/jobs/clock.js';

describe('clocks', () => {
  it('a ManualClock stands still until set or advanced, and hands out copies', () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const first = clock.now();
    first.setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(clock.advance(90_000).toISOString()).toBe('2026-11-23T09:01:30.000Z');
    clock.set('2026-06-15T08:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-06-15T08:00:00.000Z');
  });

  it('rejects an invalid time instead of running on NaN', () => {
    expect(() => new ManualClock('not a date')).toThrow(/invalid/);
    expect(() => new ManualClock(0).set('nope')).toThrow(/invalid/);
  });

  it('the system clock reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
