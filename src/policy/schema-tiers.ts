// The zod side of the tier model. Its output must stay assignable to TierModel in src/rules/tiers.ts
// (checked by tierModelOf in schema.ts), because the pure rules evaluate exactly what the policy file says.

import { z } from 'zod';
import { percentage, positiveInt, roleName } from './schema-primitives.js';

export const tierActionSchema = z.strictObject({
  action: z.string().min(1),
  ownerRole: roleName,
  dueWithinSchoolDays: z.number().int().min(0),
  kind: z
    .enum(['letter', 'call', 'conversation', 'meeting', 'support-plan', 'referral', 'penalty-notice', 'legal',
      'monitoring', 'recognition', 'other'])
    .default('other'),
  stage: positiveInt.default(1),
});

const monitoringPeriodSchema = z.strictObject({
  weeks: positiveInt,
  ifNotImproved: tierActionSchema,
  ifImproved: tierActionSchema.optional(),
});

const percentageBandSchema = z
  .strictObject({
    name: z.string().min(1),
    belowPct: percentage.optional(),
    atOrBelowPct: percentage.optional(),
    atOrAbovePct: percentage.optional(),
    abovePct: percentage.optional(),
    actions: z.array(tierActionSchema).default(() => []),
    monitoringPeriods: z.array(monitoringPeriodSchema).optional(),
  })
  .superRefine((band, ctx) => {
    if (band.belowPct !== undefined && band.atOrBelowPct !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['atOrBelowPct'], message: 'give belowPct or atOrBelowPct, not both' });
    }
    if (band.atOrAbovePct !== undefined && band.abovePct !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['abovePct'], message: 'give atOrAbovePct or abovePct, not both' });
    }
    const bounds = [band.belowPct, band.atOrBelowPct, band.atOrAbovePct, band.abovePct];
    if (bounds.every((b) => b === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'a band needs at least one bound (belowPct, atOrBelowPct, atOrAbovePct or abovePct)' });
    }
  });

export const percentageTierModelSchema = z.strictObject({
  model: z.literal('percentage'),
  bands: z.array(percentageBandSchema).min(1),
});

const termDaysBandSchema = z.strictObject({
  term: z.enum(['autumn', 'spring', 'summer', 'any']),
  minDays: z.number().int().min(0),
  maxDays: z.number().int().min(0).optional(),
  risk: z.string().min(1),
  tier: z.string().min(1).nullable().default(null),
  actions: z.array(tierActionSchema).default(() => []),
});

export const termDaysTierModelSchema = z.strictObject({
  model: z.literal('term-days'),
  bands: z.array(termDaysBandSchema).min(1),
});

export const tierModelSchema = z.discriminatedUnion('model', [percentageTierModelSchema, termDaysTierModelSchema], {
  error: 'tiers.model must be "percentage" (attendance bands) or "term-days" (days absent per term)',
});
