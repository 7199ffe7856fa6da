// `rollcall report pupils`: per-pupil attendance, thresholds, open N codes and tier. From the lean facts
// (counts of plain present marks instead of the marks): the same figures (tests/reports/what-figures-count)
// without shipping a year of marks per pupil out of the database.
import { leanSchoolFacts } from '../../../reports/lean-facts.js';
import { pupilsReport, pupilsReportText } from '../../../reports/pupils-report.js';
import type { ReportContext } from './context.js';

export async function render({ db, school, date, format }: ReportContext): Promise<string> {
  const facts = await leanSchoolFacts(db.sql, school.id, school.policy, date);
  return format === 'json' ? JSON.stringify(pupilsReport(facts), null, 2) : pupilsReportText(facts);
}
