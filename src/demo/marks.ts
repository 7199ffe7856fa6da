// Register marks for the demo school, shaped like real data: mostly present, some lates, a class-wide
// illness cluster, patchy and severe absentees, term-time holidays that meet the national threshold
// (one of them across the summer holiday), long illness (sickness return), a pupil on a 20-day G/N/O
// run, N codes still open (some overdue) and this morning's register with unexplained absences.
// Profiles and flags come from pupils.ts; here each pupil-day becomes a code.
import type { SchoolCalendar } from '../rules/calendar.js';
import type { IsoDate, Session } from '../rules/types.js';
import type { DemoPupil } from './pupils.js';
import { seededRandom, seedFrom, type Random } from './random.js';

export interface DemoMark {
  upn: string;
  date: IsoDate;
  session: Session;
  code: string;
  minutesLate: number | null;
  note: string | null;
}

export interface MarkWindow {
  /** First date to generate (e.g. the start of the previous summer term). */
  from: IsoDate;
  today: IsoDate;
  /** Registers already taken today (AM in the morning, both after the PM register closes). */
  sessionsTakenToday: readonly Session[];
}

// Fixed dates rather than "N days ago", so regenerating on a later day gives the same past marks.
/** A pupil with a child-protection plan absent without explanation from this Thursday. */
const CP_ABSENT_FROM = '2026-11-19';
/** A pupil who stopped attending: a continuous G/N/O run past 20 school days (removal-ground enquiries). */
const MISSING_EDUCATION_FROM = '2026-10-19';

/** Unexplained absences this recent stay N (being chased); older ones were resolved to O. */
const OPEN_N_SCHOOL_DAYS = 6;

export function makeMarks(seed: number, pupils: DemoPupil[], calendar: SchoolCalendar, window: MarkWindow): DemoMark[] {
  const days = calendar.schoolDaysBetween(window.from, window.today);
  const lastIndex = days.length - 1;
  const marks: DemoMark[] = [];
  const cpPupil = pupils.find((p) => p.childProtectionPlan);
  const holidayPupils = pupils.filter((p) => p.profile === 'holiday');
  const illnessStart = days.findIndex((d) => d >= '2026-10-05');
  const clusterDays = new Set(days.filter((d) => d >= '2026-10-12' && d <= '2026-10-16'));

  for (const pupil of pupils) {
    const holidayIndex = holidayPupils.indexOf(pupil);
    const holidayDays = holidayIndex < 0 ? new Set<string>() : holidayDates(days, holidayIndex);
    const pupilRnd = seededRandom(seedFrom(seed, pupil.upn));
    // Patchy attenders differ: some miss one day in fourteen, some one in four.
    const patchyRate = 0.07 + pupilRnd.next() * 0.18;
    const clusterSick = new Set([...clusterDays].filter(() => pupil.className === '2B' && pupilRnd.chance(0.3)));
    days.forEach((date, index) => {
      if (date < pupil.admissionDate) return;
      // Each pupil-day draws from its own stream: re-running the demo on a later day regenerates the same
      // past marks, so the import sees no change except N codes that have since been resolved.
      const rnd = seededRandom(seedFrom(seed, pupil.upn, date));
      const age = lastIndex - index; // school days before today
      const today = age === 0;
      const dayCode = chooseDayCode(rnd, pupil, { index, age, illnessStart, holiday: holidayDays.has(date), clusterSick: clusterSick.has(date), forcedN: pupil === cpPupil && date >= CP_ABSENT_FROM, patchyRate, date });
      for (const session of calendar.sessionsOn(date)) {
        if (today && !window.sessionsTakenToday.includes(session)) continue; // not taken yet
        if (today && session === 'AM' && pupil === pupils[17]) continue; // a class register not completed
        marks.push(sessionMark(rnd, pupil, date, session, dayCode, age));
      }
    });
  }
  return marks;
}

/** Holidays: the first two families go away across the summer holiday, the rest in the autumn term. */
function holidayDates(days: IsoDate[], n: number): Set<IsoDate> {
  if (n < 2) {
    const june = days.filter((d) => d >= '2026-07-01').slice(0, 3);
    const sept = days.filter((d) => d >= '2026-09-21').slice(0, 2);
    return new Set([...june, ...sept]);
  }
  const start = days.findIndex((d) => d >= (n % 2 ? '2026-10-12' : '2026-09-28'));
  return new Set(days.slice(start, start + 5));
}

type DayCode = 'present' | 'late' | 'I' | 'M' | 'O' | 'G' | 'R' | 'unexplained';

interface DayContext {
  index: number;
  age: number;
  illnessStart: number;
  holiday: boolean;
  clusterSick: boolean;
  forcedN: boolean;
  patchyRate: number;
  date: IsoDate;
}

function chooseDayCode(rnd: Random, pupil: DemoPupil, ctx: DayContext): DayCode {
  if (ctx.forcedN) return 'unexplained';
  // Every morning a handful of families have not called in.
  if (rnd.chance(0.012)) return 'unexplained';
  if (ctx.holiday) return 'G';
  if (ctx.clusterSick) return 'I';
  switch (pupil.profile) {
    case 'long-illness':
      if (ctx.index >= ctx.illnessStart && ctx.index < ctx.illnessStart + 16) return 'I';
      break;
    case 'missing-education':
      if (ctx.date >= MISSING_EDUCATION_FROM) return 'unexplained';
      break;
    case 'severe':
      if (rnd.chance(0.58)) return rnd.pick(['unexplained', 'unexplained', 'O', 'I', 'I'] as const);
      break;
    case 'patchy':
      if (rnd.chance(ctx.patchyRate)) return rnd.pick(['I', 'I', 'I', 'O', 'unexplained', 'M'] as const);
      break;
    case 'often-late':
      if (rnd.chance(0.28)) return 'late';
      break;
    default:
      break;
  }
  if (rnd.chance(0.022)) return rnd.pick(['I', 'I', 'I', 'I', 'M', 'unexplained', 'R'] as const);
  if (rnd.chance(0.025)) return 'late';
  return 'present';
}

function sessionMark(rnd: Random, pupil: DemoPupil, date: IsoDate, session: Session, day: DayCode, age: number): DemoMark {
  const base = { upn: pupil.upn, date, session, minutesLate: null, note: null };
  const present = session === 'AM' ? '/' : '\\';
  switch (day) {
    case 'present':
      return { ...base, code: present };
    case 'late':
      if (session === 'PM') return { ...base, code: present };
      // A late arrival after the register closed is U; most arrive within the register window.
      return rnd.chance(0.12) ? { ...base, code: 'U', minutesLate: rnd.int(35, 70) } : { ...base, code: 'L', minutesLate: rnd.int(3, 25) };
    case 'M':
      return session === 'AM' ? { ...base, code: 'M', note: 'Dental appointment' } : { ...base, code: present };
    case 'unexplained':
      return { ...base, code: age < OPEN_N_SCHOOL_DAYS ? 'N' : 'O' };
    default:
      return { ...base, code: day };
  }
}
