// One digest across a trust's schools: each school's headline figures side by side and the trust's
// totals (sessions added up across schools, not an average of percentages), with a chart of every
// school's weekly attendance and persistent-absence rate. Schools keep their own policies and targets.

import type { Database } from '../../db/client.js';
import { context, fields, header, list, message, text, type ChatMessage } from '../../chat/model.js';
import { formatDate, mondayOf, percentage, type IsoDate } from '../../rules/index.js';
import { renderChart, trustChartSpec, type ChartImage } from './chart.js';
import { digestFiguresFor, registerDataAsOf } from './build.js';
import { pointsBetween, type DigestFigures } from './figures.js';
import { pct, points } from './message.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import { Tally, type Rate } from './tally.js';

export interface TrustSchool {
  schoolId: string;
  name: string;
  figures: DigestFigures;
  /** "Register data as of 15:12." for this school: schools' feeds can be hours apart. */
  dataAsOf: string;
}

export interface TrustFigures {
  weekStart: IsoDate;
  schools: TrustSchool[];
  week: Rate;
  previousWeek: Rate;
  changePts: number | null;
  yearToDate: Rate;
  pupils: number;
  persistent: number;
  persistentPct: number | null;
  severe: number;
  severePct: number | null;
  actionsOverdue: number;
  firstDayOpen: number;
  incidentsThisWeek: number;
}

export function trustFigures(weekStart: IsoDate, schools: TrustSchool[]): TrustFigures {
  const week = new Tally();
  const previous = new Tally();
  const ytd = new Tally();
  let pupils = 0;
  let counted = 0;
  let persistent = 0;
  let severe = 0;
  let actionsOverdue = 0;
  let firstDayOpen = 0;
  let incidentsThisWeek = 0;
  for (const { figures: f } of schools) {
    week.add(f.week.possible, f.week.present);
    if (f.previousWeek) previous.add(f.previousWeek.possible, f.previousWeek.present);
    ytd.add(f.yearToDate.possible, f.yearToDate.present);
    pupils += f.whole.pupils;
    counted += f.whole.counted;
    persistent += f.whole.persistent;
    severe += f.whole.severe;
    actionsOverdue += f.casework.actionsOverdue;
    firstDayOpen += f.casework.firstDayOpen;
    incidentsThisWeek += f.casework.incidentsThisWeek;
  }
  const weekRate = week.rate();
  const previousRate = previous.rate();
  return {
    weekStart, schools, week: weekRate, previousWeek: previousRate, changePts: pointsBetween(weekRate.pct, previousRate.pct), yearToDate: ytd.rate(),
    pupils, persistent, persistentPct: percentage(persistent, counted), severe, severePct: percentage(severe, counted),
    actionsOverdue, firstDayOpen, incidentsThisWeek,
  };
}

export function trustDigestMessage(t: TrustFigures, title = 'Trust attendance digest'): ChatMessage {
  const rows = t.schools.map((s) => {
    const f = s.figures;
    const target = f.targetPct === null ? 'no target' : `target ${f.targetPct}%: ${points(f.ytdVsTargetPts)}`;
    return {
      text: `**${s.name}**: this week ${pct(f.week)} (${points(f.changePts)}), year to date ${pct(f.yearToDate)} (${target}) · PA ${pct(f.whole.persistentPct)} · SA ${pct(f.whole.severePct)} · actions overdue ${f.casework.actionsOverdue} · open first-day cases ${f.casework.firstDayOpen} · incidents ${f.casework.incidentsThisWeek} · ${s.dataAsOf}`,
    };
  });
  return message(
    `${title}, week of ${formatDate(t.weekStart)}: ${pct(t.week)} this week across ${t.schools.length} schools`,
    header(`${title}: week of ${formatDate(t.weekStart)}`),
    fields({
      'This week (all schools)': `${pct(t.week)} (${points(t.changePts)} on last week)`,
      'Year to date': pct(t.yearToDate),
      'Persistent absence': `${t.persistent} of ${t.pupils} pupils, ${pct(t.persistentPct)}`,
      'Severe absence': `${t.severe} pupils, ${pct(t.severePct)}`,
    }),
    text('**Schools**'),
    list(rows),
    context(`Actions overdue across the trust: ${t.actionsOverdue}. Open first-day cases: ${t.firstDayOpen}. Missing-pupil incidents this week: ${t.incidentsThisWeek}. Totals add sessions across schools.`),
  );
}

export function trustDigestText(t: TrustFigures): string {
  const lines = [`Trust attendance digest, week of ${t.weekStart}: this week ${pct(t.week)} (${points(t.changePts)}), year to date ${pct(t.yearToDate)}, PA ${t.persistent}/${t.pupils} (${pct(t.persistentPct)}), SA ${t.severe} (${pct(t.severePct)})`];
  for (const s of t.schools) {
    const f = s.figures;
    lines.push(`  ${s.name.slice(0, 40).padEnd(40)} week ${pct(f.week).padStart(6)}  YTD ${pct(f.yearToDate).padStart(6)}  target ${f.targetPct === null ? ' none' : `${f.targetPct}%`.padStart(5)}  PA ${pct(f.whole.persistentPct).padStart(6)}  overdue ${f.casework.actionsOverdue}  ${s.dataAsOf}`);
  }
  return lines.join('\n');
}

export async function buildTrustDigest(
  db: Database,
  options: { schools: readonly SchoolWithPolicy[]; weekStart: IsoDate; now?: Date; title?: string },
): Promise<{ figures: TrustFigures; message: ChatMessage; chart: ChartImage }> {
  const weekStart = mondayOf(options.weekStart);
  const schools: TrustSchool[] = [];
  for (const school of options.schools) {
    const figures = await digestFiguresFor(db, { schoolId: school.id, policy: school.policy, weekStart, ...(options.now ? { now: options.now } : {}) });
    const dataAsOf = await registerDataAsOf(db, school.id, school.policy, options.now ?? new Date());
    schools.push({ schoolId: school.id, name: school.name, figures, dataAsOf });
  }
  const figures = trustFigures(weekStart, schools);
  const title = options.title ?? 'Trust attendance digest';
  const trends = schools.flatMap((s) => s.figures.trend.map((t) => ({ school: s.name, weekStart: t.weekStart, pct: t.pct })));
  const persistent = schools.map((s) => ({ school: s.name, pct: s.figures.whole.persistentPct ?? 0 }));
  const chart = await renderChart(trustChartSpec('Attendance by week, each school', trends, persistent), `trust-digest-${weekStart}.png`);
  return { figures, message: trustDigestMessage(figures, title), chart };
}
