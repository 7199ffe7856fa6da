// The read side of UnexplainedAbsence: each case with its pupil, who claimed it, the attempts so far, the
// ladder steps already taken for the absence run, and the policy's next step. Lists, private answers,
// nudges and App Home all render from this. Reads only through the `tx` it is given.
import type { Prisma, Pupil } from '../../db/generated/client.js';
import type { Policy } from '../../policy/schema.js';
import { fromDbDate, toDbDate } from '../../register/db-dates.js';
import type { IsoDate, Session } from '../../rules/types.js';
import { runTaskPrefix } from './keys.js';
import { nextStepText } from './ladder.js';
import type { ListPupil } from './morning-list.js';
import { vulnerabilityOf, type Vulnerability } from '../../rules/vulnerability.js';

type Tx = Prisma.TransactionClient;

export interface ContactView {
  id: string;
  priority: number;
  name: string;
  relationship: string;
  phone: string | null;
  email: string | null;
}

export interface AttemptView {
  id: string;
  outcome: string;
  at: Date;
  byName: string;
  contact: ContactView | null;
  note: string | null;
}

export interface CaseView {
  id: string;
  schoolId: string;
  pupil: ListPupil;
  date: IsoDate;
  session: Session;
  status: 'open' | 'resolved';
  dayOfAbsence: number;
  runStart: IsoDate;
  vulnerability: Vulnerability;
  claimedBy: { id: string; name: string } | null;
  /** Attempts logged for the pupil on this date (either session's case), oldest first. */
  attempts: AttemptView[];
  /** A parent or carer was reached at some point in this absence run. */
  contactMade: boolean;
  stepsDone: Set<string>;
  resolved: { code: string; note: string | null; byName: string; at: Date } | null;
  /** The reason written back to the MIS (only where the policy writes back): waiting, accepted or refused. */
  writeBack?: { status: string; detail: string | null } | null;
  nextStep: string;
}

/** What the job records when it opens a case (kept on the 'unexplained.opened' audit row). */
export interface OpeningFacts {
  dayOfAbsence: number;
  runStart: IsoDate;
}

export function listPupilOf(p: Pupil): ListPupil {
  return {
    id: p.id, upn: p.upn, firstName: p.firstName, lastName: p.lastName, preferredName: p.preferredName, yearGroup: p.yearGroup,
    className: p.className, admissionDate: fromDbDate(p.admissionDate), childProtectionPlan: p.childProtectionPlan,
    lookedAfter: p.lookedAfter, socialWorker: p.socialWorker, ehcp: p.ehcp, senStatus: p.senStatus,
  };
}

