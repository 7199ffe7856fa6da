import { describe, expect, it } from 'vitest';
import {
  compareWithPct, describePercentageBand, evaluateTier, percentageBandIsEmpty, percentageBandsOverlap, termDaysBandsOverlap,
  type PercentageBand, type TermDaysBand, type TierModel,
} from '../../src/rules/tiers.js';

const band = (name: string, bounds: Partial<PercentageBand>): PercentageBand => ({ name, actions: [], ...bounds });

const percentageModel: TierModel = {
  model: 'percentage',
  bands: [
    band('Watch', { atOrAbovePct: 96, belowPct: 97 }),
    band('Concern', { abovePct: 90, belowPct: 96 }),
    band('Serious', { atOrBelowPct: 90 }),
  ],
};

const termDays = (term: TermDaysBand['term'], minDays: number, maxDays: number | undefined, tier: string | null): TermDaysBand =>
  ({ term, minDays, maxDays, risk: `${tier ?? 'no'} risk`, tier, actions: [] });

const termModel: TierModel = {
  model: 'term-days',
  bands: [termDays('autumn', 6, 10, 'Tier 1'), termDays('summer', 6, 10, null), termDays('any', 11, undefined, 'Tier 2')],
};

/** A percentage as sessions out of 10,000, exact to two decimals. */
const ofTenThousand = (pct: number) => ({ present: Math.round(pct * 100), possible: 10_000 });
const byFraction = (present: number, possible: number) =>
  evaluateTier(percentageModel, { attendance: { present, possible }, daysAbsentThisTerm: 0, term: 'autumn' });

describe('evaluateTier with percentage bands', () => {
  it.each([
    [97, null],
    [96.99, 'Watch'],
    [96, 'Watch'],
    [95.99, 'Concern'],
    [90.01, 'Concern'],
    [90, 'Serious'],
    [0, 'Serious'],
  ])('%s%% -> %s', (pct, tier) => {
    expect(evaluateTier(percentageModel, { attendance: ofTenThousand(pct), daysAbsentThisTerm: 0, term: 'autumn' }).tier).toBe(tier);
  });

  it('compares the exact fraction with the bounds, not the rounded percentage', () => {
    // 332/369 = 89.97%, 333/370 = 90% exactly, 361/401 = 90.02%: all three round to 90.0%.
    expect(byFraction(332, 369).tier).toBe('Serious');
    expect(byFraction(333, 370).tier).toBe('Serious');
    expect(byFraction(361, 401).tier).toBe('Concern');
    // 96% of 374 is 359.04: 359 is just below (95.99%), 360 above (96.26%).
    expect(byFraction(359, 374).tier).toBe('Concern');
    expect(byFraction(360, 374).tier).toBe('Watch');
  });

  it('explains the band in plain words, never showing a figure on the wrong side of a bound', () => {
    const result = byFraction(9_345, 10_000);
    expect(result.rule).toBe('Attendance 93.45% (below 96%, above 90%): Concern');
    expect(result.band).toMatchObject({ name: 'Concern', abovePct: 90, belowPct: 96 });
    expect(byFraction(332, 369).rule).toBe('Attendance 89.97% (at or below 90%): Serious');
    expect(byFraction(7_199_999, 7_500_000).rule).toBe('Attendance 95.99% (below 96%, above 90%): Concern');
  });

  it('gives no tier, and says why, above every band or with no possible sessions', () => {
    expect(byFraction(99, 100))
      .toEqual({ tier: null, band: null, rule: 'Attendance 99%: outside every band, no tier' });
    expect(evaluateTier(percentageModel, { attendance: null, daysAbsentThisTerm: 0, term: 'autumn' }))
      .toEqual({ tier: null, band: null, rule: 'No possible sessions yet: no tier' });
    expect(byFraction(0, 0).tier).toBeNull();
  });
});

