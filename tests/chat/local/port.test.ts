import { describe, expect, it } from 'vitest';
import { LocalChatPort } from '../../../src/chat/local/port.js';
import { renderModalText, renderText } from '../../../src/chat/local/render-text.js';
import { actions, button, fields, header, list, message, select, text } from '../../../src/chat/model.js';
import { describeChatPortContract } from '../port-contract.js';

describeChatPortContract('local', async () => {
  const port = new LocalChatPort({ print: () => undefined });
  return {
    port,
    shown: (channel) => port.messages(channel).filter((p) => p.visibleTo === undefined).map((p) => renderText(p.message)),
    privateTo: (channel, user) => port.messages(channel, user).filter((p) => p.visibleTo === user).map((p) => renderText(p.message)),
    fileBytes: (id) => port.files.find((f) => f.id === id)?.bytes.length,
    close: async () => undefined,
  };
});

describe('local plain-text rendering', () => {
  it('writes controls the way they are pressed', () => {
    const rendered = renderText(
      message(
        'List',
        header('Unexplained absences'),
        list([{ text: '**Amy Smith** (Year 3)', controls: [button('claim', 'Claim', 'case-amy')] }, { text: 'Ben Jones claimed by {{user:dsl}}' }]),
        fields({ Open: '2', Closed: '1' }),
        actions(select('code', 'Choose code', [{ label: 'I illness', value: 'I' }, { label: 'M medical', value: 'M' }])),
        text('See [policy](https://school.example/p)'),
      ),
    );
    expect(rendered.split('\n')).toEqual([
      '== Unexplained absences ==',
      '  - Amy Smith (Year 3)  [Claim] (claim:case-amy)',
      '  - Ben Jones claimed by @dsl',
      'Open: 2',
      'Closed: 1',
      '{Choose code: I=I illness, M=M medical} (code:<value>)',
      'See policy (https://school.example/p)',
    ]);
  });

  it('describes a form with the line that submits it', () => {
    const rendered = renderModalText({
      callbackId: 'reason',
      title: 'Record the reason',
      submitLabel: 'Save',
      inputs: [
        { kind: 'select', id: 'code', label: 'Code', options: [{ label: 'I illness', value: 'I' }] },
        { kind: 'select', id: 'contact', label: 'Who', options: [{ label: 'Jane Brown (Mother)', value: 'cmabc123def456ghi789' }], optional: true },
        { kind: 'multiline', id: 'note', label: 'Note', optional: true },
      ],
    });
    expect(rendered).toContain('code (a number below): Code\n      1  I illness');
    // Contacts are listed by name, never by their internal id.
    expect(rendered).toContain('contact (a number below, optional): Who\n      1  Jane Brown (Mother)');
    expect(rendered).not.toContain('cmabc123def456ghi789');
    expect(rendered).toContain('note (text, several lines, optional): Note');
    expect(rendered).toContain('submit reason code="..." contact="..." note="..."');
  });

  it('prints every post, update and file to its sink', async () => {
    const printed: string[] = [];
    const port = new LocalChatPort({ print: (t) => printed.push(t) });
    const { externalId } = await port.post('office', message('Hi', text('Hello office')));
    await port.update('office', externalId, message('Hi', text('Hello again')));
    await port.uploadFile('slt', { filename: 'chart.png', title: 'Chart', bytes: new Uint8Array(3) });
    expect(printed).toEqual(['\n#office [m1]\nHello office', '\n#office [m1, updated]\nHello again', '\n#slt [file f2] Chart (chart.png, 3 bytes)']);
  });

  it('prints only the changed lines of a long message updated in place, and the page keeps it whole', async () => {
    const printed: string[] = [];
    const port = new LocalChatPort({ print: (t) => printed.push(t) });
    const rows = (claimed: string) => ['Amy Brown: not claimed', `Ben Jones: ${claimed}`, 'Cat Patel: not claimed', 'Dan Lee: not claimed'].join('\n');
    const { externalId } = await port.post('office', message('List', text(rows('not claimed'))));
    await port.update('office', externalId, message('List', text(rows('claimed by S003'))));
    await port.update('office', externalId, message('List', text(rows('claimed by S003'))));
    expect(printed.slice(1)).toEqual([
      '\n#office [m1, updated] (1 of 4 lines changed)\n~ Ben Jones: claimed by S003',
      '\n#office [m1, updated] (no visible change)',
    ]);
    expect(port.messages('office')[0]?.message).toEqual(message('List', text(rows('claimed by S003'))));
  });
});
