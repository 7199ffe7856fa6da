import { describe, expect, it } from 'vitest';
import { actions, button, fields, header, list, message, select, text, type ListRow } from '../../../src/chat/model.js';
import { toMrkdwn } from '../../../src/chat/slack/mrkdwn.js';
import { renderHome, renderMessage, renderModal } from '../../../src/chat/slack/render.js';
import { decodeActionId, SlackRenderError } from '../../../src/chat/slack/render-elements.js';
import { blockKitProblems, type Json } from '../../support/fake-slack.js';

// Block Kit values are plain JSON; reading them back needs a loose view.
function json(value: unknown): Json[] {
  return JSON.parse(JSON.stringify(value)) as Json[];
}

/** Every mrkdwn/plain text in the blocks, in order. */
function texts(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o['type'] === 'mrkdwn' || o['type'] === 'plain_text') && typeof o['text'] === 'string') out.push(o['text']);
      else Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

function pupilRows(n: number, textFor: (i: number) => string = (i) => `Pupil ${i} (Year ${1 + (i % 6)}) absent, no reason`): ListRow[] {
  return Array.from({ length: n }, (_, i) => ({ text: textFor(i), controls: [button('claim', 'Claim', `case-${i}`)] }));
}

describe('renderMessage pagination', () => {
  it('splits a 300-row list into Slack-sized pages with every row once, in order', () => {
    const pages = renderMessage(message('Unexplained absences: 300', header('Unexplained absences, Mon 23 Nov AM'), list(pupilRows(300))));
    expect(pages.length).toBeGreaterThan(6);
    for (const [i, page] of pages.entries()) {
      expect(blockKitProblems(json(page.blocks), 50)).toEqual([]);
      expect(texts(page.blocks.at(-1))).toEqual([`Page ${i + 1} of ${pages.length}`]);
      expect(page.text).toBe(`Unexplained absences: 300 (page ${i + 1} of ${pages.length})`);
      if (i > 0) expect(texts(page.blocks[0])).toEqual(['*Unexplained absences, Mon 23 Nov AM* (continued)']);
    }
    const values = pages.flatMap((p) => p.blocks).flatMap((b) => ('accessory' in b && b.accessory && 'value' in b.accessory ? [b.accessory.value] : []));
    expect(values).toEqual(Array.from({ length: 300 }, (_, i) => `case-${i}`));
  });

  it('starts a new page before the ~13k character ceiling when rows are long', () => {
    const rows = pupilRows(40, (i) => `Pupil ${i}: ${'x'.repeat(1800)}`);
    const pages = renderMessage(message('Long', list(rows)));
    expect(pages.length).toBeGreaterThanOrEqual(7);
    for (const page of pages) expect(blockKitProblems(json(page.blocks), 50)).toEqual([]);
  });

  it('keeps a short message as one page without labels', () => {
    const pages = renderMessage(message('One', header('Hello'), text('Just this')));
    expect(pages).toHaveLength(1);
    expect(texts(pages[0]?.blocks)).toEqual(['Hello', 'Just this']);
  });

  it('packs plain rows into shared sections under 3,000 characters and loses none', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ text: `Pupil ${i}: 9 sessions missed this half term` }));
    const pages = renderMessage(message('Plain', list(rows)));
    const blocks = pages.flatMap((p) => p.blocks);
    expect(blocks.filter((b) => b.type === 'section').length).toBeLessThan(10);
    const lines = blocks.filter((b) => b.type === 'section').flatMap((b) => texts(b).join('\n').split('\n'));
    expect(lines).toEqual(rows.map((r) => r.text));
    for (const page of pages) expect(blockKitProblems(json(page.blocks), 50)).toEqual([]);
  });

  it('splits a 10,000-character text at line ends into sections of at most 3,000', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `Line ${i} ${'y'.repeat(40)}`);
    const [page] = renderMessage(message('Text', text(lines.join('\n'))));
    const sections = texts(page?.blocks);
    expect(sections.length).toBeGreaterThan(3);
    for (const s of sections) expect(s.length).toBeLessThanOrEqual(3000);
    expect(sections.join('\n')).toBe(lines.join('\n'));
  });

  it('puts at most 10 fields in a section and 25 elements in an actions block, with unique action ids per block', () => {
    const many = Object.fromEntries(Array.from({ length: 23 }, (_, i) => [`Field ${i}`, `value ${i}`]));
    const buttons = Array.from({ length: 30 }, (_, i) => button('tick', `Letter ${i}`, `task-${i}`));
    const [page] = renderMessage(message('Fields', fields(many), actions(...buttons)));
    const blocks = json(page?.blocks);
    expect(blockKitProblems(blocks, 50)).toEqual([]);
    const fieldCounts = page?.blocks.flatMap((b) => (b.type === 'section' && b.fields ? [b.fields.length] : []));
    expect(fieldCounts).toEqual([10, 10, 3]);
    const actionBlocks = page?.blocks.filter((b) => b.type === 'actions') ?? [];
    expect(actionBlocks.map((b) => (b.type === 'actions' ? b.elements.length : 0))).toEqual([25, 5]);
    const ids = actionBlocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? String(e.action_id) : '')) : []));
    expect(ids.slice(0, 3)).toEqual(['tick', 'tick~2', 'tick~3']);
    expect(new Set(ids.map(decodeActionId))).toEqual(new Set(['tick']));
  });

  it('cuts header and button text to Slack maxima', () => {
    const [page] = renderMessage(message('Cut', header('H'.repeat(200)), actions(button('a', 'B'.repeat(100), 'v'))));
    expect(blockKitProblems(json(page?.blocks), 50)).toEqual([]);
    const [headerText, buttonText] = texts(page?.blocks);
    expect(headerText).toHaveLength(150);
    expect(buttonText).toHaveLength(75);
    expect(buttonText?.endsWith('…')).toBe(true);
  });

  it('refuses a button value Slack would reject instead of cutting it', () => {
    expect(() => renderMessage(message('Big', actions(button('a', 'A', 'v'.repeat(2001)))))).toThrow(SlackRenderError);
  });

  it('refuses a select with more than 100 options', () => {
    const options = Array.from({ length: 101 }, (_, i) => ({ label: `o${i}`, value: `o${i}` }));
    expect(() => renderMessage(message('Sel', actions(select('pick', 'Pick', options))))).toThrow(SlackRenderError);
  });
});

