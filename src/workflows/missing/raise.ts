// Raising an incident: the row, its search checklist from the policy, the two durable timers (half time
// and the parent deadline) and the card, all in one transaction, then direct messages to the roles the
// policy names (and, for a flagged pupil, the roles its flags bring in). One open incident per pupil:
// the pupil row is locked while checking, so two people reporting the same child at once raise one.
// (NO KEY UPDATE: it must not block the foreign-key checks of rows other changes insert for the pupil.)
import type { MissingPupilIncident, Pupil } from '../../db/generated/client.js';
import type { Db } from '../../jobs/index.js';
import { raisedDm } from './alerts.js';
import { incidentCard } from './card.js';
import { cardKey, mustArrive, TIMER, timerKey } from './ids.js';
import { changeIncident, inTransaction, recordEvent, type IncidentActor, type IncidentEnv } from './incident-change.js';
import { pupilName } from '../../core/pupil-names.js';
import { deadlinesFor, INCIDENT_STATUS, pupilFlags, rolesToNotify } from './rules.js';
import { newIncidentSnapshot } from './snapshot.js';

export type RaiseResult =
  | { kind: 'raised'; incident: MissingPupilIncident }
  | { kind: 'already-open'; incident: MissingPupilIncident };

export interface RaiseInput {
  pupil: Pupil;
  reporter: IncidentActor;
  lastSeen: string | null;
  /** The request's delivery key: the same request handled again (after a restart) raises nothing new. */
  request?: string;
}

export async function raiseIncident(env: IncidentEnv, input: RaiseInput): Promise<RaiseResult> {
  const { services, school } = env;
  const mp = school.policy.missingPupil;
  return inTransaction(env, undefined, async (tx) => {
    await tx.$queryRawUnsafe(`SELECT id FROM "Pupil" WHERE id = $1 FOR NO KEY UPDATE`, input.pupil.id);
    const open = await tx.missingPupilIncident.findFirst({ where: { pupilId: input.pupil.id, status: INCIDENT_STATUS.searching } });
    if (open) {
      if (input.request && (await raisedBy(tx, open.id, input.request))) return { kind: 'raised', incident: open };
      if (input.lastSeen) {
        const name = pupilName(input.pupil, 'channel', school.policy.privacy);
        await changeIncident(env, { incidentId: open.id, actor: input.reporter, tx }, async () => ({
          result: undefined,
          events: [{ kind: 'reported-again', text: `${input.reporter.name} also reported ${name} missing. Last seen: ${input.lastSeen}.`, data: { lastSeen: input.lastSeen } }],
        }));
      }
      return { kind: 'already-open', incident: open };
    }

    const now = services.clock.now();
    const { halfTimeAt, parentDeadlineAt } = deadlinesFor(now, mp);
    const incident = await tx.missingPupilIncident.create({
      data: {
        schoolId: school.id, pupilId: input.pupil.id, status: INCIDENT_STATUS.searching, lastSeen: input.lastSeen,
        reportedBy: input.reporter.id, reportedAt: now, parentDeadlineAt,
      },
    });
    const areas = await tx.searchArea.createManyAndReturn({ data: mp.searchAreas.map((name, position) => ({ incidentId: incident.id, name, position })) });
    const payload = { incidentId: incident.id };
    if (halfTimeAt) {
      await services.timers.schedule(tx, { schoolId: school.id, key: timerKey(incident.id, TIMER.halfTime), kind: TIMER.halfTime, dueAt: halfTimeAt, payload });
    }
    await services.timers.schedule(tx, { schoolId: school.id, key: timerKey(incident.id, TIMER.parentDeadline), kind: TIMER.parentDeadline, dueAt: parentDeadlineAt, payload });

    const name = pupilName(input.pupil, 'channel', school.policy.privacy);
    await recordEvent(tx, env, incident.id, input.reporter, {
      kind: 'raised',
      text: `${input.reporter.name} reported ${name} missing. Last seen: ${input.lastSeen ?? 'not given'}.`,
      data: { pupilId: input.pupil.id, lastSeen: input.lastSeen, parentDeadlineAt: parentDeadlineAt.toISOString(), ...(input.request ? { request: input.request } : {}) },
      thread: 'none',
    });
    const snapshot = await newIncidentSnapshot(tx, { incident, pupil: input.pupil, areas }, mp);
    await services.notify.post(tx, {
      school, channel: 'incidents', key: `${cardKey(incident.id)}:card`, messageKey: cardKey(incident.id), message: incidentCard(snapshot, school), urgent: mustArrive(incident.id, 'raise', now),
    });
    await services.notify.direct(tx, {
      school, key: `${cardKey(incident.id)}:raised`, roles: rolesToNotify(mp, pupilFlags(input.pupil)), message: raisedDm(snapshot, school), urgent: mustArrive(incident.id, 'raise-dm', now),
    });
    return { kind: 'raised', incident };
  });
}

/** Whether this incident was raised by that very request (handled once before the process died). */
async function raisedBy(tx: Db, incidentId: string, request: string): Promise<boolean> {
  const raised = await tx.auditEvent.findFirst({ where: { entityType: 'MissingPupilIncident', entityId: incidentId, action: 'missing.raised' }, select: { data: true } });
  const data = raised?.data;
  return data !== null && typeof data === 'object' && !Array.isArray(data) && data['request'] === request;
}
