// `rollcall report unexplained`: unexplained absences (N or no mark) for each closed session of the date.
import { closedSessions } from '../../../policy/register-times.js';
import { schoolFacts } from '../../../reports/pupil-facts.js';
import { unexplainedFor, unexplainedText } from '../../../workflows/unexplained/morning-list.js';
import type { ReportContext } from './context.js';

export async function render({ db, school, date, format }: ReportContext): Promise<string> {
  const facts = await schoolFacts(db.sql, school.id, school.policy, date);
  const rows = closedSessions(school.policy, date, new Date()).flatMap((s) => unexplainedFor(school.policy, facts.calendar, facts.pupils, date, s));
  return format === 'json'
    ? JSON.stringify(rows.map((r) => ({ upn: r.pupil.upn, session: r.session, code: r.code, consecutiveDays: r.consecutiveDays, vulnerable: r.vulnerability.labels, nextStep: r.nextStep })), null, 2)
    : unexplainedText(rows, date);
}