describe('mrkdwn', () => {
  it.each([
    ['**Amy** & <Ben>', '*Amy* &amp; &lt;Ben&gt;'],
    ['see [the policy](https://school.example/policy?a=1|2)', 'see <https://school.example/policy?a=1%7C2|the policy>'],
    ['claimed by {{user:U123}}', 'claimed by <@U123>'],
    ['_late_ and `L` code', '_late_ and `L` code'],
    ['snake_case_name stays', 'snake_case_name stays'],
  ])('%s', (input, expected) => {
    expect(toMrkdwn(input)).toBe(expected);
  });
});

describe('renderHome and renderModal', () => {
  it('fits the home tab in 100 blocks and says when rows were left out', () => {
    const home = renderHome(message('Home', header('Your cases'), list(pupilRows(300))));
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    expect(blockKitProblems(json(home.blocks), 100)).toEqual([]);
    expect(texts(home.blocks.at(-1))[0]).toMatch(/more screen\(s\) left out/);
  });

  it('renders inputs with block_id = action_id = input id, and the select initial option', () => {
    const view = renderModal({
      callbackId: 'close-case',
      title: 'Close the case for Amy Smith today',
      submitLabel: 'Close case',
      inputs: [
        { kind: 'select', id: 'code', label: 'Code', options: [{ label: 'I illness', value: 'I' }, { label: 'M medical', value: 'M' }], initialValue: 'M' },
        { kind: 'multiline', id: 'note', label: 'Note', optional: true, maxLength: 500 },
      ],
      privateMetadata: 'case-1',
    });
    expect(view.title.text).toHaveLength(24);
    expect(view.callback_id).toBe('close-case');
    expect(view.private_metadata).toBe('case-1');
    expect(view.blocks).toMatchObject([
      { type: 'input', block_id: 'code', optional: false, element: { type: 'static_select', action_id: 'code', initial_option: { value: 'M' } } },
      { type: 'input', block_id: 'note', optional: true, element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 500 } },
    ]);
  });

  it('refuses private metadata over 3,000 characters', () => {
    expect(() => renderModal({ callbackId: 'x', title: 't', submitLabel: 's', inputs: [], privateMetadata: 'm'.repeat(3001) })).toThrow(SlackRenderError);
  });
});
