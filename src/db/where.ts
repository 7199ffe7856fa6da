// Where Rollcall's database is, from the environment, without loading any database code: the CLI decides
// from this whether to open the embedded database itself or hand its command to the process that owns it.
import { resolve } from 'node:path';

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** The embedded database's folder: ./data/pglite, or $ROLLCALL_DATA_DIR/pglite. */
export function defaultDataDir(): string {
  return resolve(process.env.ROLLCALL_DATA_DIR ?? 'data', 'pglite');
}
