// Shared helpers for the chat handlers: the school a handler acts for, the role check for closing a
// search (with an answer a frightened teacher can act on), and the incident behind a button.
import { RollcallError } from '../../errors/rollcall-error.js';
import type { HandlerContext } from '../../chat/context.js';
import { requireStaff } from '../../chat/context.js';
import type { StaffIdentity } from '../../chat/port.js';
import type { MissingPupilIncident } from '../../db/generated/client.js';
import type { AppServices } from '../../core/workflow.js';
import type { Db } from '../../jobs/index.js';
import { clockTime } from './format.js';
import type { IncidentEnv } from './incident-change.js';
import { roleLabel } from './privacy.js';
import { mayResolve, resolverRoles } from './rules.js';

export async function envFor(services: AppServices, ctx: Pick<HandlerContext, 'schoolId'>): Promise<IncidentEnv> {
  return { services, school: await services.school(ctx.schoolId) };
}

/** The acting staff member if they may close a search; FORBIDDEN with who can, otherwise. */
export function requireResolver(ctx: Pick<HandlerContext, 'actor'>, env: IncidentEnv, what = 'record a missing pupil as found'): StaffIdentity {
  const staff = requireStaff(ctx);
  if (mayResolve(staff.roles, env.school.policy)) return staff;
  const who = resolverRoles(env.school.policy).map(roleLabel).join(', ');
  throw new RollcallError('FORBIDDEN', `Only these roles can ${what}: ${who}. Tell one of them where the pupil is, or go to the office: they will close the search.`);
}

/** The answer for pressing Found on a search someone else already closed: who, when and where. */
export async function alreadyFound(db: Db, incident: MissingPupilIncident, timezone: string): Promise<RollcallError> {
  const by = incident.foundBy ? (await db.staffMember.findUnique({ where: { id: incident.foundBy }, select: { name: true } }))?.name : undefined;
  const at = incident.foundAt ? ` at ${clockTime(incident.foundAt, timezone)}` : '';
  const where = incident.foundWhere ? ` (${incident.foundWhere})` : '';
  return new RollcallError('CONFLICT', `Already found: ${by ?? 'someone'} recorded it${at}${where}. Nothing more to do here.`);
}

export async function incidentInSchool(env: IncidentEnv, incidentId: string): Promise<MissingPupilIncident> {
  const incident = await env.services.db.prisma.missingPupilIncident.findUnique({ where: { id: incidentId } });
  if (!incident || incident.schoolId !== env.school.id) throw new RollcallError('NOT_FOUND', 'That missing-pupil incident does not exist (or belongs to another school).');
  return incident;
}
