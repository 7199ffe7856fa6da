// The Log call and Reason forms. Both carry the case (or the register session) in private metadata and
// are validated again on submit: the modal is a convenience, not a permission.
import { context, text, type Modal, type SelectOption } from '../../chat/index.js';
import type { Policy } from '../../policy/schema.js';
import { codeOn, validCodesOn, type IsoDate, type Session } from '../../rules/index.js';
import type { CaseView, ContactView } from './case-views.js';
import { caseHeadline } from './case-card.js';
import { VIEWS } from './keys.js';
import { attemptsText, dayLabel } from './list-message.js';
import { CONTACT_OUTCOMES, OUTCOME_LABELS } from './outcomes.js';
import { contactLine } from './privacy.js';

export function logCallModal(policy: Policy, c: CaseView, contacts: readonly ContactView[]): Modal {
  const tried = new Set(c.attempts.map((a) => a.contact?.id));
  const next = contacts.find((k) => !tried.has(k.id)) ?? contacts[0];
  const contactOptions: SelectOption[] = contacts.map((k) => ({ label: contactLine(policy, k, 'private'), value: k.id }));
  return {
    callbackId: VIEWS.logCall,
    title: 'Log a call',
    submitLabel: 'Log it',
    intro: [text(caseHeadline(policy, c)), context(attemptsText(c.attempts, policy.school.timezone) || 'No attempts yet.')],
    inputs: [
      ...(contactOptions.length
        ? [{ kind: 'select' as const, id: 'contact', label: 'Who was contacted', options: contactOptions, optional: true, ...(next ? { initialValue: next.id } : {}) }]
        : []),
      { kind: 'select', id: 'outcome', label: 'Outcome', options: CONTACT_OUTCOMES.map((o) => ({ label: OUTCOME_LABELS[o], value: o })) },
      { kind: 'multiline', id: 'note', label: 'Note (stays private)', optional: true, maxLength: 1000 },
    ],
    privateMetadata: c.id,
  };
}

/**
 * Absence codes in the order schools use them most (DfE "Pupil absence in schools in England": illness,
 * then unauthorised other, medical, holidays, exceptional leave, late after close, suspension...); codes
 * not named come after these in the national table's order.
 */
const ABSENCE_CODES_BY_USE = ['I', 'M', 'O', 'G', 'C', 'U', 'E', 'R', 'H', 'T', 'C2', 'C1', 'J1', 'J', 'S', 'Y7', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y', 'Q', 'X', 'D', 'F'];

/**
 * Codes a reason can be on that date for those sessions: absence codes first by use, then approved
 * educational activity (a trip nobody had entered), then arrival codes (L, and the session's own present
 * mark when one session is amended). Never N itself, the other session's present mark, or the
 * administrative Z and # (not an individual pupil's reason).
 */
export function reasonOptions(date: IsoDate, sessions: readonly Session[]): SelectOption[] {
  const present = sessions.length === 1 ? (sessions[0] === 'AM' ? '/' : '\\') : undefined;
  const group = (code: string): number => {
    const category = codeOn(code, date)?.category;
    if (category === 'present') return 2;
    return category === 'approved-educational-activity' ? 1 : 0;
  };
  const byUse = (code: string): number => {
    const i = ABSENCE_CODES_BY_USE.indexOf(code);
    return i < 0 ? ABSENCE_CODES_BY_USE.length : i;
  };
  const table = validCodesOn(date);
  return table
    .filter((code) => code !== 'N' && codeOn(code, date)?.category !== 'administrative')
    .filter((code) => (code !== '/' && code !== '\\') || code === present)
    .sort((a, b) => group(a) - group(b) || byUse(a) - byUse(b) || table.indexOf(a) - table.indexOf(b))
    .map((code) => ({ label: `${code}: ${codeOn(code, date)?.meaning ?? ''}`, value: code }));
}

export function reasonModal(target: { headline: string; date: IsoDate; sessions: readonly Session[]; privateMetadata: string; suggested?: string }): Modal {
  return {
    callbackId: VIEWS.reason,
    title: 'Record the reason',
    submitLabel: 'Save',
    intro: [text(target.headline), context(`Amends the register for ${target.sessions.join(' and ')} on ${dayLabel(target.date)} (N to the code chosen), keeping who and why.`)],
    inputs: [
      { kind: 'select', id: 'code', label: 'Register code', options: reasonOptions(target.date, target.sessions), ...(target.suggested ? { initialValue: target.suggested } : {}) },
      { kind: 'multiline', id: 'note', label: 'Explanation', placeholder: 'Required for B, K and Y7: what the activity or cause is, and where', optional: true, maxLength: 1000 },
    ],
    privateMetadata: target.privateMetadata,
  };
}
