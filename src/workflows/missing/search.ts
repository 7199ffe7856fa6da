// The search itself: claiming an area, marking it searched and clear, adding an area the checklist
// lacked, and confirming an adult is staying with the class. Each is one conditional UPDATE, so of any
// number of people pressing at once exactly one wins; the others are told who got there first.
import { RollcallError } from '../../errors/rollcall-error.js';
import type { MissingPupilIncident, SearchArea } from '../../db/generated/client.js';
import type { Db } from '../../jobs/index.js';
import { clockTime } from './format.js';
import { changeIncident, type IncidentActor, type IncidentEnv } from './incident-change.js';
import { AREA_STATUS, INCIDENT_STATUS } from './rules.js';

/** The incident an area belongs to, checked against the school asking. */
export async function incidentOfArea(env: IncidentEnv, areaId: string): Promise<string> {
  const area = await env.services.db.prisma.searchArea.findUnique({ where: { id: areaId }, include: { incident: { select: { schoolId: true } } } });
  if (!area || area.incident.schoolId !== env.school.id) throw new RollcallError('NOT_FOUND', 'That search area no longer exists. Use the buttons on the latest card.');
  return area.incidentId;
}

export async function claimArea(env: IncidentEnv, areaId: string, actor: IncidentActor): Promise<SearchArea> {
  const incidentId = await incidentOfArea(env, areaId);
  return changeIncident(env, { incidentId, actor }, async (tx, incident) => {
    stillSearching(env, incident);
    const now = env.services.clock.now();
    const won = await tx.searchArea.updateMany({
      where: { id: areaId, status: AREA_STATUS.unsearched },
      data: { status: AREA_STATUS.claimed, claimedBy: actor.id, claimedAt: now },
    });
    const area = await tx.searchArea.findUniqueOrThrow({ where: { id: areaId } });
    if (won.count !== 1) throw await takenError(env, tx, area, actor);
    return { result: area, events: [{ kind: 'area-claimed', text: `${actor.name} is searching ${area.name}.`, data: { areaId, area: area.name } }] };
  });
}

export async function clearArea(env: IncidentEnv, areaId: string, actor: IncidentActor): Promise<SearchArea> {
  const incidentId = await incidentOfArea(env, areaId);
  return changeIncident(env, { incidentId, actor }, async (tx, incident) => {
    stillSearching(env, incident);
    const now = env.services.clock.now();
    const won = await tx.searchArea.updateMany({
      where: { id: areaId, status: { in: [AREA_STATUS.unsearched, AREA_STATUS.claimed] } },
      data: { status: AREA_STATUS.clear, clearedBy: actor.id, clearedAt: now },
    });
    const area = await tx.searchArea.findUniqueOrThrow({ where: { id: areaId } });
    if (won.count !== 1) throw await takenError(env, tx, area, actor);
    const all = await tx.searchArea.findMany({ where: { incidentId }, select: { status: true } });
    const clear = all.filter((a) => a.status === AREA_STATUS.clear).length;
    return {
      result: area,
      events: [{ kind: 'area-cleared', text: `${actor.name} searched ${area.name}: clear (${clear} of ${all.length}).`, data: { areaId, area: area.name } }],
    };
  });
}

export async function addArea(env: IncidentEnv, incidentId: string, name: string, actor: IncidentActor): Promise<SearchArea> {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (clean === '') throw new RollcallError('INVALID_INPUT', 'Say which area to add.', { fields: { name: 'Say which area to add.' } });
  return changeIncident(env, { incidentId, actor }, async (tx, incident) => {
    stillSearching(env, incident);
    const existing = await tx.searchArea.findMany({ where: { incidentId }, select: { name: true, position: true } });
    if (existing.some((a) => a.name.toLowerCase() === clean.toLowerCase())) {
      throw new RollcallError('INVALID_INPUT', `${clean} is already on the search list.`, { fields: { name: `${clean} is already on the list.` } });
    }
    const position = Math.max(-1, ...existing.map((a) => a.position)) + 1;
    const area = await tx.searchArea.create({ data: { incidentId, name: clean, position } });
    return { result: area, events: [{ kind: 'area-added', text: `${actor.name} added ${clean} to the search.`, data: { areaId: area.id, area: clean } }] };
  });
}

export async function confirmClassCover(env: IncidentEnv, incidentId: string, actor: IncidentActor): Promise<void> {
  return changeIncident(env, { incidentId, actor }, async (tx, incident) => {
    const now = env.services.clock.now();
    const won = await tx.missingPupilIncident.updateMany({ where: { id: incidentId, classCoverBy: null }, data: { classCoverBy: actor.id, classCoverAt: now } });
    if (won.count !== 1) {
      const by = incident.classCoverBy ? await nameOf(tx, incident.classCoverBy) : 'someone';
      const at = incident.classCoverAt ? ` at ${clockTime(incident.classCoverAt, env.school.timezone)}` : '';
      throw new RollcallError('CONFLICT', `${by} already confirmed an adult is with the class${at}.`);
    }
    return { result: undefined, events: [{ kind: 'class-cover', text: `${actor.name} confirmed an adult is staying with the class.` }] };
  });
}

function stillSearching(env: IncidentEnv, incident: MissingPupilIncident): void {
  if (incident.status === INCIDENT_STATUS.searching) return;
  const at = incident.foundAt ? ` at ${clockTime(incident.foundAt, env.school.timezone)}` : '';
  throw new RollcallError('CONFLICT', `The search is over: the pupil was found${at}.`);
}

async function takenError(env: IncidentEnv, tx: Db, area: SearchArea, actor: IncidentActor): Promise<RollcallError> {
  const tz = env.school.timezone;
  if (area.status === AREA_STATUS.clear) {
    const by = area.clearedBy === actor.id ? 'You' : await nameOf(tx, area.clearedBy);
    return new RollcallError('CONFLICT', `${area.name} is already clear: ${by} searched it${area.clearedAt ? ` at ${clockTime(area.clearedAt, tz)}` : ''}. Pick another area.`);
  }
  if (area.claimedBy === actor.id) return new RollcallError('CONFLICT', `You are already searching ${area.name}. Press Searched - clear when done.`);
  const by = await nameOf(tx, area.claimedBy);
  return new RollcallError('CONFLICT', `${by} is already searching ${area.name}${area.claimedAt ? ` (since ${clockTime(area.claimedAt, tz)})` : ''}. Pick another area.`);
}

async function nameOf(tx: Db, staffId: string | null): Promise<string> {
  if (!staffId) return 'Someone';
  const s = await tx.staffMember.findUnique({ where: { id: staffId }, select: { name: true } });
  return s?.name ?? 'Someone';
}
