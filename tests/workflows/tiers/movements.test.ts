// Tier order from the policy's bands and the movement classification between two snapshots.
import { describe, expect, it } from 'vitest';
import { tierModelOf } from '../../../src/policy/schema.js';
import { classifyMovement, tierMovements, tierOrder, type TierState } from '../../../src/workflows/tiers/movements.js';
import { presetPolicy } from './support.js';

describe('tierOrder', () => {
  it.each([
    ['inspire', ['Watch: attendance has fallen to 96%', 'Letter 1: below the expected standard', 'Letter 2: attendance now monitored']],
    ['lutley', ['Tier 1 Initial Support', 'Tier 2 Focussed Support', 'Tier 3 Intensive Support']],
    ['st-lukes-e14', ['Wave 2: school intervention', 'Wave 3: LA and school intervention']],
  ])('%s ranks tiers in the order its bands name them', (preset, expected) => {
    expect(tierOrder(tierModelOf(presetPolicy(preset).policy))).toEqual(expected);
  });
});

describe('tierMovements', () => {
  const order = ['T1', 'T2', 'T3'];
  const state = (tier: string | null): TierState => ({ tier, rule: `rule for ${tier ?? 'none'}` });

  it.each([
    [null, 'T1', 'entered'], ['T1', 'T2', 'up'], ['T1', 'T3', 'up'], ['T3', 'T1', 'down'], ['T2', null, 'left'],
    ['T2', 'T2', null], [null, null, null], ['Old name', 'T1', 'up'], ['T1', 'Old name', 'down'],
  ] as const)('%s -> %s is %s', (from, to, kind) => {
    expect(classifyMovement(order, from, to)).toBe(kind);
  });

  it('compares two snapshots, including pupils new on roll and pupils who left it', () => {
    const previous = new Map([['a', state('T1')], ['b', state('T3')], ['c', state('T2')], ['gone', state('T2')], ['gone-untiered', state(null)]]);
    const current = new Map([['a', state('T2')], ['b', state('T1')], ['c', state(null)], ['new', state('T1')], ['same', state(null)]]);
    expect(tierMovements(previous, current, order)).toEqual([
      { pupilId: 'a', kind: 'up', from: 'T1', to: 'T2', rule: 'rule for T2' },
      { pupilId: 'b', kind: 'down', from: 'T3', to: 'T1', rule: 'rule for T1' },
      { pupilId: 'c', kind: 'left', from: 'T2', to: null, rule: 'rule for none' },
      { pupilId: 'new', kind: 'entered', from: null, to: 'T1', rule: 'rule for T1' },
      { pupilId: 'gone', kind: 'left', from: 'T2', to: null, rule: 'No longer on roll' },
    ]);
  });
});
