// The dependency rules of the folder READMEs, checked on one import graph of src/. The graph comes from
// TypeScript's own import scanner (static imports, re-exports, `import type` and dynamic `import()`),
// so every rule below reads the same edges; a graph that finds nothing fails instead of passing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const posix = (path: string) => path.split('\\').join('/');

/** A package's name from an import specifier: 'node:fs', 'zod', '@slack/bolt'. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

interface Edge {
  from: string;
  /** A file under src/ (e.g. 'core/workflow.ts'), or 'pkg:<name>'. */
  to: string;
}

/** Every import of every source file under src/ (db/generated aside: Prisma writes it). */
function importGraph(root: string): Edge[] {
  return sourceFiles(root).flatMap((path) => {
    const from = posix(relative(root, path));
    const { importedFiles } = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
    return importedFiles.map(({ fileName }): Edge => ({
      from,
      to: fileName.startsWith('.') ? posix(relative(root, resolve(dirname(path), fileName))).replace(/\.js$/, '.ts') : `pkg:${packageOf(fileName)}`,
    }));
  });
}

/** The module a file belongs to: its top-level folder, except that each chat adapter is a module of its own. */
function moduleOf(file: string): string {
  const [top = '', second = ''] = file.split('/');
  return top === 'chat' && ['slack', 'teams', 'local'].includes(second) ? `chat/${second}` : top;
}

/** What each module may import besides itself, lowest first. A module not listed here fails the test. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  rules: [],
  errors: [],
  db: [],
  chat: ['errors'],
  policy: ['rules'],
  register: ['rules', 'policy', 'db', 'errors'],
  reports: ['rules', 'policy', 'db'],
  jobs: ['db'],
  mis: ['rules', 'policy', 'db', 'register'],
  core: ['rules', 'policy', 'db', 'register', 'jobs', 'chat', 'errors'],
  workflows: ['rules', 'policy', 'db', 'register', 'reports', 'mis', 'jobs', 'chat', 'core', 'errors'],
  'chat/slack': ['chat', 'errors'],
  'chat/teams': ['chat', 'errors'],
  'chat/local': ['chat', 'errors'],
  demo: ['rules', 'policy', 'db', 'register'],
  app: ['rules', 'policy', 'db', 'register', 'reports', 'jobs', 'mis', 'chat', 'chat/slack', 'chat/teams', 'chat/local', 'core', 'workflows', 'errors', 'demo'],
  cli: ['rules', 'policy', 'db', 'register', 'reports', 'jobs', 'mis', 'chat', 'chat/teams', 'core', 'workflows', 'errors', 'demo', 'app'],
};

/** Packages only one part of Rollcall may import: the platform SDKs and the database drivers. */
const PACKAGE_OWNERS: { packages: RegExp; owners: readonly string[] }[] = [
  { packages: /^pkg:@slack\//, owners: ['chat/slack'] },
  { packages: /^pkg:(botbuilder|botframework-|@microsoft\/)/, owners: ['chat/teams'] },
  { packages: /^pkg:(@prisma\/|pg$|@electric-sql\/|pglite-prisma-adapter$)/, owners: ['db'] },
];

const graph = importGraph(SRC);
const files = sourceFiles(SRC).map((path) => posix(relative(SRC, path)));
const inSrc = graph.filter((e) => !e.to.startsWith('pkg:'));

const violations = (bad: (edge: Edge) => boolean) => graph.filter(bad).map((e) => `${e.from} -> ${e.to}`);

describe('the import graph of src/', () => {
  it('is read from every source file, and finds the imports it should', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(new Set(graph.map((e) => e.from)).size).toBeGreaterThan(files.length * 0.9);
    // One of each kind the scanner must see: a relative import, a type-only import, a re-export, a dynamic import, a package.
    expect(graph).toEqual(expect.arrayContaining([
      { from: 'workflows/tiers/index.ts', to: 'core/workflow.ts' },
      { from: 'core/workflow.ts', to: 'chat/router.ts' },
      { from: 'jobs/index.ts', to: 'jobs/outbox.ts' },
      { from: 'chat/slack/app.ts', to: 'pkg:@slack/bolt' },
    ]));
    // Every import of ours names a file that is there (Prisma's generated client is read, not scanned).
    expect(violations((e) => !e.to.startsWith('pkg:') && !existsSync(join(SRC, e.to)))).toEqual([]);
  });

  it('places every folder of src/ in the table of modules', () => {
    const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
    const modules = new Set(files.map(moduleOf));
    expect(folders.filter((f) => !(f in MAY_IMPORT))).toEqual([]);
    expect([...modules].filter((m) => !(m in MAY_IMPORT))).toEqual([]);
    expect(Object.keys(MAY_IMPORT).filter((m) => !modules.has(m))).toEqual([]);
    // ...and the graph reaches each of them: every module in the table imports or is imported.
    const reached = new Set(inSrc.flatMap((e) => [moduleOf(e.from), moduleOf(e.to)]));
    expect(Object.keys(MAY_IMPORT).filter((m) => !reached.has(m))).toEqual([]);
  });
});

describe('dependency direction', () => {
  it.each(Object.keys(MAY_IMPORT))('%s imports only what it may', (module) => {
    const allowed = new Set([module, ...MAY_IMPORT[module]!]);
    expect(violations((e) => moduleOf(e.from) === module && !e.to.startsWith('pkg:') && !allowed.has(moduleOf(e.to)))).toEqual([]);
  });

  it('no workflow reaches into src/app (what workflows share lives in src/core)', () => {
    expect(violations((e) => moduleOf(e.from) === 'workflows' && moduleOf(e.to) === 'app')).toEqual([]);
  });

  it('a workflow imports no other workflow (the digest reads the tiers it reports on; the MIS feed refreshes the unexplained lists)', () => {
    const workflowOf = (file: string) => (file.startsWith('workflows/') ? file.split('/')[1] : undefined);
    const allowed = new Set(['digest -> tiers', 'mis -> unexplained']);
    expect(violations((e) => {
      const [a, b] = [workflowOf(e.from), workflowOf(e.to)];
      return a !== undefined && b !== undefined && a !== b && !allowed.has(`${a} -> ${b}`);
    })).toEqual([]);
  });

  it('rules are pure: they import nothing but other rules, not even node built-ins', () => {
    expect(violations((e) => moduleOf(e.from) === 'rules' && moduleOf(e.to) !== 'rules')).toEqual([]);
  });

  it('no two files import each other, directly or round a loop', () => {
    const next = new Map<string, string[]>();
    for (const e of inSrc) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const to of next.get(file) ?? []) visit(to, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

describe('packages', () => {
  it.each(PACKAGE_OWNERS.map((p) => [p.packages.source, p] as const))('only its owner imports %s', (_name, { packages, owners }) => {
    expect(violations((e) => packages.test(e.to) && !owners.includes(moduleOf(e.from)))).toEqual([]);
  });

  it('the policy reads only YAML, zod and files', () => {
    expect(violations((e) => moduleOf(e.from) === 'policy' && e.to.startsWith('pkg:') && !['pkg:zod', 'pkg:yaml', 'pkg:node:fs', 'pkg:node:url', 'pkg:node:path'].includes(e.to))).toEqual([]);
  });
});
