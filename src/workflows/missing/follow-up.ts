// The follow-up work once a missing pupil is found (seeds 000/002 section 11 steps 8, 10 and 11):
// parents, agencies and (if called) the police told at once, the teacher's incident form by the end of
// the next school day, the head's investigation within five school days. Pure: dates come in.
import type { Policy } from '../../policy/schema.js';
import type { SchoolCalendar } from '../../rules/calendar.js';
import { instantAt, localDateOf } from '../../rules/local-time.js';
import type { IsoDate } from '../../rules/types.js';

export interface FollowUpInput {
  policy: Policy;
  calendar: SchoolCalendar;
  timezone: string;
  foundAt: Date;
  pupilName: string;
  /** What staff call the pupil in a sentence ("that Amy has been found"). */
  pupilFirstName: string;
  flags: readonly string[];
  policeReference: string | null;
  policeCalled: boolean;
  /** The member of staff who reported the pupil missing, with their roles. */
  reporter: { id: string; roles: readonly string[] } | null;
}

export interface FollowUpTask {
  kind: string;
  title: string;
  ownerRole: string;
  ownerStaffId: string | null;
  dueAt: Date;
}

/** Seed section 11 steps 8, 10 and 11: who is told at once, the teacher's form, the head's investigation. */
export function followUpTasks(input: FollowUpInput): FollowUpTask[] {
  const mp = input.policy.missingPupil;
  const name = input.pupilName;
  const today = localDateOf(input.foundAt, input.timezone);
  const endOfSchoolDay = (days: number): Date => {
    const date: IsoDate = input.calendar.addSchoolDays(today, days) ?? addDays(today, days + Math.floor(days / 5) * 2);
    return instantAt(date, '17:00', input.timezone);
  };
  const now = input.foundAt;
  const tasks: FollowUpTask[] = [
    { kind: 'missing.tell-parents', title: `Tell the parents or carers of ${name} that ${input.pupilFirstName} has been found`, ownerRole: mp.pointOfContactRole, ownerStaffId: null, dueAt: now },
  ];
  if (input.flags.length > 0) {
    tasks.push({
      kind: 'missing.tell-agencies',
      title: `Tell the agencies involved with ${name} (${input.flags.join(', ')}) what happened`,
      ownerRole: mp.flaggedPupilNotifyRoles[0] ?? 'dsl',
      ownerStaffId: null,
      dueAt: now,
    });
  }
  if (input.policeCalled) {
    const ref = input.policeReference ? ` (reference ${input.policeReference})` : '';
    tasks.push({ kind: 'missing.tell-police', title: `Tell the police${ref} that ${input.pupilFirstName} has been found`, ownerRole: mp.leadRole, ownerStaffId: null, dueAt: now });
  }
  const reporterWritesForm = input.reporter !== null && input.reporter.roles.includes(mp.incidentFormRole);
  tasks.push({
    kind: 'missing.incident-form',
    title: `Complete the incident form: how ${name} went missing`,
    ownerRole: mp.incidentFormRole,
    ownerStaffId: reporterWritesForm && input.reporter ? input.reporter.id : null,
    dueAt: endOfSchoolDay(1),
  });
  tasks.push({
    kind: 'missing.investigation',
    title: `Investigate how ${name} went missing, write the report and review the policy`,
    ownerRole: mp.investigationRole,
    ownerStaffId: null,
    dueAt: endOfSchoolDay(5),
  });
  return tasks;
}

function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
