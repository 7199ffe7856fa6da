// Every folder of src/ says in a README what it owns and what it may import, and the files a README
// names are files that exist (a README still naming a file after a rename or a merge is out of date).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(ROOT, 'src');

function readmes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : readmes(path);
    return entry.name === 'README.md' ? [path] : [];
  });
}

describe('folder READMEs', () => {
  const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());

  it('finds the folders of src/', () => {
    expect(folders).toEqual(expect.arrayContaining(['rules', 'workflows', 'chat', 'core', 'app']));
  });

  it.each(folders)('src/%s has a README', (folder) => {
    expect(existsSync(join(SRC, folder, 'README.md'))).toBe(true);
  });

  it.each(readmes(SRC).map((path) => [relative(ROOT, path), path]))('%s names only files that exist', (_name, path) => {
    const named = [...readFileSync(path, 'utf8').matchAll(/`([\w./-]+\.(?:ts|md|yaml))`/g)].map((m) => m[1]!);
    // A name is read from the README's folder, from src/, or from the repository root.
    const missing = named.filter((name) => ![dirname(path), SRC, ROOT].some((base) => existsSync(join(base, name))));
    expect(missing).toEqual([]);
  });
});
