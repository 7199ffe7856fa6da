// N-code hygiene (REG24 reg 10(7)-(9): an N must be replaced within 5 school days). Every school morning
// the attendance channel gets the N marks that reach the policy's reminder age (due: they become overdue
// on the date shown) and those past the limit (overdue), each with the amendment to make when nothing else
// was established: O, U for a late arrival after the register closed, L for one before it closed.
import { pupilName, yearLabel } from '../../core/pupil-names.js';
import { button, context, header, list, message, text, type ChatMessage, type ListRow } from '../../chat/index.js';
import type { AppServices } from '../../core/workflow.js';
import type { Policy } from '../../policy/schema.js';
import { fromDbDate, fromDbDateOrNull } from '../../register/db-dates.js';
import { freshness, registerReceivedAt, staleAfterMinutes } from '../../register/register-feed.js';
import { minutesBetween, localDateOf } from '../../rules/local-time.js';
import { openNCodes, calendarOf, countedMarks, SchoolCalendar, suggestedAmendment, type IsoDate, type Mark, type OnRoll } from '../../rules/index.js';
import { listPupilOf } from './case-views.js';
import { ACTIONS, markRef, nCodeMessageKey } from './keys.js';
import { dayLabel } from './list-message.js';
import type { ListPupil } from './morning-list.js';

export interface NCodeReminder {
  pupil: ListPupil;
  mark: Mark;
  ageSchoolDays: number;
  /** The school day it becomes (or became) overdue. */
  overdueOn: IsoDate | undefined;
  suggestedCode: 'O' | 'U' | 'L';
}

export interface NCodeReminders {
  due: NCodeReminder[];
  overdue: NCodeReminder[];
}

export function nCodeReminders(policy: Policy, calendar: SchoolCalendar, pupils: readonly { pupil: ListPupil; marks: readonly Mark[] }[], asOf: IsoDate): NCodeReminders {
  const remindAt = policy.nCode.remindAtSchoolDays;
  const overdueAt = policy.nCode.resolveWithinSchoolDays;
  const out: NCodeReminders = { due: [], overdue: [] };
  for (const { pupil, marks } of pupils) {
    for (const open of openNCodes(marks, calendar, asOf)) {
      const s = open.mark.session === 'AM' ? policy.register.am : policy.register.pm;
      const suggestedCode = suggestedAmendment(open.mark, { registerOpenMinutes: minutesBetween(s.opens, s.closes) });
      const reminder = { pupil, mark: open.mark, ageSchoolDays: open.ageSchoolDays, overdueOn: calendar.addSchoolDays(open.mark.date, overdueAt), suggestedCode };
      if (open.ageSchoolDays >= overdueAt) out.overdue.push(reminder);
      else if (open.ageSchoolDays >= remindAt) out.due.push(reminder);
    }
  }
  const order = (a: NCodeReminder, b: NCodeReminder) => b.ageSchoolDays - a.ageSchoolDays || a.pupil.lastName.localeCompare(b.pupil.lastName) || a.mark.session.localeCompare(b.mark.session);
  out.due.sort(order);
  out.overdue.sort(order);
  return out;
}

const SUGGESTED: Record<NCodeReminder['suggestedCode'], string> = {
  O: 'O (no reason established)',
  U: 'U (arrived after the register closed)',
  L: 'L (arrived before the register closed)',
};

function row(policy: Policy, r: NCodeReminder, overdue: boolean): ListRow {
  const base = `**${pupilName(r.pupil, 'channel', policy.privacy)}** · ${yearLabel(r.pupil.yearGroup)}, ${r.pupil.className} · N on ${dayLabel(r.mark.date)} ${r.mark.session} · ${r.ageSchoolDays} school days`;
  const detail = overdue
    ? `Overdue: amend N to ${SUGGESTED[r.suggestedCode]} unless a reason is known now`
    : `Due: resolve by the end of today${r.overdueOn ? `; overdue on ${dayLabel(r.overdueOn)}` : ''}`;
  return { text: `${base}\n${detail}`, controls: [button(ACTIONS.amendN, overdue ? `Amend to ${r.suggestedCode}` : 'Record reason', markRef(r.pupil.id, r.mark.date, r.mark.session))] };
}

/** `dataAsOf` is the register's freshness line ("Register data as of 07:58."): an N replaced in the MIS since then is still listed. */
export function nCodeMessage(policy: Policy, asOf: IsoDate, reminders: NCodeReminders, dataAsOf: string): ChatMessage {
  const title = `N codes to resolve: ${dayLabel(asOf)}`;
  return message(
    `${title}: ${reminders.overdue.length} overdue, ${reminders.due.length} due`,
    header(title),
    context(`An N must be replaced within ${policy.nCode.resolveWithinSchoolDays} school days of the session (register regulations, reg 10(7)-(9)). ${dataAsOf}`),
    text(`**Overdue** (${reminders.overdue.length})`),
    list(reminders.overdue.map((r) => row(policy, r, true)), 'None overdue.'),
    text(`**Due tomorrow** (${reminders.due.length})`),
    list(reminders.due.map((r) => row(policy, r, false)), 'None due.'),
  );
}

/** The morning job: lists the school's open N marks by age and posts them (nothing on a day with none). */
export async function runNCodeHygiene(services: AppServices, schoolId: string, occurrence: Date): Promise<NCodeReminders | null> {
  const school = await services.school(schoolId);
  const { policy } = school;
  const asOf = localDateOf(occurrence, school.timezone);
  const calendar = calendarOf(policy.calendar);
  if (!calendar.isSchoolDay(asOf)) return null;
  const marks = await services.db.prisma.sessionMark.findMany({
    where: { schoolId, code: 'N', date: { lte: new Date(`${asOf}T00:00:00Z`) }, pupil: { OR: [{ leavingDate: null }, { leavingDate: { gte: new Date(`${asOf}T00:00:00Z`) } }] } },
    include: { pupil: true },
  });
  // Every N of any age: one never replaced stays open (and overdue) until it is (reg 10(7)-(9)).
  const byPupil = new Map<string, { pupil: ListPupil; onRoll: OnRoll; marks: Mark[] }>();
  for (const m of marks) {
    const onRoll = { admissionDate: fromDbDate(m.pupil.admissionDate), leavingDate: fromDbDateOrNull(m.pupil.leavingDate) };
    const entry = byPupil.get(m.pupilId) ?? { pupil: listPupilOf(m.pupil), onRoll, marks: [] };
    entry.marks.push({ date: fromDbDate(m.date), session: m.session === 'PM' ? 'PM' : 'AM', code: m.code, minutesLate: m.minutesLate });
    byPupil.set(m.pupilId, entry);
  }
  // The marks the pupils report counts as open N codes (countedMarks), so the two always agree.
  const pupils = [...byPupil.values()].map((p) => ({ pupil: p.pupil, marks: countedMarks(calendar, p.onRoll, p.marks) }));
  const reminders = nCodeReminders(policy, calendar, pupils, asOf);
  if (reminders.due.length + reminders.overdue.length === 0) return reminders;
  const key = nCodeMessageKey(school.id, asOf);
  await services.db.prisma.$transaction(async (tx) => {
    const received = await registerReceivedAt(tx, school.id);
    const dataAsOf = freshness(received, services.clock.now(), school.timezone, staleAfterMinutes(policy)).text;
    await services.notify.post(tx, { school, channel: 'attendance', key, messageKey: key, message: nCodeMessage(policy, asOf, reminders, dataAsOf) });
  });
  return reminders;
}
