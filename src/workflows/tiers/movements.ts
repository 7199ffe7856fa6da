// Who moved between tiers from one weekly snapshot to the next. Which tier is the "higher" concern comes
// from the policy: tiers are ranked in the order the policy first names them in its bands (every preset
// lists bands from least to most concern: Inspire's watch band before Letter 1 before Letter 2, Lutley's
// Tier 1 before Tier 2 before Tier 3). No tier ranks below every tier. Pure.

import type { TierModel } from '../../rules/tiers.js';

export interface TierState {
  tier: string | null;
  /** Plain words for staff, from evaluateTier. */
  rule: string;
}

export type MovementKind = 'up' | 'down' | 'entered' | 'left';

export interface Movement {
  pupilId: string;
  kind: MovementKind;
  from: string | null;
  to: string | null;
  /** Why the pupil is where they are now (for 'left' without a current state: no longer on roll). */
  rule: string;
}

export const NO_LONGER_ON_ROLL = 'No longer on roll';

/** Distinct tier names in the order the policy's bands first name them: index 0 is the least concern. */
export function tierOrder(model: TierModel): string[] {
  const names: string[] = [];
  const add = (name: string | null) => {
    if (name !== null && !names.includes(name)) names.push(name);
  };
  if (model.model === 'percentage') for (const band of model.bands) add(band.name);
  else for (const band of model.bands) add(band.tier);
  return names;
}

/**
 * 0 for no tier, 1 for the least concern and so on. A tier the policy no longer names (the policy was
 * edited since an old snapshot) ranks just above no tier, so moving from it to any named tier is "up".
 */
export function tierRank(order: readonly string[], tier: string | null): number {
  if (tier === null) return 0;
  const index = order.indexOf(tier);
  return index < 0 ? 0.5 : index + 1;
}

export function classifyMovement(order: readonly string[], from: string | null, to: string | null): MovementKind | null {
  if (from === to) return null;
  if (from === null) return 'entered';
  if (to === null) return 'left';
  return tierRank(order, to) > tierRank(order, from) ? 'up' : 'down';
}

/**
 * Movements between two snapshots keyed by pupil id. A pupil missing from `current` is off roll: if they
 * were in a tier they have left it. A pupil missing from `previous` (new on roll, or the first snapshot)
 * counts as having had no tier.
 */
export function tierMovements(
  previous: ReadonlyMap<string, TierState>,
  current: ReadonlyMap<string, TierState>,
  order: readonly string[],
): Movement[] {
  const out: Movement[] = [];
  for (const [pupilId, now] of current) {
    const from = previous.get(pupilId)?.tier ?? null;
    const kind = classifyMovement(order, from, now.tier);
    if (kind) out.push({ pupilId, kind, from, to: now.tier, rule: now.rule });
  }
  for (const [pupilId, before] of previous) {
    if (current.has(pupilId) || before.tier === null) continue;
    out.push({ pupilId, kind: 'left', from: before.tier, to: null, rule: NO_LONGER_ON_ROLL });
  }
  return out;
}
