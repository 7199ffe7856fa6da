// The zod shape of the day-to-day procedures a policy promises: first-day calling and its escalation ladder,
// N-code resolution, lateness counts, local referral thresholds, unauthorised leave, and the missing-pupil
// search. Values the law fixes (N within 5 school days) are bounded here so a policy cannot weaken them.

import { z } from 'zod';
import { clockTime, currentCode, kebabId, positiveInt, roleName } from './schema-primitives.js';

export const LADDER_ACTIONS = [
  'call-first-contact', 'call-next-contact', 'text', 'email', 'letter', 'notify-dsl', 'inform-social-worker',
  'home-visit', 'police-safe-and-well-check',
] as const;

const ladderStepSchema = z.strictObject({
  id: kebabId,
  /** School day of the absence this step belongs to (1 = the first day). */
  day: positiveInt.default(1),
  /** Minutes after the AM register closes, or a clock time "HH:MM" on that day. */
  after: z.union([z.number().int().min(0), clockTime], {
    error: 'must be minutes after the AM register closes (a number) or a clock time "HH:MM"',
  }),
  action: z.enum(LADDER_ACTIONS),
  ownerRole: roleName,
  when: z.enum(['always', 'vulnerable', 'social-worker', 'no-contact', 'ongoing-concern']).default('always'),
});

export const firstDaySchema = z.strictObject({
  parentReportBy: clockTime,
  callOwnerRole: roleName,
  vulnerableFirst: z.boolean().default(true),
  ladder: z.array(ladderStepSchema).min(1),
  homeVisitTriggers: z
    .strictObject({
      consecutiveDays: positiveInt.optional(),
      daysWithoutMedicalEvidence: positiveInt.optional(),
      noContact: z.boolean().optional(),
      vulnerable: z.boolean().optional(),
    })
    .prefault({}),
  /** Triggered when absence is MORE THAN these counts (both seeds word it "more than"). */
  extendedAbsence: z
    .strictObject({
      moreThanConsecutiveDays: positiveInt,
      moreThanDaysInTerm: positiveInt,
      action: z.string().min(1),
      ownerRole: roleName,
    })
    .optional(),
});

export const nCodeSchema = z
  .strictObject({
    /** What an unexplained absence is coded on day 1. The law says N; 'O' is accepted only to warn about it. */
    firstDayCode: z.enum(['N', 'O']).default('N'),
    resolveWithinSchoolDays: z
      .number()
      .int()
      .min(1)
      .max(5, {
        error: 'an N code must be replaced within 5 school days (REG24 reg 10(7)-(9)); a policy may not allow longer',
      })
      .default(5),
    remindAtSchoolDays: positiveInt.default(4),
  })
  .prefault({});

export const latenessSchema = z
  .strictObject({
    /** Which marks count as a late arrival. */
    counts: z.array(currentCode).min(1).default(() => ['L', 'U']),
    window: z.enum(['school-year', 'term', 'half-term']).default('school-year'),
    /** Triggered when the count of lates REACHES `lates`. */
    thresholds: z
      .array(z.strictObject({ lates: positiveInt, action: z.string().min(1), ownerRole: roleName }))
      .default(() => []),
  })
  .prefault({});

export const localThresholdSchema = z.strictObject({
  name: z.string().min(1),
  sessions: positiveInt,
  /** Rolling window in school weeks; omitted = counted over the current school year. */
  schoolWeeks: positiveInt.optional(),
  codes: z.array(currentCode).min(1),
  referTo: z.string().min(1),
  purpose: z.enum(['referral', 'penalty-notice']).default('referral'),
});

export const unauthorisedLeaveSchema = z.strictObject({
  sessions: positiveInt,
  consecutive: z.boolean().default(false),
  codes: z.array(currentCode).min(1).default(() => ['G']),
  referTo: z.string().min(1),
  fromAgeYears: z.number().int().min(0).optional(),
});

export const DEFAULT_SEARCH_AREAS = [
  'All classrooms', 'All toilets', 'Changing rooms', 'The library', 'Any outbuildings', 'The school grounds',
  'The area immediately outside the school premises',
];

export const missingPupilSchema = z
  .strictObject({
    parentNotifyAfterMinutes: positiveInt.default(10),
    /** Nudge the lead when half the time to parent notification has gone. */
    halfTimeReminder: z.boolean().default(true),
    searchAreas: z.array(z.string().min(1)).min(1).default(() => [...DEFAULT_SEARCH_AREAS]),
    leadRole: roleName.default('headteacher'),
    pointOfContactRole: roleName.default('office'),
    notifyRoles: z.array(roleName).default(() => ['headteacher', 'office', 'dsl']),
    /** Told when the pupil has a social worker, is looked after, or has SEND. */
    flaggedPupilNotifyRoles: z.array(roleName).default(() => ['dsl', 'senco']),
    incidentFormRole: roleName.default('class-teacher'),
    investigationRole: roleName.default('headteacher'),
    policeWhen: z.enum(['contacts-exhausted']).default('contacts-exhausted'),
  })
  .prefault({});
