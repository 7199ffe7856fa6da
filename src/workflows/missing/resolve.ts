// Closing the search: where and when the pupil was found, by whom, and the wellbeing check. The first
// of any number of people pressing Found wins (conditional UPDATE on status); the timers are cancelled
// in the same transaction, so no parent alert can fire afterwards. The follow-up work (parents and
// agencies told at once, the teacher's incident form, the head's investigation) becomes Tasks.
import { RollcallError } from '../../errors/rollcall-error.js';
import { settleSubject } from '../../jobs/index.js';
import { calendarOf } from '../../rules/calendar.js';
import { foundMessage, taskDm } from './alerts.js';
import { alreadyFound } from './env.js';
import { cardKey, TIMER, timerKey } from './ids.js';
import { changeIncident, type IncidentActor, type IncidentEnv } from './incident-change.js';
import { updateContactsMessage } from './parents.js';
import { firstNameOf, fullName, pupilName } from '../../core/pupil-names.js';
import { loadSnapshot } from './snapshot.js';
import { followUpTasks } from './follow-up.js';
import { INCIDENT_STATUS, pupilFlags, rolesToNotify, wellbeingLabel, type Wellbeing } from './rules.js';

export interface ResolveInput {
  incidentId: string;
  where: string;
  wellbeing: Wellbeing | null;
  notes: string | null;
  actor: IncidentActor;
}

export async function resolveIncident(env: IncidentEnv, input: ResolveInput): Promise<void> {
  const { services, school } = env;
  const mp = school.policy.missingPupil;
  return changeIncident(env, { incidentId: input.incidentId, actor: input.actor }, async (tx, incident) => {
    const now = services.clock.now();
    const won = await tx.missingPupilIncident.updateMany({
      where: { id: incident.id, status: INCIDENT_STATUS.searching },
      data: { status: INCIDENT_STATUS.found, foundAt: now, foundWhere: input.where, foundBy: input.actor.id, wellbeing: input.wellbeing },
    });
    if (won.count !== 1) throw await alreadyFound(tx, incident, school.timezone);
    for (const kind of [TIMER.halfTime, TIMER.parentDeadline]) await services.timers.cancel(timerKey(incident.id, kind), tx);

    const pupil = await tx.pupil.findUniqueOrThrow({ where: { id: incident.pupilId } });
    const flags = pupilFlags(pupil);
    const reporter = await tx.staffMember.findUnique({ where: { id: incident.reportedBy }, select: { id: true, roles: true } });
    const classTeachers = await tx.staffMember.findMany({
      where: { schoolId: school.id, active: true, roles: { has: mp.incidentFormRole }, classes: { has: pupil.className } }, select: { id: true }, orderBy: { staffId: 'asc' },
    });
    const tasks = followUpTasks({
      policy: school.policy, calendar: calendarOf(school.policy.calendar), timezone: school.timezone, foundAt: now,
      pupilName: fullName(pupil), pupilFirstName: firstNameOf(pupil), flags, policeCalled: incident.policeCalledAt !== null, policeReference: incident.policeReference, reporter,
      className: pupil.className, classTeacherIds: classTeachers.map((t) => t.id),
    });
    const tellStaff = new Map(tasks.map((t) => [t.kind, t.tellStaffIds]));
    await tx.task.createMany({
      data: tasks.map((t) => ({
        schoolId: school.id, key: `${cardKey(incident.id)}:${t.kind}`, kind: t.kind, title: t.title, ownerRole: t.ownerRole,
        ownerStaffId: t.ownerStaffId, dueAt: t.dueAt, pupilId: pupil.id, incidentId: incident.id, createdAt: now,
      })),
      skipDuplicates: true,
    });

    const name = pupilName(pupil, 'channel', school.policy.privacy);
    const text = `${input.actor.name} recorded ${name} found (${input.where}). Wellbeing: ${wellbeingLabel(input.wellbeing)}.${input.notes ? ` Notes: ${input.notes}` : ''}`;
    const found = await loadSnapshot(tx, incident.id, mp);
    return {
      result: undefined,
      events: [{
        kind: 'found', text, data: { where: input.where, wellbeing: input.wellbeing, notes: input.notes, tasks: tasks.map((t) => t.kind) },
        ...(found ? { thread: { message: foundMessage(found, school, 'channel') } } : {}),
      }],
      after: async (tx2, snapshot, ids) => {
        const last = ids[ids.length - 1]!;
        // The thread has the all-clear with the follow-ups; the people told of the search get it privately.
        await services.notify.direct(tx2, { school, key: `${cardKey(incident.id)}:found`, roles: rolesToNotify(mp, flags), message: foundMessage(snapshot, school, 'private') });
        for (const task of snapshot.tasks) {
          await services.notify.direct(tx2, {
            school, key: `${cardKey(incident.id)}:task:${task.kind}`, message: taskDm(task, snapshot, school),
            ...recipients(task, tellStaff.get(task.kind)),
          });
        }
        if (incident.parentAlertAt) await updateContactsMessage(env, tx2, snapshot, last);
        // Found: nothing about this search is urgent any more (and nothing is escalated from now on).
        await settleSubject(tx2, cardKey(incident.id));
      },
    };
  });
}

export async function recordWellbeing(env: IncidentEnv, input: { incidentId: string; wellbeing: Wellbeing; notes: string | null; actor: IncidentActor }): Promise<void> {
  return changeIncident(env, { incidentId: input.incidentId, actor: input.actor }, async (tx, incident) => {
    if (incident.status === INCIDENT_STATUS.searching) throw new RollcallError('CONFLICT', 'The pupil has not been recorded as found yet: press Found first.');
    await tx.missingPupilIncident.update({ where: { id: incident.id }, data: { wellbeing: input.wellbeing } });
    const text = `${input.actor.name} recorded the wellbeing check: ${wellbeingLabel(input.wellbeing)}.${input.notes ? ` Notes: ${input.notes}` : ''}`;
    return { result: undefined, events: [{ kind: 'wellbeing', text, data: { wellbeing: input.wellbeing, notes: input.notes } }] };
  });
}

/** A follow-up goes to the staff it names (a job-share's teachers, or its owner), else to everyone holding its role. */
function recipients(task: { ownerStaffId: string | null; ownerRole: string | null }, tell: readonly string[] | undefined): { staffIds: string[] } | { roles: string[] } {
  if (tell?.length) return { staffIds: [...tell] };
  if (task.ownerStaffId) return { staffIds: [task.ownerStaffId] };
  return { roles: task.ownerRole ? [task.ownerRole] : [] };
}
