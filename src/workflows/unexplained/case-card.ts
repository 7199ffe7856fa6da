// The private card for the member of staff working a case (the answer to Claim, the App Home rows): the
// pupil with their flags, the contacts with numbers (unless the policy says never), the attempts so far
// with notes, the next step and the buttons. Never posted to a channel.
import { pupilName, yearLabel } from '../../core/pupil-names.js';
import { actions, context, literal, message, text, type Block, type ChatMessage } from '../../chat/index.js';
import type { Policy } from '../../policy/schema.js';
import { localTimeOf } from '../../rules/local-time.js';
import type { CaseView, ContactView } from './case-views.js';
import { caseControls, dayLabel } from './list-message.js';
import { OUTCOME_LABELS, isContactOutcome } from './outcomes.js';
import { concernLabel, contactLine, reasonLabel } from './privacy.js';

export function caseHeadline(policy: Policy, c: CaseView): string {
  const concern = concernLabel(policy, c.vulnerability, 'private');
  const days = c.dayOfAbsence > 1 ? `day ${c.dayOfAbsence} absent` : 'first day absent';
  return `**${pupilName(c.pupil, 'private', policy.privacy)}** (${yearLabel(c.pupil.yearGroup)}, ${c.pupil.className}${concern ? `; ${concern}` : ''}) · ${c.session} ${dayLabel(c.date)} · ${days}`;
}

export function caseCard(policy: Policy, c: CaseView, contacts: readonly ContactView[], intro?: string): ChatMessage {
  const tz = policy.school.timezone;
  const blocks: Block[] = [];
  if (intro) blocks.push(text(intro));
  blocks.push(text(caseHeadline(policy, c)));
  blocks.push(text(contacts.length ? `Contacts:\n${contacts.map((k) => contactLine(policy, k, 'private')).join('\n')}` : 'No emergency contacts on file.'));
  if (c.attempts.length) {
    const lines = c.attempts.map((a) => {
      const outcome = isContactOutcome(a.outcome) ? OUTCOME_LABELS[a.outcome] : a.outcome;
      const who = a.contact ? ` ${a.contact.name} (${a.contact.relationship})` : '';
      return `- ${localTimeOf(a.at, tz)} ${outcome}${who}, by ${a.byName}${a.note ? `: ${literal(a.note)}` : ''}`;
    });
    blocks.push(text(`Attempts:\n${lines.join('\n')}`));
  }
  if (c.resolved) {
    blocks.push(context(`Resolved: ${reasonLabel(policy, c.resolved.code, c.date, 'private')} by ${c.resolved.byName} at ${localTimeOf(c.resolved.at, tz)}`));
    return message(`${pupilName(c.pupil, 'private', policy.privacy)}: resolved`, ...blocks);
  }
  blocks.push(context(`Next: ${c.nextStep}${c.claimedBy ? ` · claimed by ${c.claimedBy.name}` : ''}`));
  blocks.push(actions(...caseControls(c)));
  return message(`${pupilName(c.pupil, 'private', policy.privacy)}: ${c.nextStep}`, ...blocks);
}