describe('compareWithPct', () => {
  it.each([
    [332, 369, 90, -1],
    [333, 370, 90, 0],
    [187, 200, 93.5, 0],
    [1869, 1999, 93.5, -1],
    [1870, 1999, 93.5, 1],
    [1, 3, 33.33, 1],
    [0, 5, 0, 0],
  ] as const)('%s/%s against %s%% -> %s', (present, possible, pct, expected) => {
    expect(compareWithPct({ present, possible }, pct)).toBe(expected);
  });
});

describe('evaluateTier with term-days bands', () => {
  it.each([
    [5, 'autumn', null],
    [6, 'autumn', 'Tier 1'],
    [10, 'autumn', 'Tier 1'],
    [11, 'autumn', 'Tier 2'],
    [40, 'spring', 'Tier 2'],
    [6, 'spring', null],
    [8, 'summer', null],
  ] as const)('%s days in %s -> %s', (days, term, tier) => {
    expect(evaluateTier(termModel, { attendance: null, daysAbsentThisTerm: days, term }).tier).toBe(tier);
  });

  it('rounds half days down to whole days', () => {
    const result = evaluateTier(termModel, { attendance: null, daysAbsentThisTerm: 10.5, term: 'autumn' });
    expect(result.tier).toBe('Tier 1');
    expect(result.rule).toBe('10.5 days absent (counted as 10 days) this autumn term: Tier 1 risk, Tier 1');
  });

  it('names the risk even when the band has no support level', () => {
    expect(evaluateTier(termModel, { attendance: null, daysAbsentThisTerm: 7, term: 'summer' }).rule)
      .toBe('7 days absent this summer term: no risk, no support level stated');
  });

  it('reports when the days are below every band', () => {
    const result = evaluateTier(termModel, { attendance: null, daysAbsentThisTerm: 1, term: 'autumn' });
    expect(result).toEqual({ tier: null, band: null, rule: '1 day absent this autumn term: below every band, no tier' });
  });
});

describe('band geometry', () => {
  it.each([
    ['touching at an exclusive bound', { belowPct: 90 }, { atOrAbovePct: 90 }, false],
    ['sharing an inclusive bound', { atOrBelowPct: 90 }, { atOrAbovePct: 90 }, true],
    ['both exclusive at the same point', { belowPct: 90 }, { abovePct: 90 }, false],
    ['nested', { belowPct: 95 }, { belowPct: 90, atOrAbovePct: 85 }, true],
    ['disjoint', { belowPct: 80 }, { atOrAbovePct: 90 }, false],
  ] as const)('percentage bands %s', (_label, a, b, overlap) => {
    expect(percentageBandsOverlap(band('a', a), band('b', b))).toBe(overlap);
    expect(percentageBandsOverlap(band('b', b), band('a', a))).toBe(overlap);
  });

  it('finds empty percentage bands', () => {
    expect(percentageBandIsEmpty(band('x', { atOrAbovePct: 90, belowPct: 90 }))).toBe(true);
    expect(percentageBandIsEmpty(band('x', { atOrAbovePct: 90, atOrBelowPct: 90 }))).toBe(false);
    expect(percentageBandIsEmpty(band('x', { abovePct: 95, belowPct: 90 }))).toBe(true);
  });

  it.each([
    [termDays('autumn', 6, 10, 'a'), termDays('autumn', 10, 15, 'b'), true],
    [termDays('autumn', 6, 10, 'a'), termDays('autumn', 11, 15, 'b'), false],
    [termDays('autumn', 6, 10, 'a'), termDays('spring', 6, 10, 'b'), false],
    [termDays('any', 19, undefined, 'a'), termDays('summer', 16, 18, 'b'), false],
    [termDays('any', 18, undefined, 'a'), termDays('summer', 16, 18, 'b'), true],
  ])('term-days overlap %#', (a, b, overlap) => {
    expect(termDaysBandsOverlap(a, b)).toBe(overlap);
  });

  it('describes bounds as staff would say them', () => {
    expect(describePercentageBand(band('x', { atOrBelowPct: 90, abovePct: 80 }))).toBe('at or below 90%, above 80%');
  });
});
