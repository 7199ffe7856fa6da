// The short forms' submissions: Found (where + wellbeing), Add area, Call answered (has the parent heard
// from the pupil?), Police called (reference and time) and the later wellbeing check. Answers go to the
// person privately; problems with a value are shown beside the field.
import { z } from 'zod';
import { requireStaff } from '../../chat/context.js';
import { isRollcallError, RollcallError } from '../../errors/rollcall-error.js';
import type { ChatRouter } from '../../chat/router.js';
import { literal } from '../../chat/model.js';
import { instantAt, localDateOf } from '../../rules/local-time.js';
import type { AppServices } from '../../core/workflow.js';
import { raiseAndAnswer } from './commands.js';
import { envFor, requireResolver } from './env.js';
import { pupilFromArgs } from '../../core/pupil-args.js';
import { clockTime } from './format.js';
import { parseContactValue, VIEW } from './ids.js';
import { ack, staffActor } from './incident-change.js';
import { recordContactAttempt, recordPoliceCall } from './parents.js';
import { resolveIncident, recordWellbeing } from './resolve.js';
import { resolverRoles, WELLBEING, WELLBEING_VALUES } from './rules.js';
import { addArea } from './search.js';

const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => (v ? v : null));
const wellbeing = z.enum(WELLBEING_VALUES, { error: `Choose one: ${Object.values(WELLBEING).join(', ')}` });

const foundValues = z.object({
  where: z.string({ error: 'Say where the pupil was found.' }).trim().min(1, 'Say where the pupil was found.').max(300),
  wellbeing: z.string({ error: 'Choose how the pupil is.' }).pipe(wellbeing),
  notes: optionalText(1000),
});
const wellbeingValues = z.object({ wellbeing: z.string({ error: 'Choose how the pupil is.' }).pipe(wellbeing), notes: optionalText(1000) });
const areaValues = z.object({ name: z.string({ error: 'Say which area to add.' }).trim().min(1, 'Say which area to add.').max(100) });
const reachedValues = z.object({ heard: z.enum(['yes', 'no'], { error: 'Choose Yes or No.' }), note: optionalText(1000) });
const policeValues = z.object({
  reference: z.string({ error: 'Enter the reference the police gave.' }).trim().min(1, 'Enter the reference the police gave.').max(100),
  time: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write the time as HH:MM, e.g. 10:47.').optional(),
});

const reportValues = z.object({
  pupil: z.string({ error: 'Type the pupil\'s name or UPN.' }).trim().min(1, 'Type the pupil\'s name or UPN.').max(100),
  lastSeen: z.string().trim().max(300).optional(),
});

export function registerViews(router: ChatRouter, services: AppServices): void {
  router.view(VIEW.report, reportValues, async (ctx, values) => {
    const staff = requireStaff(ctx);
    const env = await envFor(services, ctx);
    const today = localDateOf(services.clock.now(), env.school.timezone);
    const lastSeen = values.lastSeen ?? '';
    // Several pupils fit: the pick list's buttons raise the search for the one chosen, with this note.
    const pick = await pupilFromArgs(services.db.prisma, env.school.id, { command: '/missing', text: values.pupil, onRollOn: today, shape: { kind: 'only' }, carry: lastSeen }).catch((e: unknown) => {
      if (isRollcallError(e) && e.code === 'UNKNOWN_PUPIL') throw new RollcallError('INVALID_INPUT', e.message, { fields: { pupil: e.message } });
      throw e;
    });
    if (pick.kind === 'choose') return pick.answer;
    return raiseAndAnswer(env, staff, pick.pupil, lastSeen);
  });

  router.view(VIEW.found, foundValues, async (ctx, values, { privateMetadata }) => {
    const env = await envFor(services, ctx);
    const staff = requireResolver(ctx, env);
    await resolveIncident(env, { incidentId: privateMetadata, where: values.where, wellbeing: values.wellbeing, notes: values.notes, actor: staffActor(staff, resolverRoles(env.school.policy)) });
    return ack(`✅ **Recorded: found (${literal(values.where)}).** The search is over.`, 'The follow-up tasks are on the card.');
  });

  router.view(VIEW.wellbeing, wellbeingValues, async (ctx, values, { privateMetadata }) => {
    const env = await envFor(services, ctx);
    await recordWellbeing(env, { incidentId: privateMetadata, wellbeing: values.wellbeing, notes: values.notes, actor: staffActor(requireStaff(ctx)) });
    return ack(`Recorded the wellbeing check: ${WELLBEING[values.wellbeing]}.`);
  });

  router.view(VIEW.addArea, areaValues, async (ctx, values, { privateMetadata }) => {
    const env = await envFor(services, ctx);
    const area = await addArea(env, privateMetadata, values.name, staffActor(requireStaff(ctx)));
    return ack(`Added **${literal(area.name)}** to the search list.`);
  });

  router.view(VIEW.reached, reachedValues, async (ctx, values, { privateMetadata }) => {
    const ref = parseContactValue(privateMetadata);
    if (!ref) throw new RollcallError('INVALID_INPUT', 'That form was for a contact Rollcall cannot find. Use the buttons on the latest message.');
    const env = await envFor(services, ctx);
    const heard = values.heard === 'yes';
    const { policePrompted } = await recordContactAttempt(env, { ...ref, outcome: 'reached', heardFromPupil: heard, ...(values.note ? { note: values.note } : {}), actor: staffActor(requireStaff(ctx)) });
    if (heard) return ack('Recorded: they have heard from the pupil.', 'If the pupil is safe, press Found on the card.');
    return policePrompted
      ? ack('Recorded. 🚨 **Every contact has been tried: call the police now (999).**')
      : ack('Recorded. **Call the next contact** if there is one.');
  });

  router.view(VIEW.police, policeValues, async (ctx, values, { privateMetadata }) => {
    const env = await envFor(services, ctx);
    const now = services.clock.now();
    const tz = env.school.timezone;
    const calledAt = values.time ? instantAt(localDateOf(now, tz), values.time, tz) : now;
    if (calledAt.getTime() > now.getTime() + 60_000) {
      throw new RollcallError('INVALID_INPUT', 'That time is still to come.', { fields: { time: `It is only ${clockTime(now, tz)} now: give the time of the call, or leave it empty.` } });
    }
    await recordPoliceCall(env, { incidentId: privateMetadata, reference: values.reference, calledAt, actor: staffActor(requireStaff(ctx)) });
    return ack(`Recorded: police called at ${clockTime(calledAt, tz)}, reference ${literal(values.reference)}.`, 'Keep searching; the card shows the reference.');
  });
}
