// The two slash commands: `/missing <pupil> [last seen]` (any member of staff) starts a search, and
// `/found <pupil> [where]` (the search lead, office, DSL or head) ends one; `/found` without a place
// opens the Found form so the wellbeing check is recorded with it.
import { z } from 'zod';
import { RollcallError } from '../../errors/rollcall-error.js';
import { actions, button, context, literal, message, text, type ChatMessage } from '../../chat/model.js';
import { clipText, cutNotice } from '../../chat/text.js';
import type { StaffIdentity } from '../../chat/port.js';
import type { Pupil } from '../../db/generated/client.js';
import type { ChatRouter } from '../../chat/router.js';
import { localDateOf } from '../../rules/local-time.js';
import type { AppServices } from '../../core/workflow.js';
import { envFor, requireResolver } from './env.js';
import { clockTime } from './format.js';
import { ACTION } from './ids.js';
import { ack, staffActor, type IncidentEnv } from './incident-change.js';
import { foundModal } from './modals.js';
import { fullName, pupilName } from '../../core/pupil-names.js';
import { pupilFromArgs } from '../../core/pupil-args.js';
import { raiseIncident } from './raise.js';
import { resolveIncident } from './resolve.js';
import { INCIDENT_STATUS, resolverRoles } from './rules.js';

const MAX_TEXT = 300;

/** Raises (or points to) the pupil's incident and says what happens next, for /missing and the App Home form. */
export async function raiseAndAnswer(env: IncidentEnv, staff: StaffIdentity, pupil: Pupil, lastSeenText: string, request?: string): Promise<ChatMessage> {
  const { school } = env;
  const clipped = clipText(lastSeenText, MAX_TEXT);
  const lastSeen = clipped.text || null;
  const result = await raiseIncident(env, { pupil, reporter: staffActor(staff), lastSeen, ...(request ? { request } : {}) });
  const name = pupilName(pupil, 'private', school.policy.privacy);
  const channel = school.policy.channels.incidents;
  const cut = clipped.cut ? ` ${cutNotice(MAX_TEXT, 'last-seen note')} Add the rest in the card's thread.` : '';
  if (result.kind === 'already-open') {
    const since = clockTime(result.incident.reportedAt, school.timezone);
    return ack(`**${name} is already being searched for** (since ${since}).${lastSeen ? ' Your last-seen note was added.' : ''}${cut}`, `Help from the card in ${channel}.`);
  }
  const deadline = clockTime(result.incident.parentDeadlineAt, school.timezone);
  return ack(`**Search started for ${name}.** Parents must be told at **${deadline}** if not found.${cut}`, `Make sure an adult stays with the class, then search from the card in ${channel}.`);
}

/** Someone not on the staff list cannot start a search, and must not be left waiting under a 10-minute clock. */
function notStaffAnswer(school: { policy: { missingPupil: { pointOfContactRole: string } } }): ChatMessage {
  const office = school.policy.missingPupil.pointOfContactRole.replace(/-/g, ' ');
  return message(
    'Tell the school office now: no search was started',
    text(`🚨 **If a pupil is missing, tell the school ${office} now, in person or by phone.** You are not on Rollcall's staff list, so no search was started and nobody has been told.`),
    context('Ask the data manager to add your chat account to the staff list so that you can report a missing pupil here next time.'),
  );
}

export function registerCommands(router: ChatRouter, services: AppServices): void {
  router.command('/missing', z.array(z.string()).min(1, 'Say which pupil is missing.'), async (ctx, _tokens, input) => {
    const env = await envFor(services, ctx);
    const { school } = env;
    const staff = ctx.actor.staff;
    if (!staff) return notStaffAnswer(school);
    const today = localDateOf(ctx.now(), school.timezone);
    const pick = await pupilFromArgs(services.db.prisma, school.id, { command: '/missing', text: input.text, onRollOn: today, shape: { kind: 'then-text' } });
    if (pick.kind === 'choose') return pick.answer;
    const request = ctx.delivery.key.endsWith(':unkeyed') ? undefined : ctx.delivery.key;
    return raiseAndAnswer(env, staff, pick.pupil, pick.rest, request);
  }, { usage: '/missing <pupil> [class] [where last seen]   e.g. /missing Amy Brown 3B by the gate', description: 'Report a pupil missing in school and start the search', allowGuests: true });

  router.command('/found', z.array(z.string()), async (ctx, tokens, input) => {
    const env = await envFor(services, ctx);
    const staff = requireResolver(ctx, env);
    const { school } = env;
    const open = await services.db.prisma.missingPupilIncident.findMany({
      where: { schoolId: school.id, status: INCIDENT_STATUS.searching }, include: { pupil: true }, orderBy: { reportedAt: 'asc' },
    });
    const openNames = open.map((i) => pupilName(i.pupil, 'private', school.policy.privacy));
    if (open.length === 0) throw new RollcallError('NOT_FOUND', 'No pupil is being searched for right now.');
    let incident = open.length === 1 && tokens.length === 0 ? open[0] : undefined;
    let rest = '';
    if (!incident) {
      if (tokens.length === 0) throw new RollcallError('INVALID_INPUT', `Say which pupil has been found: ${openNames.join(', ')}.`, { usage: '/found <pupil> [where]' });
      const today = localDateOf(ctx.now(), school.timezone);
      const openPupils = new Set(open.map((i) => i.pupilId));
      const pick = await pupilFromArgs(services.db.prisma, school.id, { command: '/found', text: input.text, onRollOn: today, shape: { kind: 'then-text' }, prefer: (id) => openPupils.has(id) });
      if (pick.kind === 'choose') return pick.answer;
      incident = open.find((i) => i.pupilId === pick.pupil.id);
      rest = pick.rest;
      if (!incident) {
        throw new RollcallError('NOT_FOUND', `${fullName(pick.pupil)} is not being searched for. Pupils missing now: ${openNames.join(', ')}.`);
      }
    }
    const name = pupilName(incident.pupil, 'private', school.policy.privacy);
    const clipped = clipText(rest, MAX_TEXT);
    const where = clipped.text;
    if (where === '') {
      await ctx.openModal(foundModal(incident.id, name));
      return;
    }
    await resolveIncident(env, { incidentId: incident.id, where, wellbeing: null, notes: null, actor: staffActor(staff, resolverRoles(school.policy)) });
    return message(
      `Recorded: ${name} found`,
      text(`✅ **Recorded: ${name} found** (${literal(where)}). The search is over.${incident.parentAlertAt ? ' Tell the parents now.' : ' No parent alert will be sent.'}${clipped.cut ? ` ${cutNotice(MAX_TEXT, 'note of where')}` : ''}`),
      actions(button(ACTION.wellbeing, 'Record wellbeing check', incident.id, { style: 'primary' })),
    );
  }, { usage: '/found <pupil> [where]   e.g. /found Amy Brown in the library', description: 'Record that a missing pupil has been found (ends the search)' });
}
