// Form submissions: Log call (a ContactAttempt) and Reason (closes the case, amends the register). Values
// are validated by zod; a reason that the law says needs an explanation comes back beside the input.
import { z } from 'zod';
import type { AppServices } from '../../core/workflow.js';
import { type ChatRouter } from '../../chat/index.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import { fromDbDate } from '../../register/db-dates.js';
import { VIEWS, parseMarkRef } from './keys.js';
import { CONTACT_OUTCOMES } from './outcomes.js';
import { requireCaller, requireResolver } from './permissions.js';
import { logCall, recordReason, type ReasonInput } from './work.js';

const note = z.string().max(1000, { error: 'Keep the note under 1,000 characters.' }).optional();

export function registerViews(router: ChatRouter, services: AppServices): void {
  router.view(VIEWS.logCall, z.object({ contact: z.string().optional(), outcome: z.enum(CONTACT_OUTCOMES, { error: 'Choose how it went.' }), note }), async (ctx, values, { privateMetadata }) => {
    const school = await services.school(ctx.schoolId);
    const staff = requireCaller(ctx, school.policy);
    await logCall(services, school, staff, { caseId: privateMetadata, outcome: values.outcome, contactId: values.contact ?? null, note: values.note?.trim() || null }, ctx.now());
  });

  router.view(VIEWS.reason, z.object({ code: z.string({ error: 'Choose the register code.' }).min(1), note }), async (ctx, values, { privateMetadata }) => {
    const school = await services.school(ctx.schoolId);
    const staff = requireResolver(ctx, school.policy);
    const target = await reasonTarget(services, school.id, privateMetadata);
    await recordReason(services, school, staff, { ...target, code: values.code, note: values.note?.trim() || null }, ctx.now());
  });
}

/** `case:<id>` closes every open case of the pupil on that date; `mark:<ref>` that one register session. */
async function reasonTarget(services: AppServices, schoolId: string, metadata: string): Promise<Omit<ReasonInput, 'code' | 'note'>> {
  if (metadata.startsWith('mark:')) {
    const ref = parseMarkRef(metadata.slice(5));
    if (ref) return { pupilId: ref.pupilId, date: ref.date, sessions: [ref.session] };
  }
  if (metadata.startsWith('case:')) {
    const c = await services.db.prisma.unexplainedAbsence.findFirst({ where: { id: metadata.slice(5), schoolId } });
    if (c) return { pupilId: c.pupilId, date: fromDbDate(c.date) };
  }
  throw new RollcallError('NOT_FOUND', 'That absence is not on this school\'s list any more.');
}
