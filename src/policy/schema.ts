// The school policy file: one YAML document per school, validated with this zod schema. It is the single
// place where a school's own promises (register times, calling ladder, tiers, who does what) become
// configuration. National rules are not configurable here; values that could weaken them are either bounded
// (N-code resolution) or kept as the school wrote them so legal-warnings.ts can say what is wrong.
// Unknown keys are errors (z.strictObject) so a misspelt field never silently falls back to a default.

import { z } from 'zod';
import type { TierModel } from '../rules/tiers.js';
import {
  anyKnownCode, clockTime, isoDate, isTimeZone, percentage, positiveInt, roleName,
} from './schema-primitives.js';
import {
  firstDaySchema, latenessSchema, localThresholdSchema, missingPupilSchema, nCodeSchema, unauthorisedLeaveSchema,
} from './schema-procedures.js';
import { tierModelSchema } from './schema-tiers.js';

const registerSessionSchema = z.strictObject({
  /** When the register opens (usually the start of the session). */
  opens: clockTime,
  /** Arriving after this is late (L) rather than present. */
  lateAfter: clockTime,
  /** Arriving after this is absent (U, or another code). */
  closes: clockTime,
  /** False when the school's published policy does not state the close time (the value is Rollcall's). */
  closesPublished: z.boolean().default(true),
});

const dateRangeSchema = z.strictObject({ start: isoDate, end: isoDate });

const calendarSchema = z.strictObject({
  terms: z
    .array(
      z.strictObject({
        name: z.enum(['autumn', 'spring', 'summer']),
        year: z.string().regex(/^\d{4}-\d{2}$/, { error: 'school year is written like "2026-27"' }),
        start: isoDate,
        end: isoDate,
        breaks: z.array(dateRangeSchema).default(() => []),
      }),
    )
    .min(1),
  insetDays: z.array(isoDate).default(() => []),
  closures: z
    .array(
      z.strictObject({
        date: isoDate,
        sessions: z.array(z.enum(['AM', 'PM'])).min(1).optional(),
        reason: z.string().min(1),
        planned: z.boolean(),
      }),
    )
    .default(() => []),
  extraBankHolidays: z.array(isoDate).default(() => []),
});

/**
 * Where register data comes from (src/mis). `csv`: files imported by the CLI or the HTTP import (the default).
 * `wonde`: pulled from the school's MIS through Wonde (the app token is WONDE_TOKEN in the environment).
 */
const misSchema = z
  .strictObject({
    provider: z.enum(['csv', 'wonde']).default('csv'),
    /** The school's id in Wonde (shown in Wonde's dashboard once the school approves Rollcall). */
    schoolId: z.string().min(1).optional(),
    /** Write reasons recorded in Rollcall back to the MIS register (Wonde write-back). */
    writeBack: z.boolean().default(false),
    /** At register close, register data older than this is called stale (default 30 for an MIS, off for CSV). */
    staleAfterMinutes: positiveInt.optional(),
    /** MIS attendance codes that are not national codes, mapped to the national code they mean. */
    codeMap: z.record(z.string().min(1), anyKnownCode).default(() => ({})),
    roles: z
      .strictObject({
        /** Rollcall roles by the MIS staff code; these replace what Rollcall holds for that person. */
        byStaffCode: z.record(z.string().min(1), z.array(roleName)).default(() => ({})),
        /** The role given to a new member of staff who has a registration group (null: none). */
        registrationTeacher: roleName.nullable().default('class-teacher'),
      })
      .prefault({}),
  })
  .refine((m) => m.provider !== 'wonde' || !!m.schoolId, { path: ['schoolId'], error: 'is needed with provider: wonde (the school\'s id in Wonde)' })
  .prefault({});

const roleList = (fallback: string[]) => z.array(roleName).default(() => [...fallback]);

const rolesSchema = z
  .strictObject({
    /** Roles this school uses beyond the built-in catalogue (src/policy/roles.ts). */
    extra: z.array(roleName).default(() => []),
    duties: z
      .strictObject({
        takeRegister: roleList(['class-teacher']),
        firstDayCalling: roleList(['office']),
        resolveNCodes: roleList(['office']),
        leaveOfAbsence: roleList(['headteacher']),
        tierActions: roleList(['attendance-officer']),
        dataAnalysis: roleList(['senior-attendance-champion']),
        safeguarding: roleList(['dsl']),
        laReturns: roleList(['office']),
        removalFromRoll: roleList(['headteacher']),
        missingPupilLead: roleList(['headteacher']),
      })
      .prefault({}),
    penaltyNotice: z
      .strictObject({ consider: roleList(['headteacher']), issue: roleList(['headteacher']) })
      .prefault({}),
  })
  .prefault({});

const weeklySlot = z.strictObject({
  day: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']),
  time: clockTime,
  everyWeeks: positiveInt.default(1),
});

const returnWording = (schoolDays: number) =>
  z.strictObject({ schoolDays: positiveInt.default(schoolDays), wording: z.enum(['at-least', 'more-than']).default('at-least') })
    .prefault({});

