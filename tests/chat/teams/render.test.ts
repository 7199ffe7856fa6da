import { describe, expect, it } from 'vitest';
import { actions, button, context, divider, fields, header, list, mention, message, select, text, type ListRow, type Modal } from '../../../src/chat/model.js';
import { TEAMS_LIMITS } from '../../../src/chat/teams/limits.js';
import { Mentions, toTeamsMarkdown } from '../../../src/chat/teams/markdown.js';
import { FORM_DATA_KEY, renderForm, renderMessage, type AdaptiveCard } from '../../../src/chat/teams/render.js';
import { TeamsRenderError } from '../../../src/chat/teams/render-elements.js';
import { adaptiveCardProblems, shownText, type Json } from '../../support/fake-bot-connector.js';
import { executeActions, isRecord } from './scene.js';

function json(card: AdaptiveCard): Json {
  return JSON.parse(JSON.stringify(card)) as Json;
}

/** Elements of a card (recursively), in document order. */
function elements(card: AdaptiveCard): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  const walk = (v: Json): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isRecord(v)) return;
    if (typeof v['type'] === 'string') out.push(v);
    for (const k of ['body', 'items', 'columns', 'actions', 'card']) if (k in v) walk(v[k] ?? null);
    return undefined;
  };
  walk(json(card));
  return out.slice(1);
}

const sign = () => 'test-signature';

function pupilRows(n: number, textFor: (i: number) => string = (i) => `**Pupil ${i}** (Year ${1 + (i % 6)}) absent, no reason`): ListRow[] {
  return Array.from({ length: n }, (_, i) => ({ text: textFor(i), controls: [button('claim', 'Claim', `case-${i}`)] }));
}

describe('Teams markdown', () => {
  const names = new Map([['aad-amy', 'Amy Shah']]);
  it.each([
    // Typed < cannot open a tag (<at>, <img>): a zero-width space follows it.
    ['**Amy** & <Ben>', '**Amy** & <\u200bBen>'],
    ['see [the policy](https://school.example/policy?year=2026)', 'see [the policy](https://school.example/policy?year=2026)'],
    ['claimed by {{user:aad-amy}}', 'claimed by <at>Amy Shah</at>'],
    ['claimed by {{user:aad-unknown}}', 'claimed by <at>aad-unknown</at>'],
    ['_late_ and `L` code', '_late_ and L code'],
    // Teams italicises inside words (App_Pool_01), so Markdown's characters in plain text are escaped.
    ['snake_case_name stays', 'snake\\_case\\_name stays'],
    ['2 * 3 = [6]', '2 \\* 3 = \\[6\\]'],
  ])('%s', (input, expected) => {
    expect(toTeamsMarkdown(input, new Mentions((id) => names.get(id)))).toBe(expected);
  });

  it('gives each card the mention entities its own text uses', () => {
    const pages = renderMessage(message('Claims', list(pupilRows(200, (i) => (i === 0 ? `Pupil 0 claimed by ${mention('aad-amy')}` : `Pupil ${i}`)))), { names: (id) => names.get(id) });
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]?.card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Amy Shah</at>', mentioned: { id: 'aad-amy', name: 'Amy Shah' } }]);
    expect(pages[1]?.card.msteams.entities).toBeUndefined();
  });
});

