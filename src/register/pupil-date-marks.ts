// A pupils file that moves an admission date later (or a leaving date earlier) than marks already in the
// register. Decision: the change is accepted and each such pupil gets a warning naming the marks left
// outside their dates. Those marks stay (nothing in Rollcall deletes a register entry) and count in no
// figure (rules/held-sessions.ts countedMarks), so every figure starts at admission, consistently with the
// marks import, which refuses a mark outside the pupil's dates. Refusing the pupils file instead would
// block every later import of it (the MIS has already dropped those marks, and Rollcall cannot).

import type { Prisma } from '../db/generated/client.js';
import { fromDbDate, fromDbDateOrNull, toDbDate } from './db-dates.js';
import type { Tx } from './import-shared.js';
import type { IsoDate } from '../rules/types.js';

export interface DateChange {
  line: number;
  upn: string;
  pupilId: string;
  /** The admission date the file gives, when later than the stored one. */
  admittedFrom?: { was: IsoDate; now: IsoDate };
  /** The leaving date the file gives, when earlier than the stored one (or newly set). */
  leftOn?: { was: IsoDate | null; now: IsoDate };
}

/** How many of a pupil's marks a warning names before counting the rest. */
const MARKS_NAMED = 3;

/** The change, if the stored dates narrow; undefined when the file leaves the pupil's time on roll as wide. */
export function narrowedDates(
  line: number,
  upn: string,
  current: { id: string; admissionDate: Date; leavingDate: Date | null },
  next: { admissionDate: Date; leavingDate?: Date | null | '' },
): DateChange | undefined {
  const change: DateChange = { line, upn, pupilId: current.id };
  const [was, now] = [fromDbDate(current.admissionDate), fromDbDate(next.admissionDate)];
  if (now > was) change.admittedFrom = { was, now };
  if (next.leavingDate) {
    const [left, leaves] = [fromDbDateOrNull(current.leavingDate), fromDbDate(next.leavingDate)];
    if (left === null || leaves < left) change.leftOn = { was: left, now: leaves };
  }
  return change.admittedFrom || change.leftOn ? change : undefined;
}

/** One warning per pupil whose new dates leave marks outside them, naming the first few marks. */
export async function marksOutsideNewDates(tx: Tx, changes: readonly DateChange[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const outside = (c: DateChange): Prisma.SessionMarkWhereInput[] => [
    ...(c.admittedFrom ? [{ pupilId: c.pupilId, date: { lt: toDbDate(c.admittedFrom.now) } }] : []),
    ...(c.leftOn ? [{ pupilId: c.pupilId, date: { gt: toDbDate(c.leftOn.now) } }] : []),
  ];
  const marks = await tx.sessionMark.findMany({
    where: { OR: changes.flatMap(outside) },
    select: { pupilId: true, date: true, session: true, code: true },
    orderBy: [{ date: 'asc' }, { session: 'asc' }],
  });
  return changes.flatMap((c) => {
    const own = marks.filter((m) => m.pupilId === c.pupilId);
    if (own.length === 0) return [];
    const named = own.slice(0, MARKS_NAMED).map((m) => `${fromDbDate(m.date)} ${m.session} ${m.code}`).join(', ');
    const more = own.length > MARKS_NAMED ? ` and ${own.length - MARKS_NAMED} more` : '';
    const dates = [
      c.admittedFrom ? `admission date is now ${c.admittedFrom.now} (was ${c.admittedFrom.was})` : '',
      c.leftOn ? `leaving date is now ${c.leftOn.now}${c.leftOn.was ? ` (was ${c.leftOn.was})` : ''}` : '',
    ].filter(Boolean).join(' and ');
    const n = own.length;
    return [
      `line ${c.line}: ${c.upn}'s ${dates}: ${n} mark${n === 1 ? '' : 's'} outside those dates (${named}${more}) stay${n === 1 ? 's' : ''} in the register but no longer count in any figure; if the new date is wrong, correct it in the MIS and import again`,
    ];
  });
}
