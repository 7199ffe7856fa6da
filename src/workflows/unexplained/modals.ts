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

/** Codes a reason can be: every code valid on the date except N itself. */
export function reasonOptions(date: IsoDate): SelectOption[] {
  return validCodesOn(date)
    .filter((code) => code !== 'N')
    .map((code) => ({ label: `${code}: ${codeOn(code, date)?.meaning ?? ''}`, value: code }));
}

export function reasonModal(target: { headline: string; date: IsoDate; sessions: readonly Session[]; privateMetadata: string; suggested?: string }): Modal {
  return {
    callbackId: VIEWS.reason,
    title: 'Record the reason',
    submitLabel: 'Save',
    intro: [text(target.headline), context(`Amends the register for ${target.sessions.join(' and ')} on ${dayLabel(target.date)} (N to the code chosen), keeping who and why.`)],
    inputs: [
      { kind: 'select', id: 'code', label: 'Register code', options: reasonOptions(target.date), ...(target.suggested ? { initialValue: target.suggested } : {}) },
      { kind: 'multiline', id: 'note', label: 'Explanation (needed for B, K and Y7)', optional: true, maxLength: 1000 },
    ],
    privateMetadata: target.privateMetadata,
  };
}
