// `rollcall migrate`: apply pending migrations (on a server; the embedded database migrates on open).
import { z } from 'zod';
import { migrate } from '../../db/migrate.js';
import { defineOperation, printed } from '../operation.js';

export const operation = defineOperation({
  input: z.object({}),
  migrateOnOpen: false,
  run: async (db) => {
    const result = await migrate(db.sql);
    return printed(result.applied.length ? `applied: ${result.applied.join(', ')}` : 'database is up to date');
  },
});
