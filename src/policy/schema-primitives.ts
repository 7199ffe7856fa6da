// Small zod building blocks shared by the policy schema: clock times, ISO dates, role names and attendance
// codes. Each carries the message a school's data manager should read when the value is wrong.

import { z } from 'zod';
import { CURRENT_CODES, isCurrentCode, isKnownCode } from './known-codes.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** '08:45': a local wall-clock time in the school's timezone. */
export const clockTime = z
  .string({ error: 'must be a 24-hour time written "HH:MM", e.g. "08:45"' })
  .regex(TIME, { error: 'must be a 24-hour time written "HH:MM", e.g. "08:45"' });

export const isoDate = z
  .string({ error: 'must be a date written YYYY-MM-DD' })
  .refine(isRealIsoDate, { error: 'must be a real date written YYYY-MM-DD, e.g. "2026-09-03"' });

export const roleName = z
  .string({ error: 'must be a role name' })
  .regex(KEBAB, { error: 'role names are lower-case words joined by hyphens, e.g. "attendance-officer"' });

export const kebabId = z
  .string({ error: 'must be an id' })
  .regex(KEBAB, { error: 'ids are lower-case words joined by hyphens, e.g. "call-second-contact"' });

/** A code in force since 19 Aug 2024 (thresholds and counts may only name these). */
export const currentCode = z.string({ error: 'must be an attendance code' }).refine(isCurrentCode, {
  error: (issue) => `unknown attendance code "${String(issue.input)}"; codes in force since 19 Aug 2024 are ${CURRENT_CODES.join(' ')}`,
});

/** A current code or a withdrawn one an older policy still cites. */
export const anyKnownCode = z.string({ error: 'must be an attendance code' }).refine(isKnownCode, {
  error: (issue) => `unknown attendance code "${String(issue.input)}"`,
});

export const positiveInt = z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(1);

export const percentage = z.number({ error: 'must be a percentage (a number)' }).min(0).max(100);

export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export function isRealIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
