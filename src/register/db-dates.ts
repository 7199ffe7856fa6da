// Register dates are local calendar dates; Prisma hands `@db.Date` columns over as JS Dates at UTC
// midnight. These two functions are the only place that crosses between the two.

import type { IsoDate } from '../rules/types.js';

export function toDbDate(date: IsoDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function fromDbDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

export function fromDbDateOrNull(date: Date | null): IsoDate | null {
  return date === null ? null : fromDbDate(date);
}
