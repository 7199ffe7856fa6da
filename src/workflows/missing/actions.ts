// The buttons on the card and in the thread. Presses that change something answer privately in one
// line; the card itself is updated through the outbox. Buttons that need a few words (Found, Add area,
// Reached, Police called, Wellbeing) open a short form.
import { z } from 'zod';
import { requireStaff } from '../../chat/context.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import type { ChatRouter } from '../../chat/router.js';
import { literal } from '../../chat/model.js';
import type { AppServices } from '../../core/workflow.js';
import { alreadyFound, envFor, incidentInSchool, requireResolver } from './env.js';
import { exportReport } from './export.js';
import { clockTime } from './format.js';
import { ACTION, parseContactValue } from './ids.js';
import { ack, staffActor, type IncidentEnv } from './incident-change.js';
import { addAreaModal, foundModal, policeModal, reachedModal, reportModal, wellbeingModal } from './modals.js';
import { recordContactAttempt } from './parents.js';
import { pupilName } from '../../core/pupil-names.js';
import { contactLabel } from './privacy.js';
import { INCIDENT_STATUS, resolverRoles, type ContactOutcome } from './rules.js';
import { claimArea, clearArea, confirmClassCover } from './search.js';

const id = z.string().min(1).max(100);
const contactRef = z.string().max(200).transform((v, ctx) => {
  const parsed = parseContactValue(v);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: 'not a contact' });
    return z.NEVER;
  }
  return parsed;
});

export function registerActions(router: ChatRouter, services: AppServices): void {
  router.action(ACTION.claim, id, async (ctx, areaId) => {
    const area = await claimArea(await envFor(services, ctx), areaId, staffActor(requireStaff(ctx)));
    return ack(`🔎 **You are searching ${literal(area.name)}.**`, 'Press "Searched - clear" on the card when you have looked everywhere there.');
  });

  router.action(ACTION.clear, id, async (ctx, areaId) => {
    const area = await clearArea(await envFor(services, ctx), areaId, staffActor(requireStaff(ctx)));
    return ack(`✅ **${literal(area.name)}: clear.** Thank you. Pick another area on the card.`);
  });

  router.action(ACTION.cover, id, async (ctx, incidentId) => {
    await confirmClassCover(await envFor(services, ctx), incidentId, staffActor(requireStaff(ctx)));
    return ack('✅ **Thank you.** The card now shows an adult is with the class.');
  });

  router.action(ACTION.found, id, async (ctx, incidentId) => {
    const env = await envFor(services, ctx);
    requireResolver(ctx, env);
    const { incident, name } = await openIncident(env, incidentId);
    await ctx.openModal(foundModal(incident.id, name));
  });

  router.action(ACTION.addArea, id, async (ctx, incidentId) => {
    const env = await envFor(services, ctx);
    requireStaff(ctx);
    const { incident } = await openIncident(env, incidentId);
    await ctx.openModal(addAreaModal(incident.id));
  });

  router.action(ACTION.police, id, async (ctx, incidentId) => {
    const env = await envFor(services, ctx);
    requireStaff(ctx);
    const incident = await incidentInSchool(env, incidentId);
    if (incident.policeCalledAt) {
      throw new RollcallError('CONFLICT', `The police call is already recorded: ${clockTime(incident.policeCalledAt, env.school.timezone)}, reference ${incident.policeReference ?? 'not given'}.`);
    }
    await ctx.openModal(policeModal(incident.id));
  });

  router.action(ACTION.wellbeing, id, async (ctx, incidentId) => {
    const env = await envFor(services, ctx);
    requireStaff(ctx);
    const incident = await incidentInSchool(env, incidentId);
    const pupil = await services.db.prisma.pupil.findUniqueOrThrow({ where: { id: incident.pupilId } });
    await ctx.openModal(wellbeingModal(incident.id, pupilName(pupil, 'private', env.school.policy.privacy)));
  });

  router.action(ACTION.report, z.string().max(20), async (ctx) => {
    requireStaff(ctx);
    await ctx.openModal(reportModal());
  });

  router.action(ACTION.exportReport, id, async (ctx, incidentId) => {
    const env = await envFor(services, ctx);
    const staff = requireResolver(ctx, env, 'export the incident report');
    await exportReport(env, incidentId, staffActor(staff, resolverRoles(env.school.policy)));
    return ack('📄 **The report is being posted** in the incident thread (Markdown and HTML).');
  });

  router.action(ACTION.reached, contactRef, async (ctx, ref) => {
    const env = await envFor(services, ctx);
    requireStaff(ctx);
    const incident = await incidentInSchool(env, ref.incidentId);
    const contact = await services.db.prisma.emergencyContact.findFirst({ where: { id: ref.contactId, pupilId: incident.pupilId }, include: { pupil: true } });
    if (!contact) throw new RollcallError('NOT_FOUND', 'That emergency contact is no longer on file for this pupil.');
    const privacy = env.school.policy.privacy;
    await ctx.openModal(reachedModal(`${ref.incidentId}:${ref.contactId}`, contactLabel({ ...contact, phone: null }, 'private', privacy), pupilName(contact.pupil, 'private', privacy)));
  });

  const noReply = (outcome: ContactOutcome, label: string) =>
    router.action(outcome === 'no-answer' ? ACTION.noAnswer : ACTION.voicemail, contactRef, async (ctx, ref) => {
      const env = await envFor(services, ctx);
      const { policePrompted } = await recordContactAttempt(env, { ...ref, outcome, actor: staffActor(requireStaff(ctx)) });
      return policePrompted
        ? ack(`Recorded: ${label}. 🚨 **Every contact has been tried: call the police now (999).**`)
        : ack(`Recorded: ${label}. **Call the next contact.**`);
    });
  noReply('no-answer', 'no answer');
  noReply('voicemail', 'voicemail left');
}

/** The incident behind a Found/Add area button, still being searched for (else who closed it). */
async function openIncident(env: IncidentEnv, incidentId: string) {
  const incident = await incidentInSchool(env, incidentId);
  const pupil = await env.services.db.prisma.pupil.findUniqueOrThrow({ where: { id: incident.pupilId } });
  if (incident.status !== INCIDENT_STATUS.searching) throw await alreadyFound(env.services.db.prisma, incident, env.school.timezone);
  return { incident, name: pupilName(pupil, 'private', env.school.policy.privacy) };
}
