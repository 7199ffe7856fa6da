// Turns neutral blocks into groups of Block Kit blocks ("units") that must stay on the same page:
// a list row with its buttons, a chunk of fields. Long text is split at line ends so no section
// passes 3,000 characters; plain list rows are packed into shared sections to save blocks.

import type { types } from '@slack/bolt';
import type { Block, ListRow } from '../model.js';
import { SLACK_LIMITS as L, charLength, truncate } from './limits.js';
import { toMrkdwn } from './mrkdwn.js';
import { mrkdwn, plainText, renderControls } from './render-elements.js';

export type SlackBlock = types.KnownBlock;

export interface Unit {
  blocks: SlackBlock[];
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Converted mrkdwn lines packed into sections of at most `max` characters each. */
function packLines(lines: readonly string[], max: number): string[] {
  // Lengths are kept as running totals: measuring each joined section again made long lists quadratic.
  const sections: string[] = [];
  let current = '';
  let currentLength = 0;
  for (const raw of lines) {
    const rawLength = charLength(raw);
    const line = rawLength > max ? truncate(raw, max) : raw;
    const lineLength = rawLength > max ? max : rawLength;
    if (current !== '' && currentLength + 1 + lineLength > max) {
      sections.push(current);
      current = line;
      currentLength = lineLength;
    } else if (current === '') {
      current = line;
      currentLength = lineLength;
    } else {
      current = `${current}\n${line}`;
      currentLength += 1 + lineLength;
    }
  }
  if (current !== '') sections.push(current);
  return sections;
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function textUnits(markup: string): Unit[] {
  const lines = markup.split('\n').map(toMrkdwn);
  return packLines(lines, L.sectionText).map((t) => ({ blocks: [section(t === '' ? ' ' : t)] }));
}

function rowUnits(rows: readonly ListRow[], emptyText: string | undefined): Unit[] {
  if (rows.length === 0) return [{ blocks: [{ type: 'context', elements: [mrkdwn(emptyText ?? 'Nothing to show.', L.sectionText)] }] }];
  const units: Unit[] = [];
  let plain: string[] = [];
  const flushPlain = () => {
    for (const t of packLines(plain, L.sectionText)) units.push({ blocks: [section(t)] });
    plain = [];
  };
  for (const row of rows) {
    const controls = row.controls ?? [];
    if (controls.length === 0) {
      plain.push(toMrkdwn(row.text));
      continue;
    }
    flushPlain();
    const text = truncate(toMrkdwn(row.text), L.sectionText);
    const [only] = controls;
    if (controls.length === 1 && only) {
      const [accessory] = renderControls([only]);
      units.push({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text }, ...(accessory ? { accessory } : {}) }] });
    } else {
      const actionBlocks = chunk(controls, L.actionsElements).map((part): SlackBlock => ({ type: 'actions', elements: renderControls(part) }));
      units.push({ blocks: [section(text), ...actionBlocks] });
    }
  }
  flushPlain();
  return units;
}

export function blockUnits(block: Block): Unit[] {
  switch (block.kind) {
    case 'header':
      return [{ blocks: [{ type: 'header', text: plainText(block.text, L.headerText) }] }];
    case 'text':
      return textUnits(block.text);
    case 'context':
      return [{ blocks: [{ type: 'context', elements: [mrkdwn(block.text, L.sectionText)] }] }];
    case 'divider':
      return [{ blocks: [{ type: 'divider' }] }];
    case 'fields':
      return chunk(block.fields, L.sectionFields).map((part) => ({
        blocks: [{ type: 'section', fields: part.map((f) => mrkdwn(`**${f.label}**\n${f.value}`, L.fieldText)) }],
      }));
    case 'list':
      return rowUnits(block.rows, block.emptyText);
    case 'actions':
      return chunk(block.controls, L.actionsElements).map((part) => ({ blocks: [{ type: 'actions', elements: renderControls(part) }] }));
  }
}

/** Characters counted against the message budget: every string in the blocks (a safe over-count). */
export function blockChars(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + blockChars(v), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + blockChars(v), 0);
  return 0;
}