describe('renderMessage', () => {
  it('renders a short message as one valid 1.5 card: header, facts, one TextBlock per line, divider, context', () => {
    const pages = renderMessage(message('Ben missing', header('Missing pupil: Ben Jones'), fields({ 'Last seen': 'Library, 10:05', Year: '5' }), text('Search started.\nCall home at 10:25.'), divider, context('Incident 7')));
    expect(pages).toHaveLength(1);
    const card = pages[0]?.card;
    if (!card) throw new Error('no card');
    expect(adaptiveCardProblems(json(card))).toEqual([]);
    expect(card.fallbackText).toBe('Ben missing');
    expect(card.body).toEqual([
      { type: 'TextBlock', text: 'Missing pupil: Ben Jones', weight: 'Bolder', size: 'Large', wrap: true },
      { type: 'FactSet', facts: [{ title: 'Last seen', value: 'Library, 10:05' }, { title: 'Year', value: '5' }] },
      { type: 'TextBlock', text: 'Search started.', wrap: true },
      { type: 'TextBlock', text: 'Call home at 10:25.', wrap: true, spacing: 'None' },
      { type: 'TextBlock', text: 'Incident 7', wrap: true, isSubtle: true, size: 'Small', separator: true, spacing: 'Medium' },
    ]);
  });

  it('puts row buttons beside their row as Universal Actions carrying the value, with styles and confirmations', () => {
    const rows: ListRow[] = [
      { text: 'Amy Smith', controls: [button('claim', 'Claim', 'case-amy', { style: 'primary' })] },
      { text: 'Ben Jones', controls: [button('police', 'Call police', 'inc-7', { style: 'danger', confirm: { title: 'Call the police?', text: 'This records the time.', confirm: 'Yes, call', deny: 'Not yet' } })] },
      { text: 'Cat Patel', controls: [select('code', 'Pick a code', [{ label: 'I illness', value: 'I' }, { label: 'M medical', value: 'M' }], 'M')] },
    ];
    const [page] = renderMessage(message('List', list(rows), list([], 'Nobody else is absent.')));
    if (!page) throw new Error('no card');
    expect(adaptiveCardProblems(json(page.card))).toEqual([]);
    const all = elements(page.card);
    expect(all.filter((e) => e['type'] === 'ColumnSet').length).toBeGreaterThanOrEqual(2);
    expect(all.find((e) => e['type'] === 'Action.Execute' && e['verb'] === 'claim')).toMatchObject({ title: 'Claim', data: { value: 'case-amy' }, style: 'positive' });
    const showCard = all.find((e) => e['type'] === 'Action.ShowCard');
    expect(showCard).toMatchObject({ title: 'Call police' });
    expect(executeActions(showCard)).toEqual([{ verb: 'police', data: { value: 'inc-7' } }]);
    expect(shownText(showCard ?? null)).toContain('This records the time.');
    const choice = all.find((e) => e['type'] === 'Input.ChoiceSet');
    expect(choice).toMatchObject({ value: 'M', choices: [{ title: 'I illness', value: 'I' }, { title: 'M medical', value: 'M' }] });
    expect(executeActions(page.card).find((a) => a.verb === 'code')?.data).toEqual({ input: choice?.['id'] });
    expect(shownText(json(page.card))).toContain('Nobody else is absent.');
  });

  it('splits a 300-row list into cards under Teams’ size limit, every row once and in order, labelled by page', () => {
    const pages = renderMessage(message('Unexplained absences: 300', header('Unexplained absences, Mon 23 Nov AM'), list(pupilRows(300))));
    expect(pages.length).toBeGreaterThan(2);
    for (const [i, page] of pages.entries()) {
      expect(adaptiveCardProblems(json(page.card))).toEqual([]);
      expect(Buffer.byteLength(JSON.stringify(page.card))).toBeLessThan(TEAMS_LIMITS.cardBytes + 1_000);
      expect(page.card.body.at(-1)).toMatchObject({ text: `Page ${i + 1} of ${pages.length}` });
      expect(page.summary).toBe(`Unexplained absences: 300 (page ${i + 1} of ${pages.length})`);
      if (i > 0) expect(page.card.body[0]).toMatchObject({ text: '**Unexplained absences, Mon 23 Nov AM** (continued)' });
    }
    const values = pages.flatMap((p) => executeActions(p.card).map((a) => a.data['value']));
    expect(values).toEqual(Array.from({ length: 300 }, (_, i) => `case-${i}`));
  });

  it('starts a new card before the limit when rows are long, and cuts a single enormous line', () => {
    const pages = renderMessage(message('Long', list(pupilRows(40, (i) => `Pupil ${i}: ${'x'.repeat(1_800)}`)), text('y'.repeat(9_000))));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) expect(Buffer.byteLength(JSON.stringify(page.card))).toBeLessThan(28 * 1024);
    expect(JSON.stringify(pages.at(-1)?.card)).toContain('y…');
  });

  it('keeps select input ids unique across every card of a message', () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({ text: `Task ${i} ${'z'.repeat(200)}`, controls: [select('tick', 'Done?', [{ label: 'Yes', value: `t${i}` }])] }));
    const ids = renderMessage(message('Tasks', list(rows))).flatMap((p) => elements(p.card).filter((e) => e['type'] === 'Input.ChoiceSet').map((e) => e['id']));
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
  });

  it('puts at most six buttons in a row of actions', () => {
    const [page] = renderMessage(message('Letters', actions(...Array.from({ length: 14 }, (_, i) => button('tick', `Letter ${i}`, `task-${i}`)))));
    const sets = page ? elements(page.card).filter((e) => e['type'] === 'ActionSet') : [];
    expect(sets.map((s) => (Array.isArray(s['actions']) ? s['actions'].length : 0))).toEqual([6, 6, 2]);
  });

  it.each([
    ['a button value Teams would carry as data', () => message('Big', actions(button('a', 'A', 'v'.repeat(2_001))))],
    ['a select with more than 100 options', () => message('Sel', actions(select('pick', 'Pick', Array.from({ length: 101 }, (_, i) => ({ label: `o${i}`, value: `o${i}` })))))],
    ['an action id that looks like a form submit', () => message('View', actions(button('view:reason', 'Go', 'x')))],
  ])('refuses %s instead of cutting it', (_label, build) => {
    expect(() => renderMessage(build())).toThrow(TeamsRenderError);
  });
});

