// Shared vocabulary of the pure rules. Dates are ISO calendar dates (YYYY-MM-DD) in the school's own
// timezone: a register date is a local date, never a UTC instant, so no timezone maths happens here.

export type IsoDate = string;
export type Session = 'AM' | 'PM';

/** One register entry as the rules see it. */
export interface Mark {
  date: IsoDate;
  session: Session;
  code: string;
  minutesLate?: number | null;
}

/** A named term of a school year, with its half-term break(s) inside it. */
export interface Term {
  /** 'autumn' | 'spring' | 'summer' (Lutley's tiers depend on which). */
  name: 'autumn' | 'spring' | 'summer';
  /** School year label, e.g. '2026-27'. */
  year: string;
  start: IsoDate;
  end: IsoDate;
  /** Holidays inside the term (half term), inclusive ranges. */
  breaks: { start: IsoDate; end: IsoDate }[];
}

/** A day (or one session of it) with no school for pupils. */
export interface Closure {
  date: IsoDate;
  /** Omitted: the whole day. */
  sessions?: Session[];
  reason: string;
  /** Planned (#) or unexpected (Y4). */
  planned: boolean;
}

/** Everything needed to know whether the school met on a date. Comes from the school's policy file. */
export interface CalendarData {
  terms: Term[];
  /** Staff training days inside terms: no sessions for pupils. */
  insetDays: IsoDate[];
  closures: Closure[];
  /** Extra bank holidays beyond the built-in England and Wales list (e.g. a coronation). */
  extraBankHolidays?: IsoDate[];
}
