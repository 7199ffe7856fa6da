// Dev-only bridge to Prisma's schema engine compiled to WebAssembly.
//
// Why this exists: Prisma's CLI downloads a native schema-engine binary for `migrate dev`/`migrate diff`,
// which cannot be fetched on our machines. The WASM build of the same engine ships inside an npm package
// and can diff schemas and migration folders through a driver adapter. Node 20 cannot import its `.wasm`
// entry directly, so we instantiate it by hand with its JS glue. Its JS interface is internal to Prisma:
// the package is pinned exactly in package.json and used only by the dev commands (new / check migration).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

type Engine = glue.SchemaEngine;

async function loadWasm(): Promise<typeof glue> {
  const require = createRequire(import.meta.url);
  const wasmPath = join(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/schema_engine_bg\.js$/, ''), 'schema_engine_bg.wasm');
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

/**
 * A driver-adapter factory for the engine. The engine calls `connect` unbound (so methods must not need
 * `this`), and pglite-prisma-adapter's executeScript does not await the script, which would hide a failing
 * migration; both are fixed here.
 */
function engineAdapter(db: PGlite, shadow: PGlite) {
  const open = async (client: PGlite) => {
    const adapter = await new PrismaPGlite(client).connect();
    adapter.executeScript = async (script: string) => {
      await client.exec(script);
    };
    return adapter;
  };
  // The engine expects the error-capturing (Result-returning) form Prisma's own client builds.
  return bindMigrationAwareSqlAdapterFactory({
    provider: 'postgres',
    adapterName: 'rollcall-pglite',
    connect: () => open(db),
    connectToShadowDb: () => open(shadow),
  });
}

export const root = resolve(import.meta.dirname, '../../..');
export const schemaPath = join(root, 'prisma/schema.prisma');
export const migrationsDir = join(root, 'prisma/migrations');

export function readSchema(): { path: string; content: string } {
  return { path: schemaPath, content: readFileSync(schemaPath, 'utf8') };
}

export function migrationList(): glue.MigrationList {
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  const dirs = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8') } },
    })),
  } as glue.MigrationList;
}

/** SQL that takes the database described by the migrations folder to the one described by schema.prisma. */
export async function diffMigrationsToSchema(): Promise<string> {
  const g = await loadWasm();
  const schema = readSchema();
  const db = new PGlite();
  const shadow = new PGlite();
  const engine: Engine = await g.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => undefined,
    engineAdapter(db, shadow),
  );
  const hasMigrations = migrationList().migrationDirectories.length > 0;
  const result = await engine.diff({
    from: hasMigrations ? { tag: 'migrations', ...migrationList() } : { tag: 'empty' },
    to: { tag: 'schemaDatamodel', files: [schema] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  } as glue.DiffParams);
  await Promise.all([db.close(), shadow.close()]);
  return result.stdout ?? '';
}

/** True when the diff script is empty (only comments / whitespace). */
export function isEmptyDiff(sql: string): boolean {
  return sql.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'));
}
