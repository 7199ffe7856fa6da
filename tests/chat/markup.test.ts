// Text people typed, put into markup with literal(), comes out as the same characters on every surface:
// never a mention, a link, an image, bold or a tag, while Rollcall's own markup around it still works.
import { describe, expect, it } from 'vitest';
import { messageHtml } from '../../src/chat/local/render-html.js';
import { renderText } from '../../src/chat/local/render-text.js';
import { parseInline, stripMarkup } from '../../src/chat/markup.js';
import { literal, message, text } from '../../src/chat/model.js';
import { renderMessage as renderSlack } from '../../src/chat/slack/render.js';
import { Mentions, toTeamsMarkdown } from '../../src/chat/teams/markdown.js';

const TYPED = [
  '{{user:U0HEAD}}',
  '[Click to verify](https://evil.example/login)',
  '![x](https://evil.example/x.png)',
  '<!channel> <!here> <@U0HEAD>',
  '<img src=x onerror=alert(1)> &lt;b&gt;',
  '**loud** _quiet_ `code` a\\b {braces}',
];

describe('literal text in markup', () => {
  it.each(TYPED)('%s is one plain span, whatever surrounds it', (typed) => {
    const spans = parseInline(`**Last seen:** ${literal(typed)}`);
    expect(spans).toEqual([{ kind: 'bold', text: 'Last seen:' }, { kind: 'plain', text: ` ${typed}` }]);
    expect(stripMarkup(literal(typed))).toBe(typed);
    expect(parseInline(`_${literal(typed)}_`)).toEqual([{ kind: 'italic', text: typed }]);
  });

  it('still reads Rollcall\'s own markup', () => {
    expect(parseInline('**a** _b_ `c` [d](https://e.example) {{user:U1}} \\*x\\*')).toEqual([
      { kind: 'bold', text: 'a' }, { kind: 'plain', text: ' ' }, { kind: 'italic', text: 'b' }, { kind: 'plain', text: ' ' },
      { kind: 'code', text: 'c' }, { kind: 'plain', text: ' ' }, { kind: 'link', label: 'd', url: 'https://e.example' }, { kind: 'plain', text: ' ' },
      { kind: 'mention', userId: 'U1' }, { kind: 'plain', text: ' *x*' },
    ]);
  });

  const note = message(`Note: ${literal(TYPED.join(' '))}`, text(`**Note** ${literal(TYPED.join(' '))}`));

  it('on Slack: no <@mention>, <link|label> or <!channel>, in the blocks or the notification text', () => {
    const json = JSON.stringify(renderSlack(note));
    expect(json).not.toMatch(/<@|<!|<https?:/);
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('[Click to verify](https://evil.example/login)');
  });

  it('on Teams: Markdown characters escaped, no mention entity, no tag', () => {
    const mentions = new Mentions();
    const md = toTeamsMarkdown(`**Note** ${literal(TYPED.join(' '))}`, mentions);
    expect(md.startsWith('**Note** ')).toBe(true);
    expect(md).toContain('\\[Click to verify\\](https://evil.example/login)');
    expect(md).toContain('!\\[x\\]');
    expect(md).toContain('\\*\\*loud\\*\\*');
    expect(md).not.toContain('<img');
    expect(mentions.usedIn(md)).toEqual([]);
  });

  it('on the local page and terminal: escaped HTML, the characters as typed', () => {
    const html = messageHtml(note);
    expect(html).not.toMatch(/<a |<img|<b>@/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt;');
    expect(renderText(note)).toContain(TYPED.join(' '));
  });
});
