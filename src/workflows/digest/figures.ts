// The weekly SLT digest's figures, computed from each pupil's marks and tier with no I/O, so every number
// can be checked by hand on a small school. Rates are sessions attended over possible sessions (one
// decimal); persistent and severe absence are counted over pupils with at least one possible session in
// the school year to date; change on last week is in percentage points.

import { addDays, percentage, type IsoDate, type Mark, type SchoolCalendar } from '../../rules/index.js';
import { absenceFlags, Tally, tallyPupil, type PupilTally, type Rate } from './tally.js';

export interface DigestPupil {
  id: string;
  yearGroup: string;
  className: string;
  gender: string | null;
  senStatus: string;
  fsm: boolean;
  eal: boolean;
  lookedAfter: boolean;
  socialWorker: boolean;
  marks: readonly Mark[];
  tier: string | null;
}

export interface Casework {
  firstDayOpen: number;
  oldestOpenCase: IsoDate | null;
  nCodesOpen: number;
  nCodesOverdue: number;
  incidentsThisWeek: number;
  incidentsOpen: number;
  actionsOverdue: number;
  actionsOverdueByRole: { role: string; count: number }[];
}

export interface DigestInput {
  schoolName: string;
  weekStart: IsoDate;
  asOf: IsoDate;
  calendar: SchoolCalendar;
  targetPct: number | null;
  /** Tier names, least concern first (the policy's band order). */
  tierOrder: readonly string[];
  pupils: readonly DigestPupil[];
  casework: Casework;
}

export interface GroupRow {
  label: string;
  pupils: number;
  /** Pupils with at least one possible session this school year: the base of the PA and SA rates. */
  counted: number;
  ytd: Rate;
  week: Rate;
  persistent: number;
  persistentPct: number | null;
  severe: number;
  severePct: number | null;
}

export interface DigestFigures {
  schoolName: string;
  weekStart: IsoDate;
  weekEnd: IsoDate;
  asOf: IsoDate;
  yearStart: IsoDate;
  targetPct: number | null;
  week: Rate;
  previousWeek: (Rate & { weekStart: IsoDate }) | null;
  changePts: number | null;
  yearToDate: Rate;
  /**
   * Year-to-date attendance less the target, in points to one decimal, from the exact fraction: -0 when the
   * school is under the target by less than 0.05 points (points() shows it as below), never a rounded tie.
   */
  ytdVsTargetPts: number | null;
  whole: GroupRow;
  byYear: GroupRow[];
  byClass: GroupRow[];
  byGroup: { label: string; inGroup: GroupRow; others: GroupRow }[];
  byGender: GroupRow[];
  dayOfWeek: { day: string; ytd: Rate; week: Rate }[];
  trend: { weekStart: IsoDate; pct: number }[];
  tiers: { tier: string; pupils: number }[];
  casework: Casework;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];

export const PUPIL_GROUPS: { label: string; has: (p: DigestPupil) => boolean }[] = [
  { label: 'SEND (K or E)', has: (p) => p.senStatus === 'K' || p.senStatus === 'E' },
  { label: 'Disadvantaged (FSM)', has: (p) => p.fsm },
  { label: 'EAL', has: (p) => p.eal },
  { label: 'Social worker or looked after', has: (p) => p.socialWorker || p.lookedAfter },
];

export function pointsBetween(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.round((a - b) * 10) / 10;
}

