// App Home: the cases the person has claimed and still open, with their buttons, and every escalation task
// they own, soonest due first, with how many there are. Private, so flags and next steps are shown in full.
import type { AppServices } from '../../core/workflow.js';
import { context, header, list, message, requireStaff, type ChatMessage, type HandlerContext } from '../../chat/index.js';
import { byConcern, loadCaseViews } from './case-views.js';
import { caseHeadline } from './case-card.js';
import { attemptsText, caseControls, dayLabel } from './list-message.js';
import { localDateOf, localTimeOf } from '../../rules/local-time.js';

/** "due 09:30" today, "due Fri 20 Nov 09:30" on another day. */
function dueLabel(at: Date, tz: string, now: Date): string {
  const day = localDateOf(at, tz);
  return `due ${day === localDateOf(now, tz) ? '' : `${dayLabel(day)} `}${localTimeOf(at, tz)}`;
}

export async function unexplainedHome(services: AppServices, ctx: HandlerContext): Promise<ChatMessage> {
  const staff = requireStaff(ctx);
  const school = await services.school(ctx.schoolId);
  const { policy } = school;
  const cases = (await loadCaseViews(services.db.prisma, policy, { schoolId: school.id, claimedBy: staff.id, status: 'open' })).sort(byConcern);
  const tasks = await services.db.prisma.task.findMany({
    where: { schoolId: school.id, status: 'open', kind: { startsWith: 'unexplained.' }, OR: [{ ownerStaffId: staff.id }, { ownerStaffId: null, ownerRole: { in: [...staff.roles] } }] },
    orderBy: [{ dueAt: 'asc' }, { title: 'asc' }],
  });
  const tz = policy.school.timezone;
  return message(
    `Your claimed absences: ${cases.length}`,
    header('Your claimed absences'),
    list(
      cases.map((c) => ({
        text: `${caseHeadline(policy, c)}\nNext: ${c.nextStep}${c.attempts.length ? ` · ${attemptsText(c.attempts, policy.school.timezone)}` : ''}`,
        controls: caseControls(c),
      })),
      'You have no claimed absences open. Claim pupils from the list in the attendance channel.',
    ),
    header(`Your follow-ups (${tasks.length})`),
    list(tasks.map((t) => ({ text: t.dueAt ? `${dueLabel(t.dueAt, tz, ctx.now())} · ${t.title}` : t.title })), 'Nothing waiting for you.'),
    context(`${staff.name} · ${school.name}`),
  );
}
