// The compiled build (bin/build.js): dist/ mirrors src/ as JavaScript that runs on plain Node; it is
// rebuilt only when a source changed, files whose source is gone leave with it, and processes starting
// together build once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../bin/build.js';

let root: string;
const file = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
const stampTime = () => statSync(join(root, 'dist', '.built')).mtimeMs;
const age = (path: string, seconds: number) => {
  const t = new Date(Date.now() - seconds * 1000);
  utimesSync(join(root, path), t, t);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rollcall-build-'));
  file('package.json', '{"type":"module"}');
  file('src/cli/main.ts', "import { greet } from '../words/greet.js';\nconst name: string = 'school';\nconsole.log(greet(name));\n");
  file('src/words/greet.ts', 'export const greet = (who: string): string => `hello ${who}`;\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('compiled build', () => {
  it('compiles src to dist as JavaScript that plain Node runs', async () => {
    await ensureBuilt({ quiet: true, root });
    expect(execFileSync(process.execPath, [join(root, 'dist/cli/main.js')], { encoding: 'utf8' })).toBe('hello school\n');
  });

  it('builds again only when a source is newer than the last build', async () => {
    for (const path of ['src/cli/main.ts', 'src/words/greet.ts', 'src/cli', 'src/words', 'src']) age(path, 60);
    await ensureBuilt({ quiet: true, root });
    const first = stampTime();
    await ensureBuilt({ quiet: true, root });
    expect(stampTime()).toBe(first);
    file('src/words/greet.ts', 'export const greet = (who: string): string => `good morning ${who}`;\n');
    await ensureBuilt({ quiet: true, root });
    expect(stampTime()).toBeGreaterThan(first);
    expect(execFileSync(process.execPath, [join(root, 'dist/cli/main.js')], { encoding: 'utf8' })).toBe('good morning school\n');
  });

  it('removes what was compiled from a deleted source', async () => {
    file('src/words/old.ts', 'export const old = 1;\n');
    await ensureBuilt({ quiet: true, root });
    expect(existsSync(join(root, 'dist/words/old.js'))).toBe(true);
    unlinkSync(join(root, 'src/words/old.ts'));
    await ensureBuilt({ quiet: true, root });
    expect(existsSync(join(root, 'dist/words/old.js'))).toBe(false);
    expect(existsSync(join(root, 'dist/words/greet.js'))).toBe(true);
  });

  it('builds once when several processes start at the same moment', async () => {
    await Promise.all([ensureBuilt({ quiet: true, root }), ensureBuilt({ quiet: true, root }), ensureBuilt({ quiet: true, root })]);
    expect(existsSync(join(root, '.dist-building'))).toBe(false);
    expect(execFileSync(process.execPath, [join(root, 'dist/cli/main.js')], { encoding: 'utf8' })).toBe('hello school\n');
  });
});