export function digestFigures(input: DigestInput): DigestFigures {
  const { calendar, weekStart, asOf } = input;
  const weekEnd = addDays(weekStart, 6) < asOf ? addDays(weekStart, 6) : asOf;
  const yearStart = calendar.schoolYearStart(asOf);
  const previousMonday = calendar.previousSchoolWeeks(addDays(weekStart, -1), 1)[0] ?? null;
  const ranges = {
    yearStart, asOf, week: { from: weekStart, to: weekEnd },
    previousWeek: previousMonday ? { from: previousMonday, to: addDays(previousMonday, 6) } : null,
  };
  const tallied = input.pupils.map((p) => ({ p, t: tallyPupil(p.marks, ranges) }));

  const whole = group('Whole school', tallied);
  const previous = new Tally();
  const weekdays = DAYS.map(() => ({ ytd: new Tally(), week: new Tally() }));
  const byWeek = new Map<IsoDate, Tally>();
  for (const { t } of tallied) {
    previous.add(t.previousWeek.possible, t.previousWeek.present);
    t.weekdays.forEach((d, i) => weekdays[i]?.ytd.add(d.possible, d.present));
    t.weekdaysThisWeek.forEach((d, i) => weekdays[i]?.week.add(d.possible, d.present));
    for (const [monday, w] of t.byWeek) {
      const acc = byWeek.get(monday) ?? new Tally();
      acc.add(w.possible, w.present);
      byWeek.set(monday, acc);
    }
  }
  const prevRate = previous.rate();
  const counts = new Map<string, number>();
  for (const { p } of tallied) if (p.tier !== null) counts.set(p.tier, (counts.get(p.tier) ?? 0) + 1);
  const named = [...input.tierOrder].reverse();
  const tiers = [...named, ...[...counts.keys()].filter((t) => !named.includes(t))].map((tier) => ({ tier, pupils: counts.get(tier) ?? 0 }));
  tiers.push({ tier: 'No tier', pupils: tallied.filter(({ p }) => p.tier === null).length });

  return {
    schoolName: input.schoolName, weekStart, weekEnd, asOf, yearStart, targetPct: input.targetPct,
    week: whole.week,
    previousWeek: previousMonday && prevRate.possible > 0 ? { ...prevRate, weekStart: previousMonday } : null,
    changePts: previousMonday ? pointsBetween(whole.week.pct, prevRate.pct) : null,
    yearToDate: whole.ytd,
    ytdVsTargetPts: pointsBetween(whole.ytd.possible > 0 ? (whole.ytd.present * 100) / whole.ytd.possible : null, input.targetPct),
    whole,
    byYear: groupsBy(tallied, (p) => p.yearGroup, (k) => (k === 'R' ? 'Reception' : `Year ${k}`)),
    byClass: groupsBy(tallied, (p) => p.className, (k) => k),
    byGroup: PUPIL_GROUPS.map((g) => ({
      label: g.label,
      inGroup: group(g.label, tallied.filter(({ p }) => g.has(p))),
      others: group(`Not ${g.label}`, tallied.filter(({ p }) => !g.has(p))),
    })),
    byGender: groupsBy(tallied, (p) => p.gender ?? 'Not recorded', (k) => k),
    dayOfWeek: weekdays.map((d, i) => ({ day: DAYS[i] ?? '', ytd: d.ytd.rate(), week: d.week.rate() })),
    trend: [...byWeek].filter(([, w]) => w.possible > 0).sort(([a], [b]) => a.localeCompare(b))
      .map(([monday, w]) => ({ weekStart: monday, pct: w.rate().pct ?? 0 })),
    tiers,
    casework: input.casework,
  };
}

type Tallied = { p: DigestPupil; t: PupilTally };

function group(label: string, members: readonly Tallied[]): GroupRow {
  const ytd = new Tally();
  const week = new Tally();
  let counted = 0;
  let persistent = 0;
  let severe = 0;
  for (const { t } of members) {
    ytd.add(t.ytd.possible, t.ytd.present);
    week.add(t.week.possible, t.week.present);
    if (t.ytd.possible === 0) continue;
    counted++;
    const flags = absenceFlags(t.ytd);
    if (flags.persistent) persistent++;
    if (flags.severe) severe++;
  }
  return {
    label, pupils: members.length, counted, ytd: ytd.rate(), week: week.rate(),
    persistent, persistentPct: percentage(persistent, counted), severe, severePct: percentage(severe, counted),
  };
}

function groupsBy(items: readonly Tallied[], key: (p: DigestPupil) => string, label: (key: string) => string): GroupRow[] {
  const groups = new Map<string, Tallied[]>();
  for (const item of items) {
    const k = key(item.p);
    const members = groups.get(k);
    if (members) members.push(item);
    else groups.set(k, [item]);
  }
  return [...groups].sort(([a], [b]) => yearSort(a) - yearSort(b) || a.localeCompare(b, 'en', { numeric: true })).map(([k, members]) => group(label(k), members));
}

/** Reception before Year 1; otherwise natural order. */
function yearSort(key: string): number {
  if (/^(R|Reception)/i.test(key)) return -1;
  const n = Number.parseInt(key, 10);
  return Number.isNaN(n) ? 100 : n;
}
