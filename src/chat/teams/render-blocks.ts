// Neutral blocks as groups of Adaptive Card elements ("units") that must stay on the same card: a list
// row with its buttons, a chunk of facts. Text is one TextBlock per line, because Teams renders a
// single newline inside a TextBlock inconsistently across desktop, web and mobile.

import type { Block, ListRow } from '../model.js';
import { TEAMS_LIMITS as L, truncate } from './limits.js';
import { toTeamsMarkdown } from './markdown.js';
import { plain, renderControls, renderButton, type CardElement, type RenderContext } from './render-elements.js';

export interface Unit {
  elements: CardElement[];
}

/** One line longer than this is cut: a single element must still fit on a card of its own. */
const MAX_LINE = 5_000;

function textBlock(markdown: string, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text: markdown === '' ? ' ' : truncate(markdown, MAX_LINE), wrap: true, ...extra };
}

function lines(markup: string, ctx: RenderContext, extra: Record<string, unknown> = {}): Unit[] {
  return markup.split('\n').map((line, i) => ({
    elements: [textBlock(toTeamsMarkdown(line, ctx.mentions), i === 0 ? extra : { ...extra, spacing: 'None' })],
  }));
}

function rowUnit(row: ListRow, ctx: RenderContext): Unit {
  const controls = row.controls ?? [];
  const text = textBlock(toTeamsMarkdown(row.text, ctx.mentions));
  if (controls.length === 0) return { elements: [{ ...text, spacing: 'Small' }] };
  const onlyButtons = controls.every((c) => c.kind === 'button');
  if (onlyButtons && controls.length <= 3) {
    const actions = controls.flatMap((c) => (c.kind === 'button' ? [renderButton(c, ctx)] : []));
    return {
      elements: [
        {
          type: 'ColumnSet',
          spacing: 'Small',
          columns: [
            { type: 'Column', width: 'stretch', verticalContentAlignment: 'Center', items: [text] },
            { type: 'Column', width: 'auto', verticalContentAlignment: 'Center', items: [{ type: 'ActionSet', actions }] },
          ],
        },
      ],
    };
  }
  return { elements: [{ type: 'Container', spacing: 'Small', items: [text, ...renderControls(controls, ctx)] }] };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function blockUnits(block: Block, ctx: RenderContext): Unit[] {
  switch (block.kind) {
    case 'header':
      return [{ elements: [{ type: 'TextBlock', text: plain(block.text, L.headerText, ctx), weight: 'Bolder', size: 'Large', wrap: true }] }];
    case 'text':
      return lines(block.text, ctx);
    case 'context':
      return lines(block.text, ctx, { isSubtle: true, size: 'Small' });
    case 'divider':
      return [{ elements: [] }];
    case 'fields':
      return chunk(block.fields, L.factsPerSet).map((part) => ({
        elements: [{ type: 'FactSet', facts: part.map((f) => ({ title: toTeamsMarkdown(f.label, ctx.mentions), value: toTeamsMarkdown(f.value, ctx.mentions) })) }],
      }));
    case 'list':
      if (block.rows.length === 0) return [{ elements: [textBlock(toTeamsMarkdown(block.emptyText ?? 'Nothing to show.', ctx.mentions), { isSubtle: true })] }];
      return block.rows.map((row) => rowUnit(row, ctx));
    case 'actions':
      return renderControls(block.controls, ctx).map((element) => ({ elements: [element] }));
  }
}

/** Units for a run of blocks; a divider becomes a separator line above whatever follows it. */
export function unitsFor(blocks: readonly Block[], ctx: RenderContext): Unit[] {
  const out: Unit[] = [];
  let separate = false;
  for (const block of blocks) {
    if (block.kind === 'divider') {
      separate = out.length > 0;
      continue;
    }
    for (const unit of blockUnits(block, ctx)) {
      const [first, ...rest] = unit.elements;
      if (separate && first) {
        out.push({ elements: [{ ...first, separator: true, spacing: 'Medium' }, ...rest] });
        separate = false;
      } else {
        out.push(unit);
      }
    }
  }
  return out;
}
