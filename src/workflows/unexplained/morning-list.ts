// The unexplained absences for one register session: pupils coded N or with no mark, vulnerable first,
// each with year/class, consecutive days absent and the policy's next step. Pure: the facts, the policy
// and the date come in; the chat message and the terminal report are rendered from this list.
import { fullName } from '../../core/pupil-names.js';
import type { Policy } from '../../policy/schema.js';
import { consecutiveDaysAbsent, type SchoolCalendar } from '../../rules/index.js';
import type { IsoDate, Mark, Session } from '../../rules/types.js';
import type { RollPupil } from '../../reports/load-register.js';
import { nextStepText, type CaseState } from './ladder.js';
import { vulnerabilityOf, type Vulnerability, type VulnerabilityFlags } from '../../rules/vulnerability.js';

/** What of a pupil on the roll a list needs: who they are, where they are, and the flags that order the list. */
export type ListPupil = Pick<RollPupil, 'id' | 'upn' | 'firstName' | 'lastName' | 'preferredName' | 'yearGroup' | 'className' | 'admissionDate'> & VulnerabilityFlags;

export interface UnexplainedRow {
  pupil: ListPupil;
  date: IsoDate;
  session: Session;
  /** 'N', or null when no mark has been entered. */
  code: 'N' | null;
  consecutiveDays: number;
  /** First school day of the current absence run (the date itself on a first day). */
  runStart: IsoDate;
  vulnerability: Vulnerability;
  nextStep: string;
}

export function unexplainedFor(
  policy: Policy,
  calendar: SchoolCalendar,
  pupils: readonly { pupil: ListPupil; marks: readonly Mark[] }[],
  date: IsoDate,
  session: Session,
  caseStates: ReadonlyMap<string, Partial<CaseState>> = new Map(),
): UnexplainedRow[] {
  if (!calendar.sessionsOn(date).includes(session)) return [];
  const rows: UnexplainedRow[] = [];
  for (const { pupil, marks } of pupils) {
    if (pupil.admissionDate > date) continue;
    const mark = marks.find((m) => m.date === date && m.session === session);
    if (mark && mark.code !== 'N' && mark.code !== '-') continue;
    const vulnerability = vulnerabilityOf(pupil);
    const run = consecutiveDaysAbsent(marks, calendar, date, pupil.admissionDate);
    const consecutiveDays = Math.max(1, run.days);
    const state: CaseState = {
      dayOfAbsence: consecutiveDays,
      vulnerability,
      socialWorker: pupil.socialWorker,
      contactMade: false,
      attempts: 0,
      stepsDone: new Set(),
      ...caseStates.get(pupil.id),
    };
    rows.push({ pupil, date, session, code: mark ? 'N' : null, consecutiveDays, runStart: run.firstDay ?? date, vulnerability, nextStep: nextStepText(policy, state) });
  }
  return rows.sort(
    (a, b) =>
      a.vulnerability.rank - b.vulnerability.rank ||
      b.consecutiveDays - a.consecutiveDays ||
      a.pupil.className.localeCompare(b.pupil.className) ||
      a.pupil.lastName.localeCompare(b.pupil.lastName),
  );
}

/** The terminal report (`rollcall report unexplained`). */
export function unexplainedText(rows: readonly UnexplainedRow[], date: IsoDate): string {
  if (rows.length === 0) return `No unexplained absences on ${date}.`;
  const lines = rows.map((r) => {
    const flags = r.vulnerability.labels.length ? ` [${r.vulnerability.labels.join(', ')}]` : '';
    const days = r.consecutiveDays > 1 ? `, day ${r.consecutiveDays} absent` : '';
    return `${r.session} ${r.code ?? 'no mark'}  ${fullName(r.pupil)} (${r.pupil.upn}, Year ${r.pupil.yearGroup}, ${r.pupil.className})${flags}${days}\n      next: ${r.nextStep}`;
  });
  return [`Unexplained absences on ${date}: ${rows.length}`, ...lines].join('\n');
}
