// The dependency direction of ARCHITECTURE.md, checked: cli/app/jobs/chat -> workflows -> reports,
// register, policy -> rules. Pure rules import nothing of ours; nothing below the workflows reaches up;
// only the database layer and persistence code import Prisma; workflows never see a chat platform.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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

/** Each file's imports as top-level src folders ('rules', 'db'...) or package names. */
const graph = sourceFiles(SRC).map((path) => {
  const from = relative(SRC, path).split('\\').join('/');
  const text = readFileSync(path, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  const targets = specifiers.map((s) => (s.startsWith('.') ? relative(SRC, resolve(dirname(path), s)).split('\\').join('/') : `pkg:${s}`));
  return { from, folder: from.split('/')[0]!, targets };
});

function violations(folders: string[], allowed: (target: string) => boolean): string[] {
  return graph.filter((f) => folders.includes(f.folder)).flatMap((f) => f.targets.filter((t) => !allowed(t)).map((t) => `${f.from} -> ${t}`));
}

const inFolder = (...names: string[]) => (t: string) => names.some((n) => t === n || t.startsWith(`${n}/`));
const pkg = (...names: string[]) => (t: string) => names.some((n) => t === `pkg:${n}` || t.startsWith(`pkg:${n}/`));
const any = (...checks: ((t: string) => boolean)[]) => (t: string) => checks.some((c) => c(t));

describe('dependency direction', () => {
  it('sees the source tree', () => {
    expect([...new Set(graph.map((f) => f.folder))]).toEqual(expect.arrayContaining(['rules', 'policy', 'register', 'workflows', 'chat', 'jobs', 'app', 'db', 'cli']));
  });

  it('rules are pure: nothing but other rules and node built-ins', () => {
    expect(violations(['rules'], any(inFolder('rules')))).toEqual([]);
  });

  it('policy reads only rules (and YAML/zod)', () => {
    expect(violations(['policy'], any(inFolder('rules', 'policy'), pkg('zod', 'yaml', 'node:fs', 'node:url', 'node:path')))).toEqual([]);
  });

  it('register and reports sit on policy, rules and the database, never on workflows, chat or the app', () => {
    const forbidden = inFolder('workflows', 'chat', 'app', 'cli', 'jobs');
    expect(violations(['register', 'reports'], (t) => !forbidden(t))).toEqual([]);
  });

  it('workflows never import a chat platform, the CLI or another workflow (the digest may read tiers; the MIS feed refreshes the unexplained lists)', () => {
    const otherWorkflow = (from: string, t: string) => {
      const [a, b] = [from.split('/')[1], t.split('/')[1]];
      return t.startsWith('workflows/') && a !== b && !(a === 'digest' && b === 'tiers') && !(a === 'mis' && b === 'unexplained');
    };
    const bad = (from: string, t: string) =>
      inFolder('chat/slack', 'chat/teams', 'chat/local', 'cli')(t) || pkg('@slack', '@microsoft', 'botbuilder')(t) || otherWorkflow(from, t);
    const found = graph.filter((f) => f.folder === 'workflows').flatMap((f) => f.targets.filter((t) => bad(f.from, t)).map((t) => `${f.from} -> ${t}`));
    expect(found).toEqual([]);
  });

  it('the MIS connectors (src/mis) sit on register, policy, rules and the database: never workflows, chat, jobs or the app', () => {
    const forbidden = inFolder('workflows', 'chat', 'app', 'cli', 'jobs', 'core');
    expect(violations(['mis'], (t) => !forbidden(t))).toEqual([]);
  });

  it('jobs know nothing of chat or workflows', () => {
    expect(violations(['jobs'], (t) => !inFolder('chat', 'workflows', 'app', 'cli')(t))).toEqual([]);
  });

  it('only the database layer and persistence code import Prisma', () => {
    expect(violations(['rules', 'policy', 'chat', 'cli'], (t) => !pkg('@prisma', 'pg', '@electric-sql')(t) && !inFolder('db/generated')(t))).toEqual([]);
  });
});
