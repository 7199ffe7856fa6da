// The list of one session's cases as a chat message: the channel post that is updated in place, and the
// same list answered privately by /absences. Each open row carries Claim / Log call / Reason.
import { pupilName, yearLabel } from '../../core/pupil-names.js';
import { button, context, header, list, message, text, type Block, type ChatMessage, type Control, type ListRow } from '../../chat/index.js';
import type { SessionCompleteness } from '../../register/completeness.js';
import type { Policy } from '../../policy/schema.js';
import { localTimeOf } from '../../rules/local-time.js';
import type { IsoDate, Session } from '../../rules/types.js';
import type { AttemptView, CaseView, ContactView } from './case-views.js';
import { ACTIONS } from './keys.js';
import type { UnexplainedRow } from './morning-list.js';
import { OUTCOME_LABELS, isContactOutcome } from './outcomes.js';
import { concernLabel, contactLine, reasonLabel, showsContactsIn, type Audience } from './privacy.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mon 23 Nov". */
export function dayLabel(date: IsoDate): string {
  const d = new Date(`${date}T12:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

export interface ListOptions {
  audience: Audience;
  /** Contacts by pupil id, shown only where the policy allows it for the audience. */
  contacts?: ReadonlyMap<string, ContactView[]>;
  /** Which class registers are taken, and how fresh the register is. */
  register?: RegisterState;
}

export interface RegisterState {
  completeness: Pick<SessionCompleteness, 'notTaken' | 'anyMarks'>;
  /** "Register data as of 09:12." */
  freshness: string;
}

/** The classes whose register is not taken yet, with whoever takes it, so the office can chase them. */
export function registerBlocks(state: RegisterState | undefined): Block[] {
  if (!state) return [];
  const { notTaken } = state.completeness;
  const blocks: Block[] = [context(state.freshness)];
  if (notTaken.length === 0 || !state.completeness.anyMarks) return blocks;
  return [
    ...blocks,
    text(`**Registers not taken yet (${notTaken.length})**: their pupils are not counted as absent until the register is taken.`),
    list(notTaken.map((c) => ({ text: `**${c.className}** (${c.onRoll} pupils) · ${c.teachers.length ? c.teachers.join(', ') : 'no teacher recorded for this class'}` }))),
  ];
}

/** A session with no marks at all: one message to the office, no cases; it becomes the list as registers arrive. */
export function noRegisterDataMessage(date: IsoDate, session: Session, state: RegisterState): ChatMessage {
  const title = `No register data yet: ${session} ${dayLabel(date)}`;
  return message(
    title,
    header(title),
    context(`No marks have arrived for the ${session} register, so no absences are listed and no cases were opened. This post becomes the list as registers arrive. ${state.freshness}`),
  );
}

export function listMessage(policy: Policy, date: IsoDate, session: Session, cases: readonly CaseView[], options: ListOptions): ChatMessage {
  const open = cases.filter((c) => c.status === 'open');
  const claimed = open.filter((c) => c.claimedBy).length;
  const title = `Unexplained absences: ${session} ${dayLabel(date)}`;
  const counts = `${open.length} open · ${claimed} claimed · ${cases.length - open.length} resolved. Vulnerable pupils first.`;
  const privacyNote = showsContactsIn(policy, options.audience) ? '' : ' Claim a pupil to see the contact numbers privately.';
  if (options.register && !options.register.completeness.anyMarks && cases.length === 0) return noRegisterDataMessage(date, session, options.register);
  return message(
    `${title}: ${open.length} open of ${cases.length}`,
    header(title),
    context(`${counts}${privacyNote}`),
    ...registerBlocks(options.register),
    list(cases.map((c) => caseRow(policy, c, options)), 'No unexplained absences this session.'),
  );
}

export function caseRow(policy: Policy, c: CaseView, options: ListOptions): ListRow {
  const tz = policy.school.timezone;
  const concern = concernLabel(policy, c.vulnerability, options.audience);
  const lines = [
    [
      `**${pupilName(c.pupil, options.audience, policy.privacy)}**`,
      `${yearLabel(c.pupil.yearGroup)}, ${c.pupil.className}`,
      ...(concern ? [`_${concern}_`] : []),
      c.dayOfAbsence > 1 ? `day ${c.dayOfAbsence} absent` : 'first day absent',
    ].join(' · '),
  ];
  if (c.resolved) {
    lines.push(`Resolved: ${reasonLabel(policy, c.resolved.code, c.date, options.audience)}, by ${c.resolved.byName} at ${localTimeOf(c.resolved.at, tz)}${writeBackText(c.writeBack)}`);
  } else {
    lines.push(`Next: ${c.nextStep}`);
  }
  const work = [c.claimedBy ? `Claimed by ${c.claimedBy.name}` : 'Not claimed', attemptsText(c.attempts, tz)].filter((s) => s !== '');
  if (!c.resolved || c.attempts.length > 0) lines.push(work.join(' · '));
  const contacts = options.contacts?.get(c.pupil.id) ?? [];
  if (!c.resolved && contacts.length > 0 && showsContactsIn(policy, options.audience)) {
    lines.push(`Contacts: ${contacts.map((k) => contactLine(policy, k, options.audience)).join('; ')}`);
  }
  return c.resolved ? { text: lines.join('\n') } : { text: lines.join('\n'), controls: caseControls(c) };
}

export function caseControls(c: Pick<CaseView, 'id' | 'claimedBy'>): Control[] {
  return [
    ...(c.claimedBy ? [] : [button(ACTIONS.claim, 'Claim', c.id, { style: 'primary' })]),
    button(ACTIONS.logCall, 'Log call', c.id),
    button(ACTIONS.reason, 'Reason', c.id),
  ];
}

export function attemptsText(attempts: readonly AttemptView[], timezone: string): string {
  if (attempts.length === 0) return '';
  const items = attempts.map((a) => `${isContactOutcome(a.outcome) ? OUTCOME_LABELS[a.outcome].toLowerCase() : a.outcome} ${localTimeOf(a.at, timezone)}`);
  return `${attempts.length} attempt${attempts.length === 1 ? '' : 's'}: ${items.join(', ')}`;
}

/** A row computed from the register before any case exists (the list is not posted yet): no buttons. */
export function liveRow(policy: Policy, r: UnexplainedRow, audience: Audience): ListRow {
  const concern = concernLabel(policy, r.vulnerability, audience);
  const first = [
    `**${pupilName(r.pupil, audience, policy.privacy)}**`,
    `${yearLabel(r.pupil.yearGroup)}, ${r.pupil.className}`,
    ...(concern ? [`_${concern}_`] : []),
    r.consecutiveDays > 1 ? `day ${r.consecutiveDays} absent` : 'first day absent',
  ].join(' · ');
  return { text: `${first}\nNext: ${r.nextStep}` };
}

function writeBackText(w: CaseView['writeBack']): string {
  if (!w) return '';
  if (w.status === 'accepted') return ' · Written to the MIS';
  if (w.status === 'refused') return ` · MIS refused it: ${w.detail ?? 'no reason given'} (enter it in the MIS by hand)`;
  return ' · Waiting to be written to the MIS';
}
