// `rollcall report digest [--trust]`: the weekly SLT digest for the school week containing the date.
import { loadAllSchools } from '../../../register/schools.js';
import { mondayOf } from '../../../rules/index.js';
import { buildDigest } from '../../../workflows/digest/build.js';
import { digestText } from '../../../workflows/digest/message.js';
import { buildTrustDigest, trustDigestText } from '../../../workflows/digest/trust.js';
import type { ReportContext } from './context.js';

export async function render({ db, school, date, format, trust }: ReportContext): Promise<string> {
  const weekStart = mondayOf(date);
  if (trust) {
    const figures = (await buildTrustDigest(db, { schools: await loadAllSchools(db.prisma), weekStart })).figures;
    return format === 'json' ? JSON.stringify(figures, null, 2) : trustDigestText(figures);
  }
  // The week containing the date, counted up to that date (not to the end of a week still in progress).
  const digest = await buildDigest(db, { schoolId: school.id, policy: school.policy, weekStart, asOf: date });
  return format === 'json' ? JSON.stringify(digest.figures, null, 2) : digestText(digest.figures, digest.dataAsOf);
}
