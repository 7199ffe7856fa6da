// The platform boundary, checked: only src/chat/slack speaks @slack/*, the chat core knows no
// adapter, adapters do not lean on each other, and nothing in chat/ reaches for the database.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].flatMap((m) => (m[1] ? [m[1]] : []));
}

const files = sourceFiles(SRC).map((path) => ({ path, rel: relative(SRC, path).split('\\').join('/') }));

function offenders(inScope: (rel: string) => boolean, forbidden: (specifier: string) => boolean): string[] {
  return files.filter((f) => inScope(f.rel)).flatMap((f) => imports(f.path).filter(forbidden).map((s) => `${f.rel} -> ${s}`));
}

describe('chat boundaries', () => {
  it('finds the chat sources it checks', () => {
    const rels = files.map((f) => f.rel);
    expect(rels).toEqual(expect.arrayContaining(['chat/router.ts', 'chat/slack/app.ts', 'chat/local/port.ts']));
  });

  it('only src/chat/slack imports @slack/*', () => {
    expect(offenders((rel) => !rel.startsWith('chat/slack/'), (s) => s.startsWith('@slack/'))).toEqual([]);
  });

  it('the chat core imports no adapter', () => {
    const core = (rel: string) => rel.startsWith('chat/') && rel.split('/').length === 2;
    expect(offenders(core, (s) => /^\.\/(slack|local|teams)\//.test(s))).toEqual([]);
  });

  it('adapters do not import each other', () => {
    expect(offenders((rel) => rel.startsWith('chat/slack/'), (s) => /\/(local|teams)\//.test(s))).toEqual([]);
    expect(offenders((rel) => rel.startsWith('chat/local/'), (s) => /\/(slack|teams)\//.test(s) || s.startsWith('@slack/'))).toEqual([]);
  });

  it('chat code does not reach for the database', () => {
    expect(offenders((rel) => rel.startsWith('chat/'), (s) => s.startsWith('@prisma/') || /\/db\//.test(s))).toEqual([]);
  });
});
