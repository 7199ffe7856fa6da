// Microsoft's Teams libraries change under Rollcall (teams-ai and botbuilder were retired; the Teams SDK
// replaced them), so a move between them must touch one folder: only src/chat/teams may import the
// Teams SDK (or any Bot Framework package), and the Teams adapter leans on no other adapter.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));
const TEAMS_PACKAGES = /^(botbuilder|botframework-|@microsoft\/teams)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({
  rel: relative(SRC, path).split('\\').join('/'),
  imports: [...readFileSync(path, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].flatMap((m) => (m[1] ? [m[1]] : [])),
}));

describe('Teams boundary', () => {
  it('finds the Teams adapter it checks', () => {
    expect(files.map((f) => f.rel)).toEqual(expect.arrayContaining(['chat/teams/app.ts', 'chat/teams/inbound/invoke.ts']));
  });

  it('only src/chat/teams imports @microsoft/teams* (or botbuilder, botframework-*)', () => {
    const outside = files.filter((f) => !f.rel.startsWith('chat/teams/')).flatMap((f) => f.imports.filter((s) => TEAMS_PACKAGES.test(s)).map((s) => `${f.rel} -> ${s}`));
    expect(outside).toEqual([]);
  });

  it('the Teams adapter imports neither Slack nor local mode, nor the database', () => {
    const offenders = files
      .filter((f) => f.rel.startsWith('chat/teams/'))
      .flatMap((f) => f.imports.filter((s) => /\/(slack|local)\//.test(s) || s.startsWith('@slack/') || s.startsWith('@prisma/') || /\/db\//.test(s)).map((s) => `${f.rel} -> ${s}`));
    expect(offenders).toEqual([]);
  });
});
