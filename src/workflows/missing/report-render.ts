// Markdown and HTML renderings of the incident report. Everything that came from a person (last seen,
// where found, notes, names) is escaped: HTML entities in HTML, Markdown's own characters in Markdown.
import type { ReportBlock, ReportDoc } from './report-doc.js';

export function reportMarkdown(doc: ReportDoc): string {
  const out: string[] = [`# ${md(doc.title)}`, ''];
  for (const b of doc.blocks) out.push(...markdownBlock(b), '');
  return `${out.join('\n').trimEnd()}\n`;
}

function markdownBlock(b: ReportBlock): string[] {
  switch (b.kind) {
    case 'heading':
      return [`## ${md(b.text)}`];
    case 'paragraph':
      return [md(b.text)];
    case 'facts':
      return b.rows.map(([label, value]) => `- **${md(label)}:** ${md(value)}`);
    case 'table':
      if (b.rows.length === 0) return [`_${md(b.emptyText)}_`];
      return [
        `| ${b.columns.map(cell).join(' | ')} |`,
        `| ${b.columns.map(() => '---').join(' | ')} |`,
        ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
      ];
  }
}

/** Markdown's inline specials escaped, so "a *b* [c](d)" typed by staff prints as typed. */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, ' ');
}

function cell(text: string): string {
  return md(text);
}

export function reportHtml(doc: ReportDoc): string {
  const body = doc.blocks.map(htmlBlock).join('\n');
  return [
    '<!doctype html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${html(doc.title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}'
      + 'table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}'
      + 'th{background:#eee}dt{font-weight:bold;float:left;clear:left;width:12rem}dd{margin:0 0 .3rem 12.5rem}</style>',
    '</head>',
    '<body>',
    `<h1>${html(doc.title)}</h1>`,
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function htmlBlock(b: ReportBlock): string {
  switch (b.kind) {
    case 'heading':
      return `<h2>${html(b.text)}</h2>`;
    case 'paragraph':
      return `<p>${html(b.text)}</p>`;
    case 'facts':
      return `<dl>\n${b.rows.map(([label, value]) => `<dt>${html(label)}</dt><dd>${html(value)}</dd>`).join('\n')}\n</dl>`;
    case 'table':
      if (b.rows.length === 0) return `<p><em>${html(b.emptyText)}</em></p>`;
      return [
        '<table>',
        `<thead><tr>${b.columns.map((c) => `<th>${html(c)}</th>`).join('')}</tr></thead>`,
        '<tbody>',
        ...b.rows.map((r) => `<tr>${r.map((c) => `<td>${html(c)}</td>`).join('')}</tr>`),
        '</tbody>',
        '</table>',
      ].join('\n');
  }
}

export function html(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}
