import { describe, expect, it } from 'vitest';
import {
  describePercentageBand, evaluateTier, percentageBandIsEmpty, percentageBandsOverlap, termDaysBandsOverlap,
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
    expect(evaluateTier(percentageModel, { attendancePct: pct, daysAbsentThisTerm: 0, term: 'autumn' }).tier).toBe(tier);
  });

  it('explains the band in plain words', () => {
    const result = evaluateTier(percentageModel, { attendancePct: 93.456, daysAbsentThisTerm: 0, term: 'spring' });
    expect(result.rule).toBe('Attendance 93.46% (below 96%, above 90%): Concern');
    expect(result.band).toMatchObject({ name: 'Concern', abovePct: 90, belowPct: 96 });
  });

  it('gives no tier, and says why, above every band or with no possible sessions', () => {
    expect(evaluateTier(percentageModel, { attendancePct: 99, daysAbsentThisTerm: 0, term: 'autumn' }))
      .toEqual({ tier: null, band: null, rule: 'Attendance 99%: outside every band, no tier' });
    expect(evaluateTier(percentageModel, { attendancePct: null, daysAbsentThisTerm: 0, term: 'autumn' }))
      .toEqual({ tier: null, band: null, rule: 'No possible sessions yet: no tier' });
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
    expect(evaluateTier(termModel, { attendancePct: 50, daysAbsentThisTerm: days, term }).tier).toBe(tier);
  });

  it('rounds half days down to whole days', () => {
    const result = evaluateTier(termModel, { attendancePct: 80, daysAbsentThisTerm: 10.5, term: 'autumn' });
    expect(result.tier).toBe('Tier 1');
    expect(result.rule).toBe('10.5 days absent (counted as 10 days) this autumn term: Tier 1 risk, Tier 1');
  });

  it('names the risk even when the band has no support level', () => {
    expect(evaluateTier(termModel, { attendancePct: 90, daysAbsentThisTerm: 7, term: 'summer' }).rule)
      .toBe('7 days absent this summer term: no risk, no support level stated');
  });

  it('reports when the days are below every band', () => {
    const result = evaluateTier(termModel, { attendancePct: 99, daysAbsentThisTerm: 1, term: 'autumn' });
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