export async function loadCaseViews(tx: Tx, policy: Policy, where: Prisma.UnexplainedAbsenceWhereInput): Promise<CaseView[]> {
  const cases = await tx.unexplainedAbsence.findMany({ where, include: { pupil: true }, orderBy: [{ date: 'asc' }, { session: 'asc' }] });
  if (cases.length === 0) return [];
  const ids = cases.map((c) => c.id);
  const pupilIds = [...new Set(cases.map((c) => c.pupilId))];
  const opened = await tx.auditEvent.findMany({ where: { entityType: 'UnexplainedAbsence', entityId: { in: ids }, action: 'unexplained.opened' } });
  const recorded = new Map(opened.map((a) => [a.entityId ?? '', a.data]));
  const runOf = (c: (typeof cases)[number]): OpeningFacts => openingFacts(recorded.get(c.id) ?? null, fromDbDate(c.date));
  const earliest = cases.map((c) => runOf(c).runStart).sort()[0]!;
  const attempts = await tx.contactAttempt.findMany({
    where: { pupilId: { in: pupilIds }, case: { date: { gte: toDbDate(earliest) } } },
    include: { contact: true, case: { select: { date: true } } },
    orderBy: { at: 'asc' },
  });
  const tasks = await tx.task.findMany({ where: { pupilId: { in: pupilIds }, kind: { startsWith: 'unexplained.' } }, select: { key: true } });
  const staffIds = new Set<string>([...cases.flatMap((c) => [c.claimedBy, c.resolvedBy]), ...attempts.map((a) => a.byStaffId)].filter((s): s is string => !!s));
  const staff = await tx.staffMember.findMany({ where: { id: { in: [...staffIds] } }, select: { id: true, name: true } });
  const writeBacks = await tx.misWriteBack.findMany({ where: { pupilId: { in: pupilIds }, date: { in: [...new Set(cases.map((c) => c.date))] } }, orderBy: { createdAt: 'asc' } });
  const nameOf = (id: string | null): string => (id === null ? '' : (staff.find((s) => s.id === id)?.name ?? (id === 'register' ? 'the register' : id)));

  return cases.map((c): CaseView => {
    const date = fromDbDate(c.date);
    const { dayOfAbsence, runStart } = runOf(c);
    const pupil = listPupilOf(c.pupil);
    const vulnerability = vulnerabilityOf(pupil);
    const inRun = attempts.filter((a) => a.pupilId === c.pupilId && a.case && fromDbDate(a.case.date) >= runStart && fromDbDate(a.case.date) <= date);
    const today = inRun.filter((a) => a.case && fromDbDate(a.case.date) === date);
    const prefix = runTaskPrefix(c.pupilId, runStart);
    const stepsDone = new Set(tasks.filter((t) => t.key.startsWith(prefix)).map((t) => t.key.slice(prefix.length)));
    const contactMade = inRun.some((a) => a.outcome === 'reached');
    const resolved = c.status === 'resolved' && c.resolvedCode
      ? { code: c.resolvedCode, note: c.resolvedNote, byName: nameOf(c.resolvedBy), at: c.resolvedAt ?? c.updatedAt }
      : null;
    const state = { dayOfAbsence, vulnerability, socialWorker: pupil.socialWorker, contactMade, attempts: today.length, stepsDone };
    return {
      id: c.id, schoolId: c.schoolId, pupil, date, session: c.session === 'PM' ? 'PM' : 'AM', status: resolved ? 'resolved' : 'open',
      dayOfAbsence, runStart, vulnerability,
      claimedBy: c.claimedBy ? { id: c.claimedBy, name: nameOf(c.claimedBy) } : null,
      attempts: today.map((a) => ({
        id: a.id, outcome: a.outcome, at: a.at, byName: nameOf(a.byStaffId), note: a.note,
        contact: a.contact ? contactView(a.contact) : null,
      })),
      contactMade, stepsDone, resolved,
      writeBack: writeBacks.filter((w) => w.pupilId === c.pupilId && w.session === c.session && fromDbDate(w.date) === date).map((w) => ({ status: w.status, detail: w.lastError })).at(-1) ?? null,
      nextStep: resolved ? '' : nextStepText(policy, state),
    };
  });
}

export function contactView(c: { id: string; priority: number; name: string; relationship: string; phone: string | null; email: string | null }): ContactView {
  return { id: c.id, priority: c.priority, name: c.name, relationship: c.relationship, phone: c.phone, email: c.email };
}

export async function loadContacts(tx: Tx, pupilId: string): Promise<ContactView[]> {
  const rows = await tx.emergencyContact.findMany({ where: { pupilId }, orderBy: { priority: 'asc' } });
  return rows.map(contactView);
}

function openingFacts(data: Prisma.JsonValue, date: IsoDate): OpeningFacts {
  const o = data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {};
  const day = o['dayOfAbsence'];
  const start = o['runStart'];
  return { dayOfAbsence: typeof day === 'number' ? day : 1, runStart: typeof start === 'string' && start <= date ? start : date };
}

/** Same order as the morning list: most vulnerable, longest absent, class, surname. */
export function byConcern(a: CaseView, b: CaseView): number {
  return (
    a.vulnerability.rank - b.vulnerability.rank ||
    b.dayOfAbsence - a.dayOfAbsence ||
    a.pupil.className.localeCompare(b.pupil.className) ||
    a.pupil.lastName.localeCompare(b.pupil.lastName)
  );
}
