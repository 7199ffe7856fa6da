// The one way an incident changes. Every change (raise aside, which creates the row) runs through
// `changeIncident`: it locks the incident row, applies the change, and in the same transaction writes
// each event to the timeline (IncidentEvent) and the audit trail (AuditEvent), replies in the card's
// thread and updates the card in place. The row lock serialises changes to one incident across
// replicas, so every card update is rendered from the state its own change committed on top of.
import { context, literal, message, text, type ChatMessage } from '../../chat/model.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import type { StaffIdentity } from '../../chat/port.js';
import type { MissingPupilIncident, Prisma } from '../../db/generated/client.js';
import { sqlTime, type Db } from '../../jobs/index.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import type { AppServices } from '../../core/workflow.js';
import { incidentCard } from './card.js';
import { clockTime } from './format.js';
import { cardKey, keptTrying, mustArrive } from './ids.js';
import { loadSnapshot, type IncidentSnapshot } from './snapshot.js';

export interface IncidentEnv {
  services: AppServices;
  school: SchoolWithPolicy;
}

export interface IncidentActor {
  /** StaffMember.id, or 'system' for timers. */
  id: string;
  name: string;
  role: string | null;
}

export const SYSTEM_ACTOR: IncidentActor = { id: 'system', name: 'Rollcall', role: null };

/** The acting member of staff; `role` is the first of `preferred` they hold (the role they act in). */
export function staffActor(staff: StaffIdentity, preferred: readonly string[] = []): IncidentActor {
  const role = preferred.find((r) => staff.roles.includes(r)) ?? staff.roles[0] ?? null;
  return { id: staff.id, name: staff.name, role };
}

export interface EventSpec {
  kind: string;
  /** One sentence for the timeline, already safe for the incidents channel. */
  text: string;
  data?: Prisma.InputJsonObject;
  /** The thread reply: by default the sentence with its time; 'none' for none. */
  thread?: { message: ChatMessage; messageKey?: string } | 'none';
}

export interface Change<T> {
  result: T;
  /** Nothing happened when empty: no event, no card update. */
  events: EventSpec[];
  /** Further messages once the events are written, from the state after the change. */
  after?: (tx: Db, snapshot: IncidentSnapshot, eventIds: number[]) => Promise<void>;
}

const TX_OPTIONS = { timeout: 20_000, maxWait: 20_000 };

/** Runs `run` in the caller's transaction, or in a new one. */
export function inTransaction<T>(env: IncidentEnv, tx: Db | undefined, run: (tx: Db) => Promise<T>): Promise<T> {
  return tx ? run(tx) : env.services.db.prisma.$transaction(run, TX_OPTIONS);
}

export async function changeIncident<T>(
  env: IncidentEnv,
  opts: { incidentId: string; actor: IncidentActor; tx?: Db },
  apply: (tx: Db, incident: MissingPupilIncident) => Promise<Change<T>>,
): Promise<T> {
  return inTransaction(env, opts.tx, async (tx) => {
    const incident = await lockIncident(tx, env.school.id, opts.incidentId);
    const change = await apply(tx, incident);
    if (change.events.length === 0) return change.result;
    const ids: number[] = [];
    for (const event of change.events) ids.push(await recordEvent(tx, env, incident.id, opts.actor, event));
    const snapshot = await refreshCard(tx, env, incident.id, ids[ids.length - 1]!);
    await change.after?.(tx, snapshot, ids);
    return change.result;
  });
}

/** Locks the incident row for the rest of the transaction; NOT_FOUND outside this school. */
export async function lockIncident(tx: Db, schoolId: string, incidentId: string): Promise<MissingPupilIncident> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM "MissingPupilIncident" WHERE id = $1 AND "schoolId" = $2 FOR NO KEY UPDATE`,
    incidentId,
    schoolId,
  );
  if (rows.length === 0) throw new RollcallError('NOT_FOUND', 'That missing-pupil incident does not exist (or belongs to another school).');
  return tx.missingPupilIncident.findUniqueOrThrow({ where: { id: incidentId } });
}

/** Thread replies the procedure depends on: escalated if not delivered in time. */
const MUST_ARRIVE = new Set(['half-time', 'parent-alert', 'police-prompt']);

/** One timeline entry: IncidentEvent + AuditEvent + (usually) a reply in the card's thread. */
export async function recordEvent(tx: Db, env: IncidentEnv, incidentId: string, actor: IncidentActor, spec: EventSpec): Promise<number> {
  const { school, services } = env;
  const at = services.clock.now();
  // The timeline entry and its audit row in one statement: every step of an incident writes both, and
  // a round trip saved here is saved on every press of every button while a child is missing.
  const rows = await tx.$queryRawUnsafe<{ id: number }[]>(
    `WITH event AS (
       INSERT INTO "IncidentEvent" ("incidentId", at, actor, kind, text) VALUES ($1, $2::timestamp(3), $3, $4, $5) RETURNING id
     ), audited AS (
       INSERT INTO "AuditEvent" ("schoolId", at, actor, "actorRole", action, "entityType", "entityId", data)
       SELECT $6, $2::timestamp(3), $3, $7, $8, 'MissingPupilIncident', $1, jsonb_build_object('eventId', event.id) || $9::jsonb FROM event
     )
     SELECT id FROM event`,
    incidentId, sqlTime(at), actor.id, spec.kind, spec.text,
    school.id, actor.role, `missing.${spec.kind}`, JSON.stringify({ text: spec.text, ...(spec.data ?? {}) }),
  );
  const event = { id: rows[0]!.id };
  if (spec.thread !== 'none') {
    // Timeline entries carry what staff typed (last seen, where, notes): shown as text, never as markup.
    const reply = spec.thread ?? { message: message(literal(spec.text), text(`**${clockTime(at, school.timezone)}** ${literal(spec.text)}`)) };
    await services.notify.post(tx, {
      school, channel: 'incidents', key: `${cardKey(incidentId)}:event:${event.id}`, threadKey: cardKey(incidentId),
      ...(reply.messageKey ? { messageKey: reply.messageKey } : {}), message: reply.message,
      urgent: MUST_ARRIVE.has(spec.kind) ? mustArrive(incidentId, spec.kind, at) : keptTrying(incidentId, spec.kind),
    });
  }
  return event.id;
}

/** Re-renders the card from the committed-so-far state; the key follows the event so a retry adds nothing. */
export async function refreshCard(tx: Db, env: IncidentEnv, incidentId: string, afterEventId: number): Promise<IncidentSnapshot> {
  const snapshot = await loadSnapshot(tx, incidentId, env.school.policy.missingPupil);
  if (!snapshot) throw new Error(`incident ${incidentId} vanished inside its own transaction`);
  await env.services.notify.update(tx, {
    school: env.school, channel: 'incidents', key: `${cardKey(incidentId)}:card:${afterEventId}`, messageKey: cardKey(incidentId),
    message: incidentCard(snapshot, env.school), urgent: keptTrying(incidentId, 'card'),
  });
  return snapshot;
}

/** A short private answer to the person who acted. */
export function ack(line: string, hint?: string): ChatMessage {
  return hint ? message(line, text(line), context(hint)) : message(line, text(line));
}
