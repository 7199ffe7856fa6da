// Each preset's tier model, loaded from its YAML file, evaluated at the boundaries its seed policy names.
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../src/policy/presets.js';
import { tierModelOf } from '../../src/policy/schema.js';
import { percentage } from '../../src/rules/attendance.js';
import { evaluateTier, type AttendanceFraction, type TermName, type TierModel } from '../../src/rules/tiers.js';

function model(id: string): TierModel {
  const result = loadPreset(id);
  if (!result.ok) throw new Error(`${id} does not load`);
  return tierModelOf(result.policy);
}

const byFraction = (id: string, attendance: AttendanceFraction) => evaluateTier(model(id), { attendance, daysAbsentThisTerm: 0, term: 'autumn' }).tier;
const byPct = (id: string, pct: number) => byFraction(id, { present: Math.round(pct * 100), possible: 10_000 });
const byDays = (days: number, term: TermName) => evaluateTier(model('lutley'), { attendance: null, daysAbsentThisTerm: days, term });

/**
 * The fewest sessions (from 300, most of a school year) whose attendance lies on one side of `bound` but
 * within 0.05 of it, so the one-decimal figure the report shows is the bound itself. 80% needs 400 or more.
 */
function roundsTo(bound: number, side: 'below' | 'above'): AttendanceFraction {
  for (let possible = 300; possible < 2000; possible++) {
    const present = side === 'below' ? Math.ceil((bound * possible) / 100) - 1 : Math.floor((bound * possible) / 100) + 1;
    const exact = (present * 100) / possible;
    if (side === 'below' ? exact < bound && exact >= bound - 0.05 : exact > bound && exact < bound + 0.05) return { present, possible };
  }
  throw new Error(`no fraction rounds to ${bound} from ${side}`);
}

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

  // Half days never tip a pupil over a whole-day bound: 5.5 days is 5 days, the sixth needs two more sessions.
  it.each([
    [5.5, 'autumn', null, 6, 'Tier 1 Initial Support'],
    [10.5, 'autumn', 'Tier 1 Initial Support', 11, 'Tier 2 Focussed Support'],
    [15.5, 'spring', 'Tier 2 Focussed Support', 16, 'Tier 3 Intensive Support'],
    [10.5, 'summer', null, 11, 'Tier 1 Initial Support'],
  ] as const)('%s days in %s -> %s; %s days -> %s', (under, term, below, whole, at) => {
    expect(byDays(under, term).tier).toBe(below);
    expect(byDays(whole, term).tier).toBe(at);
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

  // Every bound of every percentage preset, with a value each side of it that the report rounds onto it.
  it.each([
    ['st-lukes-cofe', 95, 'Letter 1: below the expected standard', null, null],
    ['st-lukes-cofe', 90, 'Letter 2: attendance now monitored', 'Letter 1: below the expected standard', 'Letter 1: below the expected standard'],
    ['st-lukes-cofe', 85, 'Below 85%: local authority informed, formal meeting', 'Letter 2: attendance now monitored', 'Letter 2: attendance now monitored'],
    ['inspire', 97, 'Watch: attendance has fallen to 96%', null, null],
    ['inspire', 96, 'Letter 1: below the expected standard', 'Watch: attendance has fallen to 96%', 'Watch: attendance has fallen to 96%'],
    ['inspire', 90, 'Letter 2: attendance now monitored', 'Letter 1: below the expected standard', 'Letter 1: below the expected standard'],
    ['st-lukes-e14', 95, 'Wave 2: school intervention', null, null],
    ['st-lukes-e14', 90, 'Wave 3: LA and school intervention', 'Wave 3: LA and school intervention', 'Wave 2: school intervention'],
    ['micklefield', 90, 'Between 80-90% (Tiers 2-4: Monitor, Listen and understand, Facilitate support)', null, null],
    ['micklefield', 80, 'Below 80% (Tiers 5-6: Formalise support, Enforce)', 'Between 80-90% (Tiers 2-4: Monitor, Listen and understand, Facilitate support)', 'Between 80-90% (Tiers 2-4: Monitor, Listen and understand, Facilitate support)'],
  ] as const)('%s around %s percent', (id, bound, below, at, above) => {
    const under = roundsTo(bound, 'below');
    const over = roundsTo(bound, 'above');
    expect(percentage(under.present, under.possible)).toBe(bound);
    expect(percentage(over.present, over.possible)).toBe(bound);
    expect(byFraction(id, under)).toBe(below);
    expect(byFraction(id, { present: bound * 4, possible: 400 })).toBe(at);
    expect(byFraction(id, over)).toBe(above);
  });

  it('puts 332 of 369 sessions (89.97%, shown as 90.0%) below 90%', () => {
    expect(byFraction('st-lukes-cofe', { present: 332, possible: 369 })).toBe('Letter 2: attendance now monitored');
    expect(byFraction('micklefield', { present: 332, possible: 369 })).toBe('Between 80-90% (Tiers 2-4: Monitor, Listen and understand, Facilitate support)');
  });

  it('carries owner roles and due days with each band', () => {
    const m = model('micklefield');
    const below80 = evaluateTier(m, { attendance: { present: 70, possible: 100 }, daysAbsentThisTerm: 0, term: 'spring' }).band;
    expect(below80 && 'actions' in below80 ? below80.actions.find((a) => a.kind === 'penalty-notice') : undefined)
      .toMatchObject({ ownerRole: 'office-manager', stage: 3, dueWithinSchoolDays: 10 });
  });
});
