import { describe, it, expect } from 'vitest';
import { instantAt, localDateOf, localTimeOf, minutesBetween } from '../../src/rules/local-time.js';

describe("a school's wall clock", () => {
  it.each([
    // GMT in winter, BST in summer: 09:15 London is 09:15Z in November and 08:15Z in June.
    ['2026-11-23', '09:15', '2026-11-23T09:15:00.000Z'],
    ['2026-06-15', '09:15', '2026-06-15T08:15:00.000Z'],
    // The days the clocks change (29 Mar and 25 Oct 2026).
    ['2026-03-29', '09:00', '2026-03-29T08:00:00.000Z'],
    ['2026-10-25', '09:00', '2026-10-25T09:00:00.000Z'],
  ])('%s %s in London is %s', (date, time, iso) => {
    const instant = instantAt(date, time, 'Europe/London');
    expect(instant.toISOString()).toBe(iso);
    expect(localDateOf(instant, 'Europe/London')).toBe(date);
    expect(localTimeOf(instant, 'Europe/London')).toBe(time);
  });

  it('gives the local date, not the UTC one, just after midnight in summer', () => {
    expect(localDateOf(new Date('2026-06-14T23:30:00Z'), 'Europe/London')).toBe('2026-06-15');
  });

  it('measures minutes between clock times', () => {
    expect(minutesBetween('08:50', '09:30')).toBe(40);
    expect(minutesBetween('09:30', '08:50')).toBe(-40);
  });
});
