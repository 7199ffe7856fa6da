// The weekly tier post for the attendance channel, built from a stored week (WeekView). Who moved up,
// entered, moved down or left, each with the rule in plain words, the actions the tier now needs (owner,
// due date, a button to record each as done); next steps for pupils staying in their tier (reviews and
// monitoring periods); and the triggers needing a decision. Long sections are capped; /tiers lists all.

import { button, context, divider, header, list, message, text, type Block, type ChatMessage, type ListRow } from '../../chat/model.js';
import { formatDate } from '../../rules/index.js';
import { withClass, type Privacy } from '../../core/pupil-names.js';
import { clip, plural, rolesWords, roleWords, shortDate, weekdayOf } from './labels.js';
import { tierMovements, type Movement, type MovementKind } from './movements.js';
import { TIER_ACTION, TIER_DECISION, TIER_MONITORING } from './plan-types.js';
import type { ViewHit, ViewTask, WeekView } from './week-view.js';

export const TIER_ACTION_DONE = 'tiers.action-done';
export const MAX_ROWS_PER_SECTION = 10;

export interface PostOptions {
  order: readonly string[];
  privacy: Privacy;
  maxRows?: number;
}

const SECTION_TITLES: Record<MovementKind, string> = { up: 'Moved up', entered: 'Entered a tier', down: 'Moved down', left: 'Left their tier' };
const SECTION_ORDER: MovementKind[] = ['up', 'entered', 'down', 'left'];

export const TRIGGER_TITLES: Record<string, string> = {
  'national-threshold': 'National threshold: consider a penalty notice',
  lateness: 'Lateness',
  'unauthorised-leave': 'Unauthorised leave',
  'sickness-return': 'Sickness return to the local authority',
  'twenty-day-absence': '20 school days absent: reasonable enquiries needed',
  'ten-day-absence': '10 school days absent: reasonable enquiries needed',
  'not-returned-from-leave': 'Not back after leave: reasonable enquiries needed',
};

const KIND_ORDER = ['national-threshold', 'local:', 'unauthorised-leave', 'lateness', 'sickness-return', 'twenty-day-absence', 'not-returned-from-leave', 'ten-day-absence'];

function kindRank(kind: string): number {
  const i = KIND_ORDER.findIndex((k) => (k.endsWith(':') ? kind.startsWith(k) : kind === k));
  return i < 0 ? KIND_ORDER.length : i;
}

// What a.localeCompare(b, 'en', options) does, without building a collator on every comparison.
const NAME_ORDER = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function byName(a: string, b: string): number {
  return NAME_ORDER.compare(a, b);
}

export function triggerTitle(kind: string): string {
  return TRIGGER_TITLES[kind] ?? (kind.startsWith('local:') ? 'Local threshold' : kind);
}

export function tiersWeekPost(view: WeekView, options: PostOptions): ChatMessage {
  const cap = options.maxRows ?? MAX_ROWS_PER_SECTION;
  const label = (pupilId: string) => {
    const p = view.pupils.get(pupilId);
    return p ? withClass(p, 'channel', options.privacy) : 'a pupil no longer on roll';
  };
  const movements = tierMovements(view.previous, view.current, options.order);
  const tasksByPupil = groupBy(view.tasks.filter((t) => t.kind !== TIER_DECISION), (t) => t.pupilId);
  const inTier = countInTier(view.current);
  const blocks: Block[] = [
    header(`Tier movements: week of ${formatDate(view.weekStart)}`),
    context(view.previousWeek
      ? `Attendance to ${weekdayOf(view.asOf)} ${formatDate(view.asOf)}, compared with the week of ${formatDate(view.previousWeek)}. In a tier: ${inTier} (was ${countInTier(view.previous)}).`
      : `Attendance to ${weekdayOf(view.asOf)} ${formatDate(view.asOf)}. First tier snapshot: every pupil in a tier is listed as entering it. In a tier: ${inTier}.`),
  ];

  const counts: string[] = [];
  for (const kind of SECTION_ORDER) {
    const rows = movements.filter((m) => m.kind === kind).sort((a, b) => byName(label(a.pupilId), label(b.pupilId)));
    if (rows.length === 0) continue;
    counts.push(`${rows.length} ${kind === 'up' ? 'up' : kind === 'down' ? 'down' : kind}`);
    blocks.push(text(`**${SECTION_TITLES[kind]} (${rows.length})**`));
    blocks.push(...capped(rows.map((m) => movementRow(m, label(m.pupilId), tasksByPupil.get(m.pupilId) ?? [], view.weekStart)), cap));
  }
  if (counts.length === 0) blocks.push(text('No tier movements this week.'));

  const moved = new Set(movements.map((m) => m.pupilId));
  const staying = [...tasksByPupil].filter(([id, tasks]) => !moved.has(id) && tasks.some((t) => t.tier?.weekStart === view.weekStart));
  if (staying.length > 0) {
    blocks.push(text(`**Next steps for pupils staying in their tier (${staying.length})**`));
    const rows = staying
      .map(([id, tasks]) => ({ name: label(id), row: stayingRow(label(id), view.current.get(id)?.rule ?? '', tasks, view.weekStart) }))
      .sort((a, b) => byName(a.name, b.name))
      .map((r) => r.row);
    blocks.push(...capped(rows, cap));
  }

  const hitCount = triggerBlocks(view.hits, label, cap, blocks);
  blocks.push(divider, context('Press a button when the action is done; it is recorded with your name and time. Full lists: `/tiers`, `/tiers 3B`, `/tiers Year 3`, `/tiers <pupil>`.'));
  const summaryParts = [counts.length > 0 ? counts.join(', ') : 'no movements'];
  if (hitCount > 0) summaryParts.push(`${plural(hitCount, 'trigger')} needing a decision`);
  return message(`Tier movements, week of ${formatDate(view.weekStart)}: ${summaryParts.join('; ')}`, ...blocks);
}

