// The shapes Rollcall reads from Wonde's API, in zod: every page is checked against these before anything
// from it is used, and a page that does not match fails the whole read (nothing is written).
//
// From Wonde's public documentation and its official clients (PHP, Ruby): list responses are
// `{data: [...], meta: {pagination: {next, previous, more, per_page, current_page}}}` (per_page arrives as
// a string), dates are `{date: "YYYY-MM-DD HH:MM:SS.000000", timezone_type, timezone}` objects, included
// relations are `{data: ...}`, and a property outside the app's granted scopes is null.
// ASSUMED (not public): the exact fields of session attendance records (`student` and `attendance_code` as
// ids, `session`, `date`, `comment`, optional `minutes_late`), of attendance codes (`id`, `code`,
// `description`), of deletions (`id`, `type`, `deleted_at`), where a student's UPN and admission dates
// live (`education_details`), their registration group (`groups` of type REGISTRATION, else the `classes`
// name) and an employee's staff code and current flag (`employment_details`). Schemas accept more than they
// need (unknown keys are ignored) so a richer answer still reads.

import { z } from 'zod';

export const wondeDate = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}/), timezone: z.string().optional() });
export type WondeDate = z.infer<typeof wondeDate>;

const nullish = <T extends z.ZodType>(schema: T) => schema.nullish();
const included = <T extends z.ZodType>(schema: T) => z.object({ data: schema }).nullish();

export const paginationMeta = z.object({
  pagination: z
    .object({
      next: z.string().nullish(),
      more: z.boolean().nullish(),
      per_page: z.union([z.string(), z.number()]).nullish(),
      current_page: z.union([z.string(), z.number()]).nullish(),
    })
    .nullish(),
}).nullish();

const group = z.object({ id: z.string().optional(), name: z.string(), type: z.string().nullish() });

const contactDetails = z.object({
  emails: nullish(z.object({ email: z.string().nullish(), primary: z.string().nullish(), home: z.string().nullish(), work: z.string().nullish() })),
  telephones: nullish(z.object({ phone: z.string().nullish(), mobile: z.string().nullish(), home: z.string().nullish(), work: z.string().nullish(), primary: z.string().nullish() })),
});

export const wondeContact = z.object({
  id: z.string(),
  forename: z.string().nullish(),
  surname: z.string().nullish(),
  title: z.string().nullish(),
  relationship: nullish(
    z.object({
      relationship: z.string().nullish(),
      priority: z.union([z.number(), z.string()]).nullish(),
      parental_responsibility: z.boolean().nullish(),
      lives_with_pupil: z.boolean().nullish(),
    }),
  ),
  contact_details: included(contactDetails),
});
export type WondeContact = z.infer<typeof wondeContact>;

export const wondeStudent = z.object({
  id: z.string(),
  forename: z.string(),
  surname: z.string(),
  legal_forename: z.string().nullish(),
  legal_surname: z.string().nullish(),
  gender: z.string().nullish(),
  date_of_birth: wondeDate.nullish(),
  education_details: included(
    z.object({
      upn: z.string().nullish(),
      admission_date: wondeDate.nullish(),
      leaving_date: wondeDate.nullish(),
      current_nc_year: z.union([z.string(), z.number()]).nullish(),
    }),
  ),
  extended_details: included(
    z.object({
      sen_status: z.string().nullish(),
      fsm: z.boolean().nullish(),
      eal: z.boolean().nullish(),
      in_lea_care: z.boolean().nullish(),
    }),
  ),
  year: included(z.object({ code: z.string().nullish(), name: z.string().nullish() })),
  groups: included(z.array(group)),
  classes: included(z.array(group)),
  contacts: included(z.array(wondeContact)),
  updated_at: wondeDate.nullish(),
});
export type WondeStudent = z.infer<typeof wondeStudent>;

export const wondeEmployee = z.object({
  id: z.string(),
  forename: z.string(),
  surname: z.string(),
  title: z.string().nullish(),
  employment_details: included(z.object({ current: z.boolean().nullish(), staff_code: z.string().nullish() })),
  contact_details: included(contactDetails),
  groups: included(z.array(group)),
  classes: included(z.array(group)),
});
export type WondeEmployee = z.infer<typeof wondeEmployee>;

export const wondeSessionMark = z.object({
  id: z.string(),
  student: z.string(),
  date: wondeDate,
  session: z.enum(['AM', 'PM']),
  attendance_code: z.string(),
  comment: z.string().nullish(),
  minutes_late: z.number().int().min(0).nullish(),
});
export type WondeSessionMark = z.infer<typeof wondeSessionMark>;

export const wondeAttendanceCode = z.object({ id: z.string(), code: z.string(), description: z.string().nullish() });
export type WondeAttendanceCode = z.infer<typeof wondeAttendanceCode>;

export const wondeDeletion = z.object({ id: z.string(), type: z.string(), deleted_at: wondeDate.nullish() });
export type WondeDeletion = z.infer<typeof wondeDeletion>;

/** "2026-11-23 09:12:00.000000" -> "2026-11-23". */
export function dateOf(d: WondeDate): string {
  return d.date.slice(0, 10);
}
