// One pupil's marks indexed by date and session, so day-by-day rules look a mark up instead of
// searching the list. If a session appears twice the later entry wins (it is the amended one).

import { codeOn, isNoMark } from './codes.js';
import type { CodeRule } from './code-table.js';
import type { IsoDate, Mark, Session } from './types.js';

export class PupilRegister {
  private readonly byDay = new Map<IsoDate, { AM?: Mark; PM?: Mark }>();
  /** Dates that have at least one mark, sorted. */
  readonly markedDates: IsoDate[];

  constructor(marks: readonly Mark[]) {
    for (const mark of marks) {
      const day = this.byDay.get(mark.date) ?? {};
      day[mark.session] = mark;
      this.byDay.set(mark.date, day);
    }
    this.markedDates = [...this.byDay.keys()].sort();
  }

  mark(date: IsoDate, session: Session): Mark | undefined {
    return this.byDay.get(date)?.[session];
  }

  /** The code's rule on that date; undefined for a missing mark, '-' or a code not valid on that date. */
  rule(date: IsoDate, session: Session): CodeRule | undefined {
    const mark = this.mark(date, session);
    return mark && !isNoMark(mark.code) ? codeOn(mark.code, date) : undefined;
  }

  code(date: IsoDate, session: Session): string | null {
    const mark = this.mark(date, session);
    return mark && !isNoMark(mark.code) ? mark.code : null;
  }

  hasMarksOn(date: IsoDate): boolean {
    return this.byDay.has(date);
  }
}