function movementRow(m: Movement, name: string, tasks: readonly ViewTask[], weekStart: string): ListRow {
  const lines = [`**${name}**: ${m.from ?? 'no tier'} → **${m.to ?? 'no tier'}**`, m.rule];
  const created = tasks.filter((t) => t.tier?.weekStart === weekStart);
  const closed = tasks.filter((t) => t.tier?.closedWeek === weekStart && t.status === 'cancelled');
  lines.push(...created.map(taskLine));
  if (closed.length > 0) lines.push(`${plural(closed.length, 'open action')} from the previous tier closed as no longer needed`);
  if (m.kind === 'down' && created.length === 0) lines.push('No new action now; the tier\'s first step comes due at its review if attendance has not improved');
  return withButtons(lines, created);
}

function stayingRow(name: string, rule: string, tasks: readonly ViewTask[], weekStart: string): ListRow {
  const created = tasks.filter((t) => t.tier?.weekStart === weekStart);
  return withButtons([`**${name}**: ${rule}`, ...created.map(taskLine)], created);
}

function taskLine(t: ViewTask): string {
  const d = t.tier;
  const owner = t.ownerRole ? roleWords(t.ownerRole) : 'no owner set';
  if (t.kind === TIER_MONITORING) return `- ${t.title}, until ${d?.endsOn ? formatDate(d.endsOn) : '?'} (${owner})`;
  const why = d?.outcome ? ` (after monitoring: ${d.outcome === 'improved' ? 'improved' : 'not improved'}, ${pct(d.startPct)} → ${pct(d.endPct ?? null)})` : d && d.stage > 1 ? ` (stage ${d.stage}: no improvement at review)` : '';
  return `- ${t.title}${why}: ${owner}, due ${d ? shortDate(d.dueDate) : '?'}${statusText(t)}`;
}

function statusText(t: ViewTask): string {
  const by = t.tier?.doneByName ?? t.decision?.doneByName;
  if (t.status === 'done') return by ? ` ✓ done (${by})` : ' ✓ done';
  if (t.status === 'cancelled') return ' (closed)';
  return '';
}

const DONE_VERBS: Partial<Record<string, string>> = {
  letter: 'Letter sent', meeting: 'Meeting booked', 'support-plan': 'Meeting booked', referral: 'Referral made', call: 'Call made',
  conversation: 'Talked with pupil', recognition: 'Sent', 'penalty-notice': 'Decision recorded', legal: 'Decision recorded',
};

/** The button that records a task as done, worded for what it is ("Letter sent: ..."). */
export function doneButtonLabel(kind: string, actionKind: string | undefined, title: string): string {
  if (kind === TIER_DECISION) return 'Decision recorded';
  return `${DONE_VERBS[actionKind ?? ''] ?? 'Done'}: ${clip(title, 36)}`;
}

function withButtons(lines: string[], tasks: readonly ViewTask[]): ListRow {
  const open = tasks.filter((t) => t.status === 'open' && (t.kind === TIER_ACTION || t.kind === TIER_DECISION));
  const controls = open.map((t) => button(TIER_ACTION_DONE, doneButtonLabel(t.kind, t.tier?.actionKind, t.title), t.id));
  return controls.length > 0 ? { text: lines.join('\n'), controls } : { text: lines.join('\n') };
}

function triggerBlocks(hits: readonly ViewHit[], label: (id: string) => string, cap: number, blocks: Block[]): number {
  const latest = hits.filter((h) => h.detail.latest);
  if (latest.length === 0) return 0;
  blocks.push(divider, text(`**Triggers needing a decision (${latest.length})**`));
  const groups = [...groupBy(latest, (h) => h.kind)].sort(([a], [b]) => kindRank(a) - kindRank(b) || a.localeCompare(b));
  for (const [kind, group] of groups) {
    blocks.push(text(`_${triggerTitle(kind)}_`));
    const rows = [...group].sort((a, b) => byName(label(a.pupilId), label(b.pupilId))).map((h) => {
      const times = h.detail.times > 1 ? ` (met ${h.detail.times} times in the register so far; the latest is shown)` : '';
      const due = h.task?.decision?.dueDate ? `, due ${shortDate(h.task.decision.dueDate)}` : '';
      const lines = [`**${label(h.pupilId)}**: ${h.detail.what}${times}`, `${h.detail.decision}: ${rolesWords(h.detail.roles)}${due}${h.task ? statusText(h.task) : ''}`];
      return withButtons(lines, h.task ? [h.task] : []);
    });
    blocks.push(...capped(rows, cap));
  }
  return latest.length;
}

function capped(rows: ListRow[], cap: number): Block[] {
  if (rows.length <= cap) return [list(rows)];
  return [list(rows.slice(0, cap)), context(`…and ${rows.length - cap} more. \`/tiers\` shows the full list.`)];
}

function countInTier(map: ReadonlyMap<string, { tier: string | null }>): number {
  let n = 0;
  for (const s of map.values()) if (s.tier !== null) n++;
  return n;
}

function pct(v: number | null): string {
  return v === null ? 'n/a' : `${v}%`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k) ?? [];
    list.push(item);
    out.set(k, list);
  }
  return out;
}

