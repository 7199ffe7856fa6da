// `rollcall report pupils`: per-pupil attendance, thresholds, open N codes and tier.
import { schoolFacts } from '../../../reports/pupil-facts.js';
import { pupilsReport, pupilsReportText } from '../../../reports/pupils-report.js';
import type { ReportContext } from './context.js';

export async function render({ db, school, date, format }: ReportContext): Promise<string> {
  const facts = await schoolFacts(db.sql, school.id, school.policy, date);
  return format === 'json' ? JSON.stringify(pupilsReport(facts), null, 2) : pupilsReportText(facts);
}
