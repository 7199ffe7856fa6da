// `rollcall export incident N`: the written report of a missing-pupil incident (printed; the command line
// writes --out itself).
import { z } from 'zod';
import { loadSchool } from '../../register/schools.js';
import { findIncidentId, renderIncidentReport } from '../../workflows/missing/index.js';
import { defineOperation, failed } from '../operation.js';

export const operation = defineOperation({
  input: z.object({ ref: z.string().min(1), format: z.enum(['markdown', 'html']), school: z.string().min(1).optional() }),
  run: async (db, { ref, format, school }) => {
    const schoolId = school ? (await loadSchool(db.prisma, { slug: school })).id : undefined;
    const id = await findIncidentId(db.prisma, ref, schoolId);
    if (!id) return failed(`no missing-pupil incident "${ref}"`);
    return { exitCode: 0, stdout: await renderIncidentReport(db, id, format), stderr: '' };
  },
});
