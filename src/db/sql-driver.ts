// The one raw SQL seam under Prisma: the migration runner, bulk register import and the heavy
// aggregates talk to the driver directly (Prisma's raw APIs cannot run multi-statement scripts or COPY).
import type { PGlite, Transaction as PGliteTx } from '@electric-sql/pglite';
import type pg from 'pg';

export interface SqlDriver {
  readonly kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a multi-statement script as one simple query (no parameters). */
  exec(script: string): Promise<void>;
  /** One connection for a unit of work: BEGIN/COMMIT, advisory locks and temp tables stay on it. */
  withConnection<T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface SqlConnection {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(script: string): Promise<void>;
  /** Loads CSV text (no header) into a table's listed columns as fast as the driver allows. */
  copyCsv(table: string, columns: string[], csv: string): Promise<void>;
}

export function pgliteDriver(db: PGlite): SqlDriver {
  const conn = (q: PGlite | PGliteTx): SqlConnection => ({
    query: async <T>(sql: string, params?: unknown[]) => (await q.query<T>(sql, params)).rows,
    exec: async (script) => {
      await q.exec(script);
    },
    copyCsv: async (table, columns, csv) => {
      // PGlite reads COPY input from a Blob passed as a query option (documented in its typings).
      await q.query(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([csv]),
      });
    },
  });
  const whole = conn(db);
  // PGlite is a single session: serialise units of work so a BEGIN never interleaves with another.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pglite',
    query: whole.query,
    exec: whole.exec,
    withConnection: <T>(fn: (c: SqlConnection) => Promise<T>) => {
      const run = queue.then(() => fn(whole));
      queue = run.catch(() => undefined);
      return run;
    },
    close: () => db.close(),
  };
}

export function postgresDriver(pool: pg.Pool): SqlDriver {
  const conn = (c: pg.Pool | pg.PoolClient): SqlConnection => ({
    query: async <T>(sql: string, params?: unknown[]) => (await c.query(sql, params)).rows as T[],
    exec: async (script) => {
      await c.query(script);
    },
    copyCsv: async (table, columns, csv) => {
      // Without a COPY stream library, one INSERT from unnest()ed text arrays per chunk is the fastest
      // parameterised bulk path on node-postgres; values are cast by the target column types.
      const rows = parseSimpleCsv(csv);
      const types = await columnTypes(c, table, columns);
      for (let i = 0; i < rows.length; i += 20000) {
        const chunk = rows.slice(i, i + 20000);
        const arrays = columns.map((_, col) => chunk.map((r) => (r[col] === '' ? null : r[col])));
        const selects = columns.map((col, n) => `u.c${n}::${types[col]}`).join(', ');
        const unnest = columns.map((_, n) => `$${n + 1}::text[]`).join(', ');
        const aliases = columns.map((_, n) => `c${n}`).join(', ');
        await c.query(
          `INSERT INTO ${table} (${columns.map((x) => `"${x}"`).join(', ')}) SELECT ${selects} FROM unnest(${unnest}) AS u(${aliases})`,
          arrays,
        );
      }
    },
  });
  const whole = conn(pool);
  return {
    kind: 'postgres',
    query: whole.query,
    exec: whole.exec,
    withConnection: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn(conn(client));
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function columnTypes(c: pg.Pool | pg.PoolClient, table: string, columns: string[]): Promise<Record<string, string>> {
  const name = table.replace(/"/g, '');
  const res = await c.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, format_type(atttypid, atttypmod) AS data_type
       FROM pg_attribute a JOIN (SELECT $1::regclass AS rel) t ON a.attrelid = t.rel
       CROSS JOIN LATERAL (SELECT a.attname AS column_name) n
      WHERE a.attnum > 0 AND NOT a.attisdropped`,
    [table.includes('"') ? table : `"${name}"`],
  );
  const types: Record<string, string> = {};
  for (const r of res.rows) types[r.column_name] = r.data_type;
  for (const col of columns) if (!types[col]) throw new Error(`unknown column ${table}.${col}`);
  return types;
}

/** CSV as written by our own bulk paths: commas, double-quote quoting, no embedded newlines. */
function parseSimpleCsv(csv: string): string[][] {
  const out: string[][] = [];
  for (const line of csv.split('\n')) {
    if (line === '') continue;
    const row: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        row.push(cur);
        cur = '';
      } else cur += ch;
    }
    row.push(cur);
    out.push(row);
  }
  return out;
}
