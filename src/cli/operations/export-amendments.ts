// `rollcall export amendments`: register amendments made in Rollcall, as CSV for the MIS (printed; the
// command line writes --out itself).
import { z } from 'zod';
import { loadSchool } from '../../register/schools.js';
import { exportAmendments } from '../../register/export-amendments.js';
import { defineOperation } from '../operation.js';

export const operation = defineOperation({
  input: z.object({ school: z.string().min(1), from: z.iso.date(), to: z.iso.date() }),
  run: async (db, { school: slug, from, to }) => {
    const school = await loadSchool(db.prisma, { slug });
    return { exitCode: 0, stdout: await exportAmendments(db.prisma, { schoolId: school.id, from, to }), stderr: '' };
  },
});
