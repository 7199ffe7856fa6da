// Counting sessions for the digest: one pass over each pupil's marks adds possible and attended sessions
// into the buckets the digest reports (year to date, this week, last week, each weekday, each week). The
// definitions are the national ones (attendance-rules.md 1.4): possible = present + approved educational
// activity + authorised + unauthorised; a no-mark ('-') or a code not valid on its date counts nowhere.

import { codeOn, isNoMark, mondayOf, percentage, type IsoDate, type Mark } from '../../rules/index.js';
import { toDayNumber, weekdayIndex } from '../../rules/dates.js';

export interface Rate {
  possible: number;
  present: number;
  /** One decimal; null when nothing was possible. */
  pct: number | null;
}

export class Tally {
  possible = 0;
  present = 0;

  add(possible: number, present: number): void {
    this.possible += possible;
    this.present += present;
  }

  rate(): Rate {
    return { possible: this.possible, present: this.present, pct: percentage(this.present, this.possible) };
  }
}

export interface PupilTally {
  ytd: Tally;
  week: Tally;
  previousWeek: Tally;
  /** Index 0 = Monday ... 4 = Friday (weekend marks, if any, are ignored here). */
  weekdays: Tally[];
  weekdaysThisWeek: Tally[];
  /** Monday -> sessions that school week. */
  byWeek: Map<IsoDate, Tally>;
}

export interface TallyRanges {
  yearStart: IsoDate;
  asOf: IsoDate;
  week: { from: IsoDate; to: IsoDate };
  previousWeek: { from: IsoDate; to: IsoDate } | null;
}

export function tallyPupil(marks: readonly Mark[], r: TallyRanges): PupilTally {
  const t: PupilTally = {
    ytd: new Tally(), week: new Tally(), previousWeek: new Tally(),
    weekdays: Array.from({ length: 5 }, () => new Tally()), weekdaysThisWeek: Array.from({ length: 5 }, () => new Tally()), byWeek: new Map(),
  };
  for (const m of marks) {
    if (m.date > r.asOf || isNoMark(m.code)) continue;
    const inPrevious = r.previousWeek !== null && m.date >= r.previousWeek.from && m.date <= r.previousWeek.to;
    if (m.date < r.yearStart && !inPrevious) continue;
    const rule = codeOn(m.code, m.date);
    if (!rule || !rule.countsInPossible) continue;
    const present = rule.countsAsAttendance ? 1 : 0;
    if (inPrevious) t.previousWeek.add(1, present);
    if (m.date < r.yearStart) continue;
    t.ytd.add(1, present);
    const inWeek = m.date >= r.week.from && m.date <= r.week.to;
    if (inWeek) t.week.add(1, present);
    const wd = weekdayIndex(toDayNumber(m.date));
    if (wd < 5) {
      t.weekdays[wd]?.add(1, present);
      if (inWeek) t.weekdaysThisWeek[wd]?.add(1, present);
    }
    const monday = mondayOf(m.date);
    const week = t.byWeek.get(monday) ?? new Tally();
    week.add(1, present);
    t.byWeek.set(monday, week);
  }
  return t;
}

/** Persistent (10%+) and severe (50%+) absence over possible sessions, compared in whole numbers. */
export function absenceFlags(ytd: Tally): { persistent: boolean; severe: boolean } {
  const absence = ytd.possible - ytd.present;
  return { persistent: ytd.possible > 0 && absence * 10 >= ytd.possible, severe: ytd.possible > 0 && absence * 2 >= ytd.possible };
}
