// /call and /reason from what was typed: permission first, then the outcome or code word and the pupil
// before it (core/pupil-args.ts: a pick list when several pupils fit), then an optional contact and note.
// `/reason <pupil>` with no code opens the Reason form for the pupil's open absence.
import type { AppServices } from '../../core/workflow.js';
import { context, message, text, type Block, type ChatMessage, type HandlerContext } from '../../chat/index.js';
import { clipText, cutNotice } from '../../chat/text.js';
import { pupilFromArgs } from '../../core/pupil-args.js';
import { fullName } from '../../core/pupil-names.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import { isKnownCode, WITHDRAWN_CODES } from '../../policy/known-codes.js';
import { codeOn, formatDate, isIsoDate } from '../../rules/index.js';
import { localDateOf } from '../../rules/local-time.js';
import { CONTACT_OUTCOMES, OUTCOME_LABELS, parseOutcome } from './outcomes.js';
import { requireCaller, requireResolver } from './permissions.js';
import { openReasonForm } from './reason-form.js';
import { latestOpenCase, logCall, reasonDate, recordReason } from './work.js';

/** As the Log call and Reason forms allow. */
const MAX_NOTE = 1000;

export const CALL_USAGE = '/call <pupil> <reached|no-answer|voicemail|wrong-number|text|email|home-visit> [#contact] [note]   e.g. /call Amy Brown no-answer #2 rang twice';
export const REASON_USAGE = '/reason <pupil> [code] [YYYY-MM-DD] [note]   e.g. /reason Amy Brown I tummy bug, mum rang';

export async function runCall(services: AppServices, ctx: HandlerContext, typed: string): Promise<ChatMessage> {
  const school = await services.school(ctx.schoolId);
  const staff = requireCaller(ctx, school.policy);
  const now = ctx.now();
  const notAnOutcome = (word: string) => new RollcallError('INVALID_INPUT', `"${word}" is not an outcome. Use one of: ${CONTACT_OUTCOMES.join(', ')}.`, { usage: CALL_USAGE });
  const pick = await pupilFromArgs(services.db.prisma, school.id, {
    command: '/call', text: typed, onRollOn: localDateOf(now, school.timezone),
    shape: { kind: 'then-word', isWord: (t) => parseOutcome(t) !== undefined, notAWord: notAnOutcome },
  });
  if (pick.kind === 'choose') return pick.answer;
  const outcome = parseOutcome(pick.word ?? '');
  if (!outcome) throw new RollcallError('INVALID_INPUT', `Say how it went: one of ${CONTACT_OUTCOMES.join(', ')}.`, { usage: CALL_USAGE });
  let rest = pick.rest;
  let contactId: string | null = null;
  let contactText = '';
  const priority = /^#(\d{1,2})(?:\s+|$)/.exec(rest);
  if (priority) {
    rest = rest.slice(priority[0].length);
    const contact = await services.db.prisma.emergencyContact.findUnique({ where: { pupilId_priority: { pupilId: pick.pupil.id, priority: Number(priority[1]) } } });
    if (!contact) throw new RollcallError('INVALID_INPUT', `${fullName(pick.pupil)} has no contact #${priority[1]}.`, { usage: CALL_USAGE });
    contactId = contact.id;
    contactText = ` (${contact.name}, ${contact.relationship})`;
  }
  const target = await latestOpenCase(services, school.id, pick.pupil.id);
  const note = clipText(rest, MAX_NOTE);
  const result = await logCall(services, school, staff, { caseId: target.id, outcome, contactId, note: note.text || null }, now);
  const claimed = result.claimed ? ' You now have this pupil (claimed).' : '';
  return message('Call logged', text(`Logged **${OUTCOME_LABELS[outcome].toLowerCase()}**${contactText} for ${fullName(pick.pupil)}, ${target.session} ${formatDate(target.date)}.${claimed}`), ...cutContext(note.cut));
}

export async function runReason(services: AppServices, ctx: HandlerContext, typed: string): Promise<ChatMessage | void> {
  const school = await services.school(ctx.schoolId);
  const staff = requireResolver(ctx, school.policy);
  const now = ctx.now();
  const today = localDateOf(now, school.timezone);
  // Any register code, old ones too, so that checkReason can say why one cannot be used ("H was withdrawn").
  const isCode = (t: string) => isKnownCode(t.toUpperCase()) || t.toUpperCase() in WITHDRAWN_CODES;
  const notACode = (word: string) => new RollcallError('INVALID_INPUT', `"${word}" is not a register code. Leave the code out to choose it from a list.`, { usage: REASON_USAGE });
  const pick = await pupilFromArgs(services.db.prisma, school.id, { command: '/reason', text: typed, onRollOn: today, shape: { kind: 'then-word', isWord: isCode, notAWord: notACode } });
  if (pick.kind === 'choose') return pick.answer;
  if (pick.word === undefined) return openReasonForm(services, ctx, school, pick.pupil);
  const first = pick.rest.split(/\s+/)[0] ?? '';
  const dated = isIsoDate(first);
  const date = dated ? first : await reasonDate(services, school.id, pick.pupil.id, today);
  const note = clipText(dated ? pick.rest.slice(first.length) : pick.rest, MAX_NOTE);
  if (date > today) throw new RollcallError('INVALID_INPUT', 'A reason cannot be recorded for a date still to come.', { usage: REASON_USAGE });
  const result = await recordReason(services, school, staff, { pupilId: pick.pupil.id, date, code: pick.word, note: note.text || null }, now);
  const meaning = codeOn(result.code, date)?.meaning ?? '';
  return message(
    'Reason recorded',
    text(`Recorded **${result.code}** (${meaning}) for ${fullName(pick.pupil)}, ${result.sessions.join(' and ')} on ${formatDate(date)}. The register is amended from N; the amendment keeps who, when and why.`),
    ...cutContext(note.cut),
  );
}

function cutContext(cut: boolean): Block[] {
  return cut ? [context(cutNotice(MAX_NOTE))] : [];
}
