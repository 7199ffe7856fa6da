// How a /tiers answer reads: in chat (with a button per open action when the list is one class, year or
// pupil, so it stays short) and as plain text for `rollcall report tiers`.

import { button, context, fields, header, list, message, text, type Block, type ChatMessage, type ListRow } from '../../chat/model.js';
import { formatDate } from '../../rules/index.js';
import { pctText, plural, roleWords, shortDate } from './labels.js';
import type { TiersQueryResult, TiersRow } from './query.js';
import { TIER_ACTION_DONE, doneButtonLabel } from './week-post.js';

export function tiersQueryMessage(r: TiersQueryResult): ChatMessage {
  const withButtons = r.filter.kind !== 'all';
  const blocks: Block[] = [
    header(`Tiers: ${r.scope}`),
    context(`As of ${formatDate(r.date)}. ${plural(r.pupilsInScope, 'pupil')} on roll in scope.`),
    fields(Object.fromEntries(r.counts.map((c) => [c.tier ?? 'No tier', String(c.pupils)]))),
  ];
  const byTier = new Map<string, TiersRow[]>();
  for (const row of r.rows) byTier.set(row.tier ?? 'No tier', [...(byTier.get(row.tier ?? 'No tier') ?? []), row]);
  for (const [tier, rows] of byTier) {
    blocks.push(text(`**${tier} (${rows.length})**`));
    blocks.push(list(rows.map((row) => chatRow(row, withButtons))));
  }
  if (r.rows.length === 0) blocks.push(text('Nobody in scope is in a tier.'));
  if (r.history && r.history.length > 0) {
    blocks.push(text(`**Recent weeks**\n${r.history.map((h) => `${formatDate(h.weekStart)}: ${h.tier ?? 'no tier'}`).join('\n')}`));
  }
  if (r.triggers && r.triggers.length > 0) {
    blocks.push(text(`**Triggers recorded**\n${r.triggers.map((t) => `${formatDate(t.firstMetOn)}: ${t.title}. ${t.what}`).join('\n')}`));
  }
  const inTier = r.rows.filter((row) => row.tier !== null).length;
  return message(`Tiers for ${r.scope} on ${formatDate(r.date)}: ${inTier} in a tier`, ...blocks);
}

function chatRow(row: TiersRow, withButtons: boolean): ListRow {
  const lines = [`**${row.label}**: ${row.rule}`];
  for (const a of row.open) lines.push(`- ${a.title}: ${a.ownerRole ? roleWords(a.ownerRole) : 'no owner set'}${a.dueDate ? `, due ${shortDate(a.dueDate)}` : ''}`);
  if (!withButtons || row.open.length === 0) return { text: lines.join('\n') };
  return {
    text: lines.join('\n'),
    controls: row.open.map((a) => button(TIER_ACTION_DONE, doneButtonLabel(a.kind, a.actionKind, a.title), a.id)),
  };
}

/** Plain text for the terminal. */
export function tiersQueryText(r: TiersQueryResult): string {
  const lines = [`Tiers for ${r.scope} on ${r.date}: ${plural(r.pupilsInScope, 'pupil')} in scope`];
  lines.push(r.counts.map((c) => `${c.tier ?? 'No tier'}: ${c.pupils}`).join(' | '));
  for (const row of r.rows) {
    lines.push(`${(row.tier ?? 'No tier').slice(0, 34).padEnd(34)}  ${row.label.slice(0, 30).padEnd(30)}  ${pctText(row.attendancePct).padStart(6)}  ${row.rule}`);
    for (const a of row.open) lines.push(`${' '.repeat(36)}- ${a.title} (${a.ownerRole ?? 'no owner'}${a.dueDate ? `, due ${a.dueDate}` : ''})`);
  }
  for (const h of r.history ?? []) lines.push(`week of ${h.weekStart}: ${h.tier ?? 'no tier'}`);
  for (const t of r.triggers ?? []) lines.push(`${t.firstMetOn} ${t.title}: ${t.what}`);
  return lines.join('\n');
}
