// The missing-pupil part of App Home: a big button to report a missing pupil (for a phone, where a slash
// command is fiddly), the searches running now with the deadline as a time of day and a Found button for
// those who may close them, and the person's own missing-pupil follow-ups. Private to the person.
import { actions, button, context, header, list, message, type ChatMessage, type ListRow } from '../../chat/model.js';
import { requireStaff, type HandlerContext } from '../../chat/context.js';
import type { AppServices } from '../../core/workflow.js';
import { taskLine } from './alerts.js';
import { envFor } from './env.js';
import { clockTime } from './format.js';
import { ACTION } from './ids.js';
import { pupilName } from '../../core/pupil-names.js';
import { INCIDENT_STATUS, mayResolve } from './rules.js';

export async function missingHome(ctx: HandlerContext, services: AppServices): Promise<ChatMessage> {
  const staff = requireStaff(ctx);
  const { school } = await envFor(services, ctx);
  const tz = school.timezone;
  const prisma = services.db.prisma;
  const open = await prisma.missingPupilIncident.findMany({ where: { schoolId: school.id, status: INCIDENT_STATUS.searching }, include: { pupil: true }, orderBy: { reportedAt: 'asc' } });
  const tasks = await prisma.task.findMany({
    where: { schoolId: school.id, status: 'open', kind: { startsWith: 'missing.' }, OR: [{ ownerStaffId: staff.id }, { ownerStaffId: null, ownerRole: { in: [...staff.roles] } }] },
    orderBy: { dueAt: 'asc' },
    take: 20,
  });
  const resolver = mayResolve(staff.roles, school.policy);
  const rows = open.map((i): ListRow => {
    const line = `🚨 **${pupilName(i.pupil, 'private', school.policy.privacy)}** (Year ${i.pupil.yearGroup}, ${i.pupil.className}): missing since ${clockTime(i.reportedAt, tz)}. ${i.parentAlertAt ? '**Parents: call now.**' : `Tell parents at **${clockTime(i.parentDeadlineAt, tz)}**.`}`;
    return resolver ? { text: line, controls: [button(ACTION.found, 'Found', i.id, { style: 'primary' })] } : { text: line };
  });
  return message(
    open.length ? `Missing pupils: ${open.length}` : 'Missing pupils: none',
    header('Missing pupils'),
    actions(button(ACTION.report, 'Report a missing pupil', 'home', { style: 'danger' })),
    list(rows, 'No pupil is missing right now.'),
    ...(tasks.length ? [context(`**Your missing-pupil follow-ups**\n${tasks.map((t) => `- ${taskLine(t, tz)}`).join('\n')}`)] : []),
    context(`Searches are run from the cards in ${school.policy.channels.incidents}.`),
  );
}