describe('renderForm', () => {
  const modal: Modal = {
    callbackId: 'close-case',
    title: 'Close the case for Amy Smith',
    submitLabel: 'Close case',
    intro: [text('Amy Smith, Year 3, absent AM')],
    inputs: [
      { kind: 'select', id: 'code', label: 'Code', options: [{ label: 'I illness', value: 'I' }, { label: 'M medical', value: 'M' }], initialValue: 'M' },
      { kind: 'multiline', id: 'note', label: 'Note', optional: true, maxLength: 500, placeholder: 'What the parent said' },
    ],
    privateMetadata: 'case-1',
  };

  it('renders inputs with the form’s ids and a signed submit carrying the form back', () => {
    const card = renderForm(modal, { posted: true, sign });
    expect(adaptiveCardProblems(json(card))).toEqual([]);
    const all = elements(card);
    expect(all.find((e) => e['id'] === 'code')).toMatchObject({ type: 'Input.ChoiceSet', label: 'Code', isRequired: true, value: 'M' });
    expect(all.find((e) => e['id'] === 'note')).toMatchObject({ type: 'Input.Text', isMultiline: true, isRequired: false, maxLength: 500, placeholder: 'What the parent said' });
    expect(executeActions(card)).toEqual([{ verb: 'view:close-case', data: { [FORM_DATA_KEY]: JSON.parse(JSON.stringify({ form: modal, posted: true, sig: 'test-signature' })) as Json } }]);
    expect(shownText(json(card))).toContain('Amy Smith, Year 3, absent AM');
  });

  it('shows a refused submission again: the values given and each problem under its input', () => {
    const card = renderForm(modal, { posted: false, sign, values: { code: 'I', note: 'ok' }, errors: { note: 'Write at least a few words', _form: 'Check the code' } });
    const all = elements(card);
    expect(all.find((e) => e['id'] === 'code')?.['value']).toBe('I');
    const note = all.findIndex((e) => e['id'] === 'note');
    expect(all[note]?.['value']).toBe('ok');
    expect(all[note + 1]).toMatchObject({ type: 'TextBlock', text: 'Write at least a few words', color: 'Attention' });
    expect(all.some((e) => e['text'] === 'Check the code')).toBe(true);
  });

  it.each([
    ['private metadata over 3,000 characters', { ...modal, privateMetadata: 'm'.repeat(3_001) }],
    ['an input named like the form’s own data', { ...modal, inputs: [{ kind: 'text' as const, id: FORM_DATA_KEY, label: 'x' }] }],
  ])('refuses %s', (_label, bad) => {
    expect(() => renderForm(bad, { posted: false, sign })).toThrow(TeamsRenderError);
  });
});
