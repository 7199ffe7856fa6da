// Compiles src/ to dist/ (JavaScript, the same tree), for `rollcall` and `npm start` to run without a
// TypeScript compiler in the process. `npm install` runs it once; `ensureBuilt()` runs it again only when a
// source file or folder is newer than the last build (after a git pull or an edit), which costs a walk of
// src/ (a few milliseconds). Transpiling only (esbuild, about a second): `npm run typecheck` checks types.
//
//   node bin/build.js          build now, and make the empty-database copy new embedded databases start
//                              from (src/db/cluster-template.ts) if this PGlite version has none yet
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');

const paths = (root) => ({ src: join(root, 'src'), dist: join(root, 'dist'), stamp: join(root, 'dist', '.built'), busy: join(root, '.dist-building') });

/** Every .ts file under src, and the newest change among files and folders (a deleted file changes its folder). */
function sources(src) {
  const files = [];
  let newest = 0;
  const walk = (dir) => {
    newest = Math.max(newest, statSync(dir).mtimeMs);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        files.push(path);
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  };
  walk(src);
  return { files, newest };
}

function builtAt(stamp) {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return -1;
  }
}

export async function build({ root = ROOT } = {}) {
  const p = paths(root);
  const { files } = sources(p.src);
  const { build: esbuild } = await import('esbuild');
  // Written in place (a running app may still load a module from dist/), then files whose source is gone removed.
  await esbuild({ entryPoints: files, outdir: p.dist, outbase: p.src, format: 'esm', platform: 'node', target: 'node20.19', logLevel: 'warning' });
  const expected = new Set(files.map((f) => join(p.dist, relative(p.src, f)).replace(/\.ts$/, '.js')));
  const prune = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) prune(path);
      else if (entry.name.endsWith('.js') && !expected.has(path)) rmSync(path);
    }
  };
  prune(p.dist);
  writeFileSync(p.stamp, `${new Date().toISOString()}\n`);
}

/**
 * An empty PostgreSQL cluster made by PGlite's initdb, saved for new embedded databases to start from
 * (src/db/cluster-template.ts reads it by the same name). initdb's ~750 MB and ~6 s are spent here, once.
 */
export async function makeClusterTemplate({ root = ROOT } = {}) {
  const manifest = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
  const dist = paths(root).dist;
  const file = join(dist, `pglite-cluster-${version}.tar.gz`);
  if (existsSync(file)) return;
  for (const old of readdirSync(dist)) if (/^pglite-cluster-.*\.tar\.gz$/.test(old)) rmSync(join(dist, old));
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: 'memory://' });
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  // Whole or not at all: a start never reads half a file.
  writeFileSync(`${file}.tmp`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${file}.tmp`, file);
}

function isStale(p) {
  let src;
  try {
    src = sources(p.src);
  } catch {
    return builtAt(p.stamp) < 0; // no src/ (a copy of dist alone): run what is there
  }
  return src.newest >= builtAt(p.stamp); // equal: changed within the clock tick of the last build
}

/** Builds when dist/ is missing or older than src/; one process builds while any others wait for it. */
export async function ensureBuilt({ quiet = false, root = ROOT } = {}) {
  const p = paths(root);
  for (let waited = 0; isStale(p); waited += 100) {
    try {
      mkdirSync(p.busy);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // Another process is building; one that died mid-build leaves its marker, cleared after a minute.
      if (waited > 60_000) rmSync(p.busy, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      if (!isStale(p)) return;
      if (!quiet) process.stderr.write('Building Rollcall (after an install or an update; takes a few seconds)...\n');
      await build({ root });
    } finally {
      rmdirSync(p.busy);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await build();
  await makeClusterTemplate();
}
