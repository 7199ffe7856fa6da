// The weekly SLT digest for one school: figures from the register (via schoolFacts' packed loading) and
// the casework tables, the message for the leadership channel, and the chart image.
//
// Decisions: the digest's week is the Monday-to-Sunday week of weekStart, registers counted up to the last
// school day in it (the Friday digest at 15:30 includes Friday's PM register); a week with no school day
// reports up to the last school day before it. `now` (for "actions overdue") defaults to the end of that
// day, so a re-created digest for a past week counts what was overdue then by due date.

import type { Database } from '../../db/client.js';
import type { ChatMessage } from '../../chat/model.js';
import type { Policy } from '../../policy/schema.js';
import { tierModelOf } from '../../policy/schema.js';
import { schoolFacts } from '../../reports/pupil-facts.js';
import { freshness, registerReceivedAt, staleAfterMinutes } from '../../register/register-feed.js';
import { calendarOf, SchoolCalendar, addDays, mondayOf, type IsoDate } from '../../rules/index.js';
import { dueInstant } from '../tiers/due-dates.js';
import { tierOrder } from '../tiers/movements.js';
import { loadCasework } from './casework.js';
import { digestChartSpec, renderChart, type ChartImage } from './chart.js';
import { digestFigures, type DigestFigures } from './figures.js';
import { digestMessage } from './message.js';

export interface DigestOptions {
  schoolId: string;
  policy: Policy;
  weekStart: IsoDate;
  /** Count registers up to this day instead (for `/digest now`). */
  asOf?: IsoDate;
  now?: Date;
  /** Whether the chart is sent with the message (default true: the weekly post uploads it). */
  chartSent?: boolean;
}

export interface Digest {
  figures: DigestFigures;
  /** "Register data as of 15:12." as the lists say it (stale past the policy's limit). */
  dataAsOf: string;
  message: ChatMessage;
  chart: ChartImage;
}

export function digestAsOf(calendar: SchoolCalendar, weekStart: IsoDate): IsoDate {
  const days = calendar.schoolDaysBetween(weekStart, addDays(weekStart, 6));
  return days[days.length - 1] ?? calendar.previousSchoolDay(weekStart) ?? weekStart;
}

export async function digestFiguresFor(db: Database, options: DigestOptions): Promise<DigestFigures> {
  const { schoolId, policy } = options;
  const weekStart = mondayOf(options.weekStart);
  const calendar = calendarOf(policy.calendar);
  const asOf = options.asOf ?? digestAsOf(calendar, weekStart);
  const facts = await schoolFacts(db.sql, schoolId, policy, asOf);
  let open = 0;
  let overdue = 0;
  for (const f of facts.pupils) {
    open += f.openN.length;
    for (const n of f.openN) if (n.overdue) overdue++;
  }
  // The school's own name as registered (`school add --name`, the demo's), not the preset's it started from.
  const school = await db.prisma.school.findUniqueOrThrow({ where: { id: schoolId }, select: { name: true } });
  const casework = await loadCasework(db.sql, {
    schoolId, weekStart, asOf, timezone: policy.school.timezone, now: options.now ?? dueInstant(asOf, policy.school.timezone), nCodes: { open, overdue },
  });
  return digestFigures({
    schoolName: school.name, weekStart, asOf, calendar, targetPct: policy.school.attendanceTargetPct, tierOrder: tierOrder(tierModelOf(policy)),
    pupils: facts.pupils.map((f) => ({ ...f.pupil, marks: f.marks, tier: f.tier.tier })),
    casework,
  });
}

export async function buildDigest(db: Database, options: DigestOptions): Promise<Digest> {
  const figures = await digestFiguresFor(db, options);
  const chart = await renderChart(digestChartSpec(figures), `attendance-digest-${figures.weekStart}.png`);
  const dataAsOf = await registerDataAsOf(db, options.schoolId, options.policy, options.now ?? new Date());
  return { figures, dataAsOf, message: digestMessage(figures, { chart: options.chartSent ?? true, dataAsOf }), chart };
}

/** How fresh the register behind a digest is, by the lists' rule (src/register/register-feed.ts). */
export async function registerDataAsOf(db: Database, schoolId: string, policy: Policy, now: Date): Promise<string> {
  const received = await registerReceivedAt(db.prisma, schoolId);
  return freshness(received, now, policy.school.timezone, staleAfterMinutes(policy)).text;
}
