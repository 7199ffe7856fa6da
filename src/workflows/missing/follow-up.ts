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
  /** The pupil's class. */
  className: string;
  /** Staff holding the policy's incident-form role who teach the pupil's class (staff.csv `classes`). */
  classTeacherIds: readonly string[];
}

export interface FollowUpTask {
  kind: string;
  title: string;
  ownerRole: string;
  ownerStaffId: string | null;
  dueAt: Date;
  /** Who is told of it, when not the owner (or everyone with the owner role): a job-share's teachers. */
  tellStaffIds?: string[];
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
  tasks.push({ ...incidentForm(input, mp), kind: 'missing.incident-form', dueAt: endOfSchoolDay(1) });
  tasks.push({
    kind: 'missing.investigation',
    title: `Investigate how ${name} went missing, write the report and review the policy`,
    ownerRole: mp.investigationRole,
    ownerStaffId: null,
    dueAt: endOfSchoolDay(5),
  });
  return tasks;
}

/**
 * "The missing pupil's teacher will fill in an incident form": the pupil's class teacher(s), else the reporter
 * if they hold the role, else the search lead to pass on, never every holder of the role in the school.
 */
function incidentForm(input: FollowUpInput, mp: Policy['missingPupil']): Pick<FollowUpTask, 'title' | 'ownerRole' | 'ownerStaffId' | 'tellStaffIds'> {
  const title = `Complete the incident form: how ${input.pupilName} went missing`;
  const teachers = input.classTeacherIds;
  if (teachers.length > 0) {
    const owner = input.reporter && teachers.includes(input.reporter.id) ? input.reporter.id : teachers[0]!;
    return { title, ownerRole: mp.incidentFormRole, ownerStaffId: owner, tellStaffIds: [...teachers] };
  }
  if (input.reporter?.roles.includes(mp.incidentFormRole)) return { title, ownerRole: mp.incidentFormRole, ownerStaffId: input.reporter.id };
  return {
    title: `${title} (no ${mp.incidentFormRole.replace(/-/g, ' ')} of ${input.className} is on the staff list: pass this to them)`,
    ownerRole: mp.leadRole,
    ownerStaffId: null,
  };
}

function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
