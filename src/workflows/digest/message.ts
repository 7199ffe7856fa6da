// How the weekly digest reads in the leadership channel and in the terminal (`rollcall report digest`).
// Figures only, no pupil names: it is a leadership summary, and the tier post carries the names.

import { context, divider, fields, header, list, message, text, type Block, type ChatMessage } from '../../chat/model.js';
import { formatDate } from '../../rules/index.js';
import { plural, roleWords } from '../tiers/labels.js';
import type { DigestFigures, GroupRow } from './figures.js';
import type { Rate } from './tally.js';

export function pct(rate: Rate | number | null): string {
  const v = typeof rate === 'number' || rate === null ? rate : rate.pct;
  return v === null ? 'n/a' : `${v.toFixed(1)}%`;
}

/** Signed points; -0 (below, by less than the rounding) reads as below, not as level. */
export function points(v: number | null): string {
  if (v === null) return 'n/a';
  return `${v > 0 ? '+' : v < 0 || Object.is(v, -0) ? '−' : '±'}${Math.abs(v).toFixed(1)} pts`;
}

function rowText(r: GroupRow): string {
  return `**${r.label}** (${r.pupils}): ${pct(r.ytd)} year to date, ${pct(r.week)} this week · PA ${r.persistent} (${pct(r.persistentPct)}) · SA ${r.severe}`;
}

export function headlineFields(f: DigestFigures): Record<string, string> {
  const target = f.targetPct === null ? 'no target set' : `target ${f.targetPct}%: ${points(f.ytdVsTargetPts)}`;
  return {
    'This week': `${pct(f.week)} (${points(f.changePts)} on last week${f.previousWeek ? `, ${pct(f.previousWeek)}` : ''})`,
    'Year to date': `${pct(f.yearToDate)} (${target})`,
    'Persistent absence (10%+)': `${plural(f.whole.persistent, 'pupil')}, ${pct(f.whole.persistentPct)}`,
    'Severe absence (50%+)': `${plural(f.whole.severe, 'pupil')}, ${pct(f.whole.severePct)}`,
  };
}

export function caseworkLines(f: DigestFigures): string[] {
  const c = f.casework;
  const byRole = c.actionsOverdueByRole.map((r) => `${roleWords(r.role)} ${r.count}`).join(', ');
  return [
    `Open first-day cases: ${c.firstDayOpen}${c.oldestOpenCase ? ` (oldest ${formatDate(c.oldestOpenCase)})` : ''}`,
    `N codes open: ${c.nCodesOpen}; overdue (past 5 school days): ${c.nCodesOverdue}`,
    `Missing-pupil incidents this week: ${c.incidentsThisWeek}${c.incidentsThisWeek > 0 ? ` (${c.incidentsOpen} still open)` : ''}`,
    `Actions overdue: ${c.actionsOverdue}${byRole ? ` (${byRole})` : ''}`,
  ];
}

/**
 * `chart`: the chart image goes with this message (the weekly post uploads it; a private answer may not).
 * `dataAsOf`: the register's freshness line ("Register data as of 15:12."), as the lists show it.
 */
export function digestMessage(f: DigestFigures, options: { chart: boolean; dataAsOf: string }): ChatMessage {
  const blocks: Block[] = [
    header(`Attendance digest: ${f.schoolName}`),
    context(`Week of ${formatDate(f.weekStart)}, registers to ${formatDate(f.asOf)}. Year to date from ${formatDate(f.yearStart)}. ${options.dataAsOf}`),
    fields(headlineFields(f)),
    text('**By year group**'), list(f.byYear.map((r) => ({ text: rowText(r) }))),
    text('**By class**'), list(f.byClass.map((r) => ({ text: rowText(r) }))),
    text('**Pupil groups** (the rest of the school in brackets)'),
    list(f.byGroup.map((g) => ({
      text: `**${g.inGroup.label}** (${g.inGroup.pupils}): ${pct(g.inGroup.ytd)} year to date (${pct(g.others.ytd)}) · PA ${pct(g.inGroup.persistentPct)} (${pct(g.others.persistentPct)}) · SA ${g.inGroup.severe}`,
    }))),
    list(f.byGender.map((r) => ({ text: rowText({ ...r, label: `Gender ${r.label}` }) }))),
    text(`**Day of the week** (year to date; this week in brackets)\n${f.dayOfWeek.map((d) => `${d.day} ${pct(d.ytd)} (${pct(d.week)})`).join(' · ')}`),
    text(`**Tiers**\n${f.tiers.map((t) => `${t.tier}: ${t.pupils}`).join(' · ')}`),
    divider,
    text(`**Casework**\n${caseworkLines(f).join('\n')}`),
  ];
  if (options.chart) blocks.push(context(`Chart attached: attendance by week${f.targetPct === null ? '' : ` against the ${f.targetPct}% target`}, and pupils by tier.`));
  const summary = `Attendance digest, week of ${formatDate(f.weekStart)}: ${pct(f.week)} this week (${points(f.changePts)}), ${pct(f.yearToDate)} year to date; ${plural(f.whole.persistent, 'pupil')} persistently absent`;
  return message(summary, ...blocks);
}

function table(rows: GroupRow[]): string[] {
  return rows.map((r) => `  ${r.label.padEnd(32)} ${String(r.pupils).padStart(5)}  ${pct(r.ytd).padStart(6)}  ${pct(r.week).padStart(6)}  ${String(r.persistent).padStart(4)} ${pct(r.persistentPct).padStart(6)}  ${String(r.severe).padStart(4)}`);
}

/** Plain text for the terminal; `dataAsOf` is the register's freshness line, as on the post. */
export function digestText(f: DigestFigures, dataAsOf: string): string {
  const head = `  ${'group'.padEnd(32)} ${'pupils'.padStart(5)}  ${'YTD'.padStart(6)}  ${'week'.padStart(6)}  ${'PA'.padStart(4)} ${'PA%'.padStart(6)}  ${'SA'.padStart(4)}`;
  return [
    `Attendance digest: ${f.schoolName}, week of ${f.weekStart} (registers to ${f.asOf})`,
    dataAsOf,
    ...Object.entries(headlineFields(f)).map(([k, v]) => `${k}: ${v}`),
    '', 'By year group', head, ...table(f.byYear),
    '', 'By class', head, ...table(f.byClass),
    '', 'Pupil groups', head, ...table(f.byGroup.flatMap((g) => [g.inGroup, g.others])), ...table(f.byGender),
    '', `Day of the week (YTD / this week): ${f.dayOfWeek.map((d) => `${d.day} ${pct(d.ytd)} / ${pct(d.week)}`).join(', ')}`,
    `Tiers: ${f.tiers.map((t) => `${t.tier}: ${t.pupils}`).join(', ')}`,
    `Trend: ${f.trend.map((t) => `${t.weekStart} ${t.pct.toFixed(1)}%`).join(', ')}`,
    '', ...caseworkLines(f),
  ].join('\n');
}
