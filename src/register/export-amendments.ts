// The MIS amendment list: every register change Rollcall made (a reason recorded in chat, an N resolved)
// in a period, as CSV for the data manager to key into the MIS, which stays the register of record.
// Amendments that came from an MIS import are left out: the MIS already has them. The period is read in
// the school's own dates (when the change was made), and `when` is the school's local time.

import type { PrismaClient } from '../db/client.js';
import type { Prisma } from '../db/generated/client.js';
import { addDays, isIsoDate } from '../rules/dates.js';
import { instantAt, localDateOf, localTimeOf } from '../rules/local-time.js';
import type { IsoDate } from '../rules/types.js';
import { fromDbDate } from './db-dates.js';
import { RollcallError } from '../errors/rollcall-error.js';
import { loadSchool } from './schools.js';

export interface ExportAmendmentsOptions {
  schoolId: string;
  /** First and last day (inclusive, school-local) on which the amendments were made. */
  from: IsoDate;
  to: IsoDate;
}

export const AMENDMENT_COLUMNS = [
  'upn', 'pupil', 'date', 'session', 'original_code', 'new_code', 'reason', 'amended_by', 'role', 'amended_at',
] as const;

/** One CSV field: quoted when it holds a comma, quote or line break; formula-like text is defused. */
export function csvField(value: string): string {
  // A spreadsheet would run "=...", "+...", "-..." or "@..." as a formula (CSV injection); codes like "-" stay.
  const safe = /^[=+@\t\r]/.test(value) || (/^-./.test(value) && !/^-?\d/.test(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export async function exportAmendments(prisma: PrismaClient | Prisma.TransactionClient, options: ExportAmendmentsOptions): Promise<string> {
  const { schoolId, from, to } = options;
  if (!isIsoDate(from) || !isIsoDate(to)) throw new RollcallError('INVALID_INPUT', 'dates are written YYYY-MM-DD, e.g. --from 2026-11-16 --to 2026-11-20');
  if (from > to) throw new RollcallError('INVALID_INPUT', `--from ${from} is after --to ${to}`);
  const tz = (await loadSchool(prisma, { id: schoolId })).timezone;
  const rows = await prisma.markAmendment.findMany({
    where: {
      schoolId,
      source: { not: 'import' },
      amendedAt: { gte: instantAt(from, '00:00', tz), lt: instantAt(addDays(to, 1), '00:00', tz) },
    },
    include: { pupil: { select: { upn: true, firstName: true, lastName: true } } },
    orderBy: [{ amendedAt: 'asc' }, { id: 'asc' }],
  });
  const lines = rows.map((a) =>
    [
      a.pupil.upn,
      `${a.pupil.lastName}, ${a.pupil.firstName}`,
      fromDbDate(a.date),
      a.session,
      a.originalCode ?? '',
      a.newCode,
      a.reason,
      a.amendedBy,
      a.amendedRole,
      `${localDateOf(a.amendedAt, tz)} ${localTimeOf(a.amendedAt, tz)}`,
    ].map(csvField).join(','),
  );
  return `${[AMENDMENT_COLUMNS.join(','), ...lines].join('\n')}\n`;
}
