// `rollcall demo [--today D] [--write-csv DIR]`: create or bring up to date the synthetic demo school.
import { z } from 'zod';
import { createDemoSchool, DEMO_SLUG } from '../../demo/index.js';
import { localDateOf } from '../../rules/local-time.js';
import { defineOperation, printed } from '../operation.js';

export const operation = defineOperation({
  // writeCsv is an absolute path (the command line resolves it), written by whichever process runs this.
  input: z.object({ today: z.iso.date().optional(), writeCsv: z.string().optional() }),
  run: async (db, input) => {
    const today = input.today ?? localDateOf(new Date(), 'Europe/London');
    const result = await createDemoSchool(db, { today, now: new Date(), ...(input.writeCsv ? { writeCsvTo: input.writeCsv } : {}) });
    const m = result.imports.marks;
    return printed(`demo school "${DEMO_SLUG}" ready for ${today}: ${result.imports.pupils.rows} pupils, ${m.rows} marks (${m.inserted} new, ${m.amended} amended)`);
  },
});
