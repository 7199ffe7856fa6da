// Each preset's tier model, loaded from its YAML file, evaluated at the boundaries its seed policy names.
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../src/policy/presets.js';
import { tierModelOf } from '../../src/policy/schema.js';
import { evaluateTier, type TermName, type TierModel } from '../../src/rules/tiers.js';

function model(id: string): TierModel {
  const result = loadPreset(id);
  if (!result.ok) throw new Error(`${id} does not load`);
  return tierModelOf(result.policy);
}

const byPct = (id: string, pct: number) => evaluateTier(model(id), { attendancePct: pct, daysAbsentThisTerm: 0, term: 'autumn' }).tier;
const byDays = (days: number, term: TermName) => evaluateTier(model('lutley'), { attendancePct: 90, daysAbsentThisTerm: days, term });

describe('Lutley days absent per term', () => {
  it.each([
    [0, null, null],
    [5, 'Low risk of persistent absence', null],
    [6, 'Moderate risk of persistent absence', 'Tier 1 Initial Support'],
    [10, 'Moderate risk of persistent absence', 'Tier 1 Initial Support'],
    [11, 'High risk of persistent absence', 'Tier 2 Focussed Support'],
    [15, 'High risk of persistent absence', 'Tier 2 Focussed Support'],
    [16, 'High risk of persistent absence', 'Tier 3 Intensive Support'],
    [18, 'High risk of persistent absence', 'Tier 3 Intensive Support'],
    [19, 'Locked into persistent absence for the year', 'Tier 3 Intensive Support'],
  ])('autumn, %s days', (days, risk, tier) => {
    const result = byDays(days, 'autumn');
    expect(result.tier).toBe(tier);
    expect(result.band && 'risk' in result.band ? result.band.risk : null).toBe(risk);
  });

  it.each([
    [6, null],
    [10, null],
    [11, 'Tier 1 Initial Support'],
    [15, 'Tier 1 Initial Support'],
    [16, 'Tier 2 Focussed Support'],
    [18, 'Tier 2 Focussed Support'],
    [19, 'Tier 3 Intensive Support'],
  ])('summer shifts one band down: %s days -> %s', (days, tier) => {
    expect(byDays(days, 'summer').tier).toBe(tier);
  });

  it('spring follows autumn and says so in plain words', () => {
    expect(byDays(11, 'spring').rule).toBe('11 days absent this spring term: High risk of persistent absence, Tier 2 Focussed Support');
    expect(byDays(13, 'summer').rule).toBe('13 days absent this summer term: Moderate risk of persistent absence, Tier 1 Initial Support');
  });
});

describe('percentage presets', () => {
  it.each([
    ['st-lukes-cofe', 95, null],
    ['st-lukes-cofe', 94.9, 'Letter 1: below the expected standard'],
    ['st-lukes-cofe', 90, 'Letter 1: below the expected standard'],
    ['st-lukes-cofe', 89.9, 'Letter 2: attendance now monitored'],
    ['st-lukes-cofe', 85, 'Letter 2: attendance now monitored'],
    ['st-lukes-cofe', 84.9, 'Below 85%: local authority informed, formal meeting'],
    ['inspire', 97, null],
    ['inspire', 96, 'Watch: attendance has fallen to 96%'],
    ['inspire', 95.9, 'Letter 1: below the expected standard'],
    ['inspire', 90, 'Letter 1: below the expected standard'],
    ['inspire', 89.9, 'Letter 2: attendance now monitored'],
    ['st-lukes-e14', 95, null],
    ['st-lukes-e14', 94.9, 'Wave 2: school intervention'],
    ['st-lukes-e14', 90.1, 'Wave 2: school intervention'],
    ['st-lukes-e14', 90, 'Wave 3: LA and school intervention'],
    ['micklefield', 90, null],
    ['micklefield', 89.9, 'Between 80-90% (Tiers 2-4: Monitor, Listen and understand, Facilitate support)'],
    ['micklefield', 80, 'Between 80-90% (Tiers 2-4: Monitor, Listen and understand, Facilitate support)'],
    ['micklefield', 79.9, 'Below 80% (Tiers 5-6: Formalise support, Enforce)'],
  ])('%s at %s%% -> %s', (id, pct, tier) => {
    expect(byPct(id, pct)).toBe(tier);
  });

  it('carries owner roles and due days with each band', () => {
    const m = model('micklefield');
    const below80 = evaluateTier(m, { attendancePct: 70, daysAbsentThisTerm: 0, term: 'spring' }).band;
    expect(below80 && 'actions' in below80 ? below80.actions.find((a) => a.kind === 'penalty-notice') : undefined)
      .toMatchObject({ ownerRole: 'office-manager', stage: 3, dueWithinSchoolDays: 10 });
  });
});
