// The clock side of the procedure: the half-time reminder, the parent deadline ("not found after 10
// minutes: notify parents"), each call to an emergency contact, and the police prompt once every
// contact has been tried without reaching anyone who has heard from the pupil. Timer handlers run in
// the timer's own transaction (tx), so the alert is written exactly when the timer's claim commits.
import { RollcallError } from '../../errors/rollcall-error.js';
import type { Db } from '../../jobs/index.js';
import { halfTimeMessage, outcomeLabel, parentAlertMessage, policeMessage } from './alerts.js';
import { clockTime } from './format.js';
import { cardKey, contactsKey, keptTrying, mustArrive } from './ids.js';
import { changeIncident, SYSTEM_ACTOR, type EventSpec, type IncidentActor, type IncidentEnv } from './incident-change.js';
import { pupilName } from '../../core/pupil-names.js';
import { contactLabel } from './privacy.js';
import { alertRoles, contactsStatus, INCIDENT_STATUS, reachedNote, type ContactOutcome } from './rules.js';
import { loadSnapshot, type IncidentSnapshot } from './snapshot.js';

/** Timer 'missing.half-time': a reminder in the thread, only while still searching. */
export async function sendHalfTimeReminder(env: IncidentEnv, tx: Db, incidentId: string): Promise<void> {
  await changeIncident(env, { incidentId, actor: SYSTEM_ACTOR, tx }, async (tx2, incident) => {
    if (incident.status !== INCIDENT_STATUS.searching || incident.parentAlertAt) return { result: undefined, events: [] };
    const snapshot = await mustLoad(env, tx2, incidentId);
    const at = clockTime(incident.parentDeadlineAt, env.school.timezone);
    return { result: undefined, events: [{ kind: 'half-time', text: `Half the time has gone: parents must be told at ${at} if the pupil is not found.`, thread: { message: halfTimeMessage(snapshot, env.school) } }] };
  });
}

/** Timer 'missing.parent-deadline': the loud alert, once, and never after the pupil is found. */
export async function sendParentAlert(env: IncidentEnv, tx: Db, incidentId: string): Promise<void> {
  await changeIncident(env, { incidentId, actor: SYSTEM_ACTOR, tx }, async (tx2, incident) => {
    if (incident.status !== INCIDENT_STATUS.searching) return { result: undefined, events: [] };
    const won = await tx2.missingPupilIncident.updateMany({ where: { id: incidentId, status: INCIDENT_STATUS.searching, parentAlertAt: null }, data: { parentAlertAt: env.services.clock.now() } });
    if (won.count !== 1) return { result: undefined, events: [] };
    const snapshot = await mustLoad(env, tx2, incidentId);
    const minutes = env.school.policy.missingPupil.parentNotifyAfterMinutes;
    const events: EventSpec[] = [{
      kind: 'parent-alert',
      text: `Not found after ${minutes} minutes: parents must be notified now (${snapshot.contacts.length} emergency contacts).`,
      thread: { message: parentAlertMessage(snapshot, env.school, 'channel'), messageKey: contactsKey(incidentId) },
    }];
    const police = snapshot.contacts.length === 0 ? await promptPolice(env, tx2, snapshot) : null;
    if (police) events.push(police);
    return {
      result: undefined,
      events,
      after: async (tx3, after) => {
        await env.services.notify.direct(tx3, {
          school: env.school, key: `${cardKey(incidentId)}:parent-alert`, roles: alertRoles(env.school.policy.missingPupil), message: parentAlertMessage(after, env.school, 'private'),
          urgent: mustArrive(incidentId, 'parent-alert-dm', env.services.clock.now()),
        });
        if (police) await dmPolice(env, tx3, after);
      },
    };
  });
}

export interface AttemptInput {
  incidentId: string;
  contactId: string;
  outcome: ContactOutcome;
  heardFromPupil?: boolean;
  note?: string;
  actor: IncidentActor;
}