export const policySchema = z.strictObject({
  school: z.strictObject({
    name: z.string().min(1),
    timezone: z.string().refine(isTimeZone, { error: 'not a known IANA timezone, e.g. "Europe/London"' }).default('Europe/London'),
    attendanceTargetPct: percentage.nullable().default(null),
    mis: z.string().min(1).optional(),
    la: z.string().min(1).optional(),
  }),
  register: z.strictObject({ am: registerSessionSchema, pm: registerSessionSchema }),
  calendar: calendarSchema,
  firstDay: firstDaySchema,
  nCode: nCodeSchema,
  tiers: tierModelSchema,
  lateness: latenessSchema,
  /** Local referral thresholds, checked alongside the built-in national 10-in-10 threshold, never instead. */
  localThresholds: z.array(localThresholdSchema).default(() => []),
  unauthorisedLeave: unauthorisedLeaveSchema.optional(),
  missingPupil: missingPupilSchema,
  roles: rolesSchema,
  penaltyNotices: z
    .strictObject({
      route: z.enum(['school-issues', 'request-la']).default('school-issues'),
      /** False when the published policy never mentions the national threshold (pre-2024 policies). */
      nationalThresholdStated: z.boolean().default(true),
      /** Amounts as the published policy states them, only so outdated ones can be flagged. */
      statedAmountsGbp: z
        .strictObject({
          firstPaidWithin21Days: z.number().min(0).optional(),
          first: z.number().min(0).optional(),
          second: z.number().min(0).optional(),
        })
        .optional(),
    })
    .prefault({}),
  leave: z
    .strictObject({
      noticeSchoolDays: positiveInt.optional(),
      /** REG24 reg 11: a parent the pupil normally lives with. */
      requestedBy: z.enum(['parent-lives-with', 'parental-responsibility']).default('parent-lives-with'),
      refuseIfAnyUnauthorised: z.boolean().default(false),
      refuseIfAuthorisedAbsencePctOver: percentage.optional(),
      performanceLeaveFloorPct: percentage.optional(),
    })
    .prefault({}),
  removalFromRoll: z
    .strictObject({
      unauthorisedSchoolDays: positiveInt.default(20),
      afterLeaveSchoolDays: positiveInt.default(10),
      jointLaEnquiries: z.boolean().default(true),
      referTo: z.string().min(1).optional(),
    })
    .prefault({}),
  laReturns: z
    .strictObject({
      attendanceReturn: z.enum(['half-termly', 'termly', 'as-agreed-with-la']).default('as-agreed-with-la'),
      sicknessReturn: returnWording(15),
      continuousAbsenceReturn: returnWording(10),
    })
    .prefault({}),
  channels: z
    .strictObject({
      attendance: z.string().min(1).default('#attendance'),
      incidents: z.string().min(1).default('#incidents'),
      leadership: z.string().min(1).default('#slt'),
      // Where the school's admin or IT lead hears that register data stopped arriving from the MIS (and
      // that it is back); without it those go to the attendance channel.
      admin: z.string().min(1).optional(),
      slack: z
        .strictObject({
          teamId: z.string().min(1).optional(),
          channelIds: z.strictObject({ attendance: z.string().optional(), incidents: z.string().optional(), leadership: z.string().optional(), admin: z.string().optional() }).optional(),
        })
        .optional(),
      teams: z
        .strictObject({
          tenantId: z.string().min(1).optional(),
          teamId: z.string().min(1).optional(),
          channelIds: z.strictObject({ attendance: z.string().optional(), incidents: z.string().optional(), leadership: z.string().optional(), admin: z.string().optional() }).optional(),
        })
        .optional(),
    })
    .prefault({}),
  privacy: z
    .strictObject({
      level: z.enum(['minimal', 'standard', 'full']).default('standard'),
      contactDetailsIn: z.enum(['private-only', 'never', 'any']).default('private-only'),
    })
    .prefault({}),
  retention: z.strictObject({ registerYears: positiveInt.default(6) }).prefault({}),
  codes: z.strictObject({ legacyCodesUsed: z.array(anyKnownCode).default(() => []) }).prefault({}),
  /**
   * The trust (multi-academy trust or federation) the school belongs to, by name: schools giving the
   * same name are one trust. The school with postsTrustDigest gets the trust-wide digest in its
   * leadership channel, on its own digest schedule.
   */
  trust: z
    .strictObject({
      name: z.string().min(1),
      postsTrustDigest: z.boolean().default(false),
    })
    .optional(),
  mis: misSchema,
  schedule: z
    .strictObject({
      weeklyTiers: weeklySlot.prefault({ day: 'monday', time: '08:00' }),
      digest: weeklySlot.prefault({ day: 'friday', time: '15:30' }),
    })
    .prefault({}),
});

export type Policy = z.infer<typeof policySchema>;
/** What a YAML author may write (defaults not yet applied). */
export type PolicyInput = z.input<typeof policySchema>;

/** The policy's tier model as the pure rules see it; the assignment proves the schema matches TierModel. */
export function tierModelOf(policy: Policy): TierModel {
  return policy.tiers;
}
