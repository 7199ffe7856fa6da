// Reads one incident with everything the card, the thread messages and the written report show: the
// pupil, search areas, emergency contacts and calls made, follow-up tasks, the timeline, and the names
// of the staff involved. The only Prisma reads the pure renderers depend on.
import type {
  ContactAttempt, EmergencyContact, IncidentEvent, MissingPupilIncident, Pupil, SearchArea, Task,
} from '../../db/generated/client.js';
import type { Db } from '../../jobs/index.js';
import type { MissingPolicy } from './rules.js';

export interface IncidentSnapshot {
  incident: MissingPupilIncident;
  pupil: Pupil;
  areas: SearchArea[];
  /** The pupil's emergency contacts in priority order. */
  contacts: EmergencyContact[];
  attempts: ContactAttempt[];
  tasks: Task[];
  /** Oldest first; empty unless asked for. */
  events: IncidentEvent[];
  /** StaffMember.id -> name, for everyone the incident mentions. */
  staffNames: ReadonlyMap<string, string>;
  /** Names of the staff holding the search-lead and point-of-contact roles. */
  leads: string[];
  pointsOfContact: string[];
}

export async function loadSnapshot(
  tx: Db,
  incidentId: string,
  mp: MissingPolicy,
  options: { events?: boolean } = {},
): Promise<IncidentSnapshot | null> {
  const incident = await tx.missingPupilIncident.findUnique({ where: { id: incidentId } });
  if (!incident) return null;
  const [pupil, areas, contacts, attempts, tasks, events, staff] = await Promise.all([
    tx.pupil.findUniqueOrThrow({ where: { id: incident.pupilId } }),
    tx.searchArea.findMany({ where: { incidentId }, orderBy: [{ position: 'asc' }, { name: 'asc' }] }),
    contactsOf(tx, incident.pupilId),
    tx.contactAttempt.findMany({ where: { incidentId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    tx.task.findMany({ where: { incidentId }, orderBy: [{ dueAt: 'asc' }, { kind: 'asc' }] }),
    options.events ? tx.incidentEvent.findMany({ where: { incidentId }, orderBy: { id: 'asc' } }) : Promise.resolve([]),
    staffOf(tx, incident.schoolId),
  ]);
  return { incident, pupil, areas, contacts, attempts, tasks, events, ...staffView(staff, mp) };
}

/**
 * The snapshot of an incident just raised, from the rows the raise wrote: nothing has been tried or
 * tasked yet, so only the contacts and the staff are read. Raising is the path where seconds count.
 */
export async function newIncidentSnapshot(
  tx: Db,
  written: { incident: MissingPupilIncident; pupil: Pupil; areas: SearchArea[] },
  mp: MissingPolicy,
): Promise<IncidentSnapshot> {
  const [contacts, staff] = await Promise.all([contactsOf(tx, written.pupil.id), staffOf(tx, written.incident.schoolId)]);
  const areas = [...written.areas].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  return { ...written, areas, contacts, attempts: [], tasks: [], events: [], ...staffView(staff, mp) };
}

function contactsOf(tx: Db, pupilId: string): Promise<EmergencyContact[]> {
  return tx.emergencyContact.findMany({ where: { pupilId }, orderBy: { priority: 'asc' } });
}

function staffOf(tx: Db, schoolId: string) {
  return tx.staffMember.findMany({ where: { schoolId }, select: { id: true, name: true, roles: true, active: true }, orderBy: { name: 'asc' } });
}

function staffView(staff: Awaited<ReturnType<typeof staffOf>>, mp: MissingPolicy): Pick<IncidentSnapshot, 'staffNames' | 'leads' | 'pointsOfContact'> {
  const active = staff.filter((s) => s.active);
  return {
    staffNames: new Map(staff.map((s) => [s.id, s.name])),
    leads: active.filter((s) => s.roles.includes(mp.leadRole)).map((s) => s.name),
    pointsOfContact: active.filter((s) => s.roles.includes(mp.pointOfContactRole)).map((s) => s.name),
  };
}

/** A staff id as a name; 'Rollcall' for the system, and the id itself for someone since deleted. */
export function staffName(snapshot: Pick<IncidentSnapshot, 'staffNames'>, id: string | null): string {
  if (id === null) return 'nobody';
  if (id === 'system') return 'Rollcall';
  return snapshot.staffNames.get(id) ?? id;
}