export async function recordContactAttempt(env: IncidentEnv, input: AttemptInput): Promise<{ policePrompted: boolean }> {
  return changeIncident(env, { incidentId: input.incidentId, actor: input.actor }, async (tx, incident) => {
    const contact = await tx.emergencyContact.findFirst({ where: { id: input.contactId, pupilId: incident.pupilId } });
    if (!contact) throw new RollcallError('NOT_FOUND', 'That emergency contact is no longer on file for this pupil.');
    const note = input.outcome === 'reached' ? reachedNote(input.heardFromPupil ?? false, input.note) : (input.note?.trim() || null);
    const attempt = await tx.contactAttempt.create({
      data: { schoolId: env.school.id, pupilId: incident.pupilId, incidentId: incident.id, contactId: contact.id, outcome: input.outcome, note, at: env.services.clock.now(), byStaffId: input.actor.id },
    });
    const snapshot = await mustLoad(env, tx, incident.id);
    const privacy = env.school.policy.privacy;
    const events: EventSpec[] = [{
      kind: 'contact-attempt',
      text: `${input.actor.name} called ${contactLabel({ ...contact, phone: null }, 'channel', privacy)}: ${outcomeLabel(attempt).toLowerCase()}.`,
      data: { attemptId: attempt.id, contactId: contact.id, outcome: input.outcome, heardFromPupil: input.heardFromPupil ?? false },
    }];
    const status = contactsStatus(snapshot.contacts.map((c) => c.id), snapshot.attempts);
    const police = incident.status === INCIDENT_STATUS.searching && incident.parentAlertAt && status.exhausted ? await promptPolice(env, tx, snapshot) : null;
    if (police) events.push(police);
    return {
      result: { policePrompted: police !== null },
      events,
      after: async (tx2, after, ids) => {
        if (incident.parentAlertAt) await updateContactsMessage(env, tx2, after, ids[ids.length - 1]!);
        if (police) await dmPolice(env, tx2, after);
      },
    };
  });
}

export async function recordPoliceCall(env: IncidentEnv, input: { incidentId: string; reference: string; calledAt: Date; actor: IncidentActor }): Promise<void> {
  return changeIncident(env, { incidentId: input.incidentId, actor: input.actor }, async (tx, incident) => {
    const won = await tx.missingPupilIncident.updateMany({ where: { id: incident.id, policeCalledAt: null }, data: { policeCalledAt: input.calledAt, policeReference: input.reference } });
    if (won.count !== 1) {
      throw new RollcallError('CONFLICT', `The police call is already recorded: ${clockTime(incident.policeCalledAt ?? input.calledAt, env.school.timezone)}, reference ${incident.policeReference ?? 'not given'}.`);
    }
    const at = clockTime(input.calledAt, env.school.timezone);
    return { result: undefined, events: [{ kind: 'police-called', text: `${input.actor.name} recorded the police call at ${at}, reference ${input.reference}.`, data: { reference: input.reference, calledAt: input.calledAt.toISOString() } }] };
  });
}

/** The prompt as an event, once; null when it was already given. */
async function promptPolice(env: IncidentEnv, tx: Db, snapshot: IncidentSnapshot): Promise<EventSpec | null> {
  const won = await tx.missingPupilIncident.updateMany({ where: { id: snapshot.incident.id, policePromptAt: null }, data: { policePromptAt: env.services.clock.now() } });
  if (won.count !== 1) return null;
  const name = pupilName(snapshot.pupil, 'channel', env.school.policy.privacy);
  return {
    kind: 'police-prompt',
    text: snapshot.contacts.length === 0
      ? `No emergency contacts on file for ${name}: call the police now.`
      : `Every emergency contact tried and nobody has heard from ${name}: call the police now.`,
    thread: { message: policeMessage(snapshot, env.school, 'channel') },
  };
}

async function dmPolice(env: IncidentEnv, tx: Db, snapshot: IncidentSnapshot): Promise<void> {
  await env.services.notify.direct(tx, {
    school: env.school, key: `${cardKey(snapshot.incident.id)}:police-prompt`, roles: alertRoles(env.school.policy.missingPupil), message: policeMessage(snapshot, env.school, 'private'),
    urgent: mustArrive(snapshot.incident.id, 'police-prompt-dm', env.services.clock.now()),
  });
}

/** The contact list in the thread shows each call made, and loses its buttons once the pupil is found. */
export async function updateContactsMessage(env: IncidentEnv, tx: Db, snapshot: IncidentSnapshot, afterEventId: number): Promise<void> {
  await env.services.notify.update(tx, {
    school: env.school, channel: 'incidents', key: `${contactsKey(snapshot.incident.id)}:${afterEventId}`, messageKey: contactsKey(snapshot.incident.id),
    message: parentAlertMessage(snapshot, env.school, 'channel'), urgent: keptTrying(snapshot.incident.id, 'contacts'),
  });
}

async function mustLoad(env: IncidentEnv, tx: Db, incidentId: string): Promise<IncidentSnapshot> {
  const s = await loadSnapshot(tx, incidentId, env.school.policy.missingPupil);
  if (!s) throw new Error(`incident ${incidentId} vanished inside its own transaction`);
  return s;
}
