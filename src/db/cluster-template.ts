// A new embedded database starts from a copy of an empty PostgreSQL cluster made once at install time
// (`npm run build`, bin/build.js), not from initdb: initdb inside PGlite costs ~6 s of CPU and ~750 MB of
// memory, most of a first start, where restoring the copy costs ~1.5 s and ~300 MB. The copy is named by
// the PGlite version that made it (a data folder is tied to PGlite's PostgreSQL). Without it (installed
// with --ignore-scripts, or a different PGlite), PGlite runs initdb as before.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

function pgliteVersion(): string {
  const manifest = resolve(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '../package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** Where bin/build.js writes the copy (the same name there). */
export function clusterTemplatePath(): string {
  return resolve(import.meta.dirname, '../../dist', `pglite-cluster-${pgliteVersion()}.tar.gz`);
}

export function clusterTemplate(): Blob | undefined {
  const path = clusterTemplatePath();
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}
