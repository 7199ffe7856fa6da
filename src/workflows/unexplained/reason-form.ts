// Opening the Reason form for a case: from its list row's button, or from `/reason <pupil>` with no code
// (the pupil's latest open absence). Every open session of that day is closed by the one reason.
import type { HandlerContext } from '../../chat/index.js';
import type { AppServices } from '../../core/workflow.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import type { Pupil } from '../../db/generated/client.js';
import { toDbDate } from '../../register/db-dates.js';
import { caseHeadline } from './case-card.js';
import type { CaseView } from './case-views.js';
import { loadCaseViews } from './case-views.js';
import { reasonModal } from './modals.js';
import { asSession, latestOpenCase } from './work.js';

export async function openReasonFormFor(services: AppServices, ctx: HandlerContext, school: SchoolWithPolicy, c: CaseView): Promise<void> {
  const open = await services.db.prisma.unexplainedAbsence.findMany({ where: { pupilId: c.pupil.id, date: toDbDate(c.date), status: 'open' }, select: { session: true } });
  const sessions = open.map((o) => asSession(o.session));
  await ctx.openModal(reasonModal({ headline: caseHeadline(school.policy, c), date: c.date, sessions, privateMetadata: `case:${c.id}` }));
}

export async function openReasonForm(services: AppServices, ctx: HandlerContext, school: SchoolWithPolicy, pupil: Pupil): Promise<void> {
  const target = await latestOpenCase(services, school.id, pupil.id);
  const [c] = await loadCaseViews(services.db.prisma, school.policy, { id: target.id, schoolId: school.id });
  if (!c) throw new RollcallError('NOT_FOUND', 'That absence is not on this school\'s list any more.');
  await openReasonFormFor(services, ctx, school, c);
}
