// What a valid row of each import file looks like, in zod. Values arrive as trimmed strings; a column the
// header left out arrives as undefined and stays undefined ("leave that field as it is"), while a blank
// value in a present column means "none". Checks that need the database (the pupil exists, the code was a
// register code on that date) happen in the importers.

import { z } from 'zod';
import { isIsoDate } from '../rules/dates.js';

const filled = z.string().min(1, { error: 'is blank' });

/** A column that may be absent (undefined: keep), blank (null: none) or filled. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined ? undefined : v === '' ? null : v));

const isoDate = z.string().refine(isIsoDate, {
  error: (issue) => `"${String(issue.input)}" is not a real date written YYYY-MM-DD`,
});

const optionalDate = z
  .string()
  .optional()
  .refine((v) => v === undefined || v === '' || isIsoDate(v), {
    error: (issue) => `"${String(issue.input)}" is not a real date written YYYY-MM-DD (or blank)`,
  })
  .transform((v) => (v === undefined ? undefined : v === '' ? null : v));

/** Y or N (either case); blank counts as N. */
const yesNo = z
  .string()
  .refine((v) => /^[YyNn]?$/.test(v), { error: (issue) => `"${String(issue.input)}" must be Y or N` })
  .transform((v) => v.toUpperCase() === 'Y');

const optionalYesNo = yesNo.optional();

/** Unique Pupil Number: letters and digits (13 characters in England), kept upper-case. */
export const upn = z
  .string()
  .regex(/^[A-Za-z0-9]+$/, { error: (issue) => (issue.input === '' ? 'is blank' : `"${String(issue.input)}" is not a UPN (letters and digits only)`) })
  .transform((v) => v.toUpperCase());

export const pupilRow = z
  .object({
    upn,
    first_name: filled,
    last_name: filled,
    preferred_name: optionalText,
    year_group: filled,
    class: filled,
    date_of_birth: optionalDate,
    gender: optionalText,
    admission_date: isoDate,
    leaving_date: optionalDate,
    sen_status: z
      .string()
      .refine((v) => /^[NnKkEe]?$/.test(v), { error: (issue) => `"${String(issue.input)}" must be N (none), K (SEN support) or E (EHCP)` })
      .transform((v) => (v === '' ? 'N' : v.toUpperCase())),
    ehcp: yesNo,
    fsm: yesNo,
    eal: yesNo,
    looked_after: yesNo,
    child_protection_plan: yesNo,
    social_worker: yesNo,
    young_carer: yesNo,
  })
  .refine((p) => !p.leaving_date || p.leaving_date >= p.admission_date, {
    path: ['leaving_date'],
    error: 'is before admission_date',
  });
export type PupilRow = z.output<typeof pupilRow>;

const email = optionalText.refine((v) => !v || /^[^\s@]+@[^\s@]+$/.test(v), {
  error: (issue) => `"${String(issue.input)}" is not an email address`,
});

export const contactRow = z
  .object({
    upn,
    priority: z
      .string()
      .regex(/^[1-9]\d*$/, { error: (issue) => `"${String(issue.input)}" must be a whole number from 1 (called first)` })
      .transform(Number),
    name: filled,
    relationship: filled,
    phone: optionalText,
    email,
    lives_with_pupil: optionalYesNo,
    parental_responsibility: optionalYesNo,
  })
  .refine((c) => !!c.phone || !!c.email, { path: ['phone'], error: 'is blank and there is no email: the contact cannot be reached' });
export type ContactRow = z.output<typeof contactRow>;

/**
 * A year of marks is ~400,000 rows, and each zod transform costs a pipe per value: this schema only checks
 * shapes (regexes and refinements, no transforms) and mark-checks.ts converts the values.
 */
export const markRow = z.object({
  upn: z.string().regex(/^[A-Za-z0-9]+$/, {
    error: (issue) => (issue.input === '' ? 'is blank' : `"${String(issue.input)}" is not a UPN (letters and digits only)`),
  }),
  date: z.string().refine(isIsoDateCached, {
    error: (issue) => `"${String(issue.input)}" is not a real date written YYYY-MM-DD`,
  }),
  session: z.string().regex(/^(AM|PM)$/i, { error: (issue) => `"${String(issue.input)}" must be AM or PM` }),
  code: z.string(),
  minutes_late: z
    .string()
    .regex(/^\d*$/, { error: (issue) => `"${String(issue.input)}" must be a whole number of minutes (0 or more) or blank` })
    .optional(),
  note: z.string().optional(),
});
export type MarkRow = z.output<typeof markRow>;

/** A marks file repeats the same ~190 dates thousands of times; remember the answers (bounded). */
const dateChecks = new Map<string, boolean>();
function isIsoDateCached(value: string): boolean {
  let ok = dateChecks.get(value);
  if (ok === undefined) {
    if (dateChecks.size > 10_000) dateChecks.clear();
    ok = isIsoDate(value);
    dateChecks.set(value, ok);
  }
  return ok;
}

const ROLE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export const staffRow = z.object({
  staff_id: filled,
  name: filled,
  email,
  roles: z
    .string()
    .transform((v) => v.split(';').map((r) => r.trim().toLowerCase()).filter((r) => r !== ''))
    .refine((roles) => roles.every((r) => ROLE.test(r)), {
      error: (issue) => `"${String(issue.input)}" must be role names separated by ";" (e.g. office;dsl)`,
    }),
  slack_user_id: optionalText,
  teams_user_id: optionalText,
  /** The classes whose register they take, separated by ";" (absent: left as it is). */
  classes: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? undefined : [...new Set(v.split(';').map((c) => c.trim()).filter((c) => c !== ''))])),
  /** Y or blank: on the staff list; N: left (keeps the history, loses access). */
  active: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^[YyNn]?$/.test(v), { error: (issue) => `"${String(issue.input)}" must be Y or N` })
    .transform((v) => (v === undefined ? undefined : v.toUpperCase() !== 'N')),
});
export type StaffRow = z.output<typeof staffRow>;
