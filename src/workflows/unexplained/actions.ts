// Buttons: Claim, Log call, Reason on a list row, and "Amend" on an N-code reminder. Each checks the role
// again; forms do the writing (views.ts).
import { z } from 'zod';
import { fullName } from '../../core/pupil-names.js';
import type { AppServices } from '../../core/workflow.js';
import type { ChatRouter } from '../../chat/index.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import { toDbDate } from '../../register/db-dates.js';
import { isUnexplained, suggestedAmendment } from '../../rules/index.js';
import { minutesBetween } from '../../rules/local-time.js';
import { caseCard } from './case-card.js';
import { openReasonFormFor } from './reason-form.js';
import { loadCaseViews, loadContacts } from './case-views.js';
import { ACTIONS, markRef, parseMarkRef } from './keys.js';
import { dayLabel } from './list-message.js';
import { logCallModal, reasonModal } from './modals.js';
import { requireCaller, requireResolver } from './permissions.js';
import { claim } from './work.js';

const caseId = z.string().min(1).max(64);

export function registerActions(router: ChatRouter, services: AppServices): void {
  const openCase = async (schoolId: string, id: string) => {
    const school = await services.school(schoolId);
    const [c] = await loadCaseViews(services.db.prisma, school.policy, { id, schoolId });
    if (!c) throw new RollcallError('NOT_FOUND', 'That absence is not on this school\'s list any more.');
    if (c.status !== 'open') throw new RollcallError('CONFLICT', `${fullName(c.pupil)}'s absence was already resolved by ${c.resolved?.byName ?? 'someone else'}.`);
    return { school, c };
  };

  router.action(ACTIONS.claim, caseId, async (ctx, id) => {
    const school = await services.school(ctx.schoolId);
    const staff = requireCaller(ctx, school.policy);
    const result = await claim(services, school, staff, id, ctx.now());
    const [c] = await loadCaseViews(services.db.prisma, school.policy, { id, schoolId: school.id });
    if (!c) throw new RollcallError('NOT_FOUND', 'That absence is not on this school\'s list any more.');
    const intro = result.kind === 'claimed' ? 'You have claimed this pupil. Only you can see this.' : 'You already have this pupil.';
    return caseCard(school.policy, c, await loadContacts(services.db.prisma, c.pupil.id), intro);
  });

  router.action(ACTIONS.logCall, caseId, async (ctx, id) => {
    const { school, c } = await openCase(ctx.schoolId, id);
    requireCaller(ctx, school.policy);
    await ctx.openModal(logCallModal(school.policy, c, await loadContacts(services.db.prisma, c.pupil.id)));
  });

  router.action(ACTIONS.reason, caseId, async (ctx, id) => {
    const { school, c } = await openCase(ctx.schoolId, id);
    requireResolver(ctx, school.policy);
    await openReasonFormFor(services, ctx, school, c);
  });

  router.action(ACTIONS.amendN, z.string().max(100), async (ctx, value) => {
    const ref = parseMarkRef(value);
    if (!ref) throw new RollcallError('INVALID_INPUT', 'That button carried something Rollcall did not expect.');
    const school = await services.school(ctx.schoolId);
    requireResolver(ctx, school.policy);
    const mark = await services.db.prisma.sessionMark.findFirst({ where: { schoolId: school.id, pupilId: ref.pupilId, date: toDbDate(ref.date), session: ref.session }, include: { pupil: true } });
    if (!mark) throw new RollcallError('NOT_FOUND', 'That register entry is not there any more.');
    if (!isUnexplained(mark.code)) throw new RollcallError('CONFLICT', `That session is already coded ${mark.code}.`);
    const s = ref.session === 'AM' ? school.policy.register.am : school.policy.register.pm;
    const suggested = suggestedAmendment({ date: ref.date, session: ref.session, code: mark.code, minutesLate: mark.minutesLate }, { registerOpenMinutes: minutesBetween(s.opens, s.closes) });
    await ctx.openModal(reasonModal({
      headline: `**${fullName(mark.pupil)}** (${mark.pupil.className}) · N on ${dayLabel(ref.date)} ${ref.session}`,
      date: ref.date, sessions: [ref.session], privateMetadata: `mark:${markRef(ref.pupilId, ref.date, ref.session)}`, suggested,
    }));
  });
}
