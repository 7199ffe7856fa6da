// /call and /reason from their words: permission first, then the pupil (longest matching name), then the
// outcome or code and an optional note. The pick-pupil select re-runs these with the chosen UPN.
import type { AppServices } from '../../core/workflow.js';
import { message, text, type ChatMessage, type HandlerContext } from '../../chat/index.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import { pupilDisplayName } from '../../register/pupil-lookup.js';
import { codeOn, formatDate, isIsoDate } from '../../rules/index.js';
import { localDateOf } from '../../rules/local-time.js';
import { CONTACT_OUTCOMES, OUTCOME_LABELS, parseOutcome } from './outcomes.js';
import { requireCaller, requireResolver } from './permissions.js';
import { pupilFromTokens } from './pupil-args.js';
import { latestOpenCase, logCall, reasonDate, recordReason } from './work.js';

export const CALL_USAGE = '/call <pupil> <outcome> [#contact] [note]   e.g. /call Amy Brown no-answer #2 rang twice';
export const REASON_USAGE = '/reason <pupil> <code> [YYYY-MM-DD] [note]   e.g. /reason Amy Brown I tummy bug, mum rang';

export async function runCall(services: AppServices, ctx: HandlerContext, tokens: readonly string[]): Promise<ChatMessage> {
  const school = await services.school(ctx.schoolId);
  const staff = requireCaller(ctx, school.policy);
  const now = ctx.now();
  const pick = await pupilFromTokens(services.db.prisma, school.id, tokens, { verb: 'call', onRollOn: localDateOf(now, school.timezone), isArgument: (t) => !!parseOutcome(t) });
  if (pick.kind === 'choose') return pick.answer;
  const [outcomeWord = '', ...rest] = pick.rest;
  const outcome = parseOutcome(outcomeWord);
  if (!outcome) {
    throw new RollcallError('INVALID_INPUT', `"${outcomeWord}" is not an outcome. Use one of: ${CONTACT_OUTCOMES.join(', ')}.`, { usage: CALL_USAGE });
  }
  let contactId: string | null = null;
  let contactText = '';
  const priority = /^#(\d{1,2})$/.exec(rest[0] ?? '');
  if (priority) {
    rest.shift();
    const contact = await services.db.prisma.emergencyContact.findUnique({ where: { pupilId_priority: { pupilId: pick.pupil.id, priority: Number(priority[1]) } } });
    if (!contact) throw new RollcallError('INVALID_INPUT', `${pupilDisplayName(pick.pupil)} has no contact #${priority[1]}.`, { usage: CALL_USAGE });
    contactId = contact.id;
    contactText = ` (${contact.name}, ${contact.relationship})`;
  }
  const target = await latestOpenCase(services, school.id, pick.pupil.id);
  const note = rest.join(' ').trim() || null;
  const result = await logCall(services, school, staff, { caseId: target.id, outcome, contactId, note }, now);
  const claimed = result.claimed ? ' You now have this pupil (claimed).' : '';
  return message('Call logged', text(`Logged **${OUTCOME_LABELS[outcome].toLowerCase()}**${contactText} for ${pupilDisplayName(pick.pupil)}, ${target.session} ${formatDate(target.date)}.${claimed}`));
}

export async function runReason(services: AppServices, ctx: HandlerContext, tokens: readonly string[]): Promise<ChatMessage> {
  const school = await services.school(ctx.schoolId);
  const staff = requireResolver(ctx, school.policy);
  const now = ctx.now();
  const today = localDateOf(now, school.timezone);
  const pick = await pupilFromTokens(services.db.prisma, school.id, tokens, { verb: 'reason', onRollOn: today, isArgument: (t) => !!codeOn(t.toUpperCase(), today) });
  if (pick.kind === 'choose') return pick.answer;
  const [code = '', ...rest] = pick.rest;
  const date = rest[0] && isIsoDate(rest[0]) ? rest.shift()! : await reasonDate(services, school.id, pick.pupil.id, today);
  if (date > today) throw new RollcallError('INVALID_INPUT', 'A reason cannot be recorded for a date still to come.', { usage: REASON_USAGE });
  const result = await recordReason(services, school, staff, { pupilId: pick.pupil.id, date, code, note: rest.join(' ').trim() || null }, now);
  const meaning = codeOn(result.code, date)?.meaning ?? '';
  return message(
    'Reason recorded',
    text(`Recorded **${result.code}** (${meaning}) for ${pupilDisplayName(pick.pupil)}, ${result.sessions.join(' and ')} on ${formatDate(date)}. The register is amended from N; the amendment keeps who, when and why.`),
  );
}
