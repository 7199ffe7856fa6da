// What an escalation says: a short line in the list's thread (channel rules: safeguarding steps are not
// spelled out below privacy level `full`) and a fuller direct message to whoever owns the step, with the
// contact to try, the attempts so far and the case buttons.
import { pupilName, yearLabel } from '../../core/pupil-names.js';
import { actions, context, message, text, type ChatMessage } from '../../chat/index.js';
import type { Policy } from '../../policy/schema.js';
import { localTimeOf } from '../../rules/local-time.js';
import type { CaseView, ContactView } from './case-views.js';
import { ACTION_LABELS, type LadderStep } from './ladder.js';
import { attemptsText, caseControls, dayLabel } from './list-message.js';
import { concernLabel, contactLine } from './privacy.js';

export interface Nudge {
  step: Pick<LadderStep, 'id' | 'action' | 'ownerRole'>;
  /** Why (home-visit triggers). */
  reason?: string | null;
  /** The contact to try next, for contact steps; null when every contact has been tried. */
  contact?: ContactView | null;
}

const SAFEGUARDING: readonly LadderStep['action'][] = ['notify-dsl', 'inform-social-worker', 'police-safe-and-well-check'];

function role(r: string): string {
  return r === 'dsl' ? 'DSL' : r.replace(/-/g, ' ');
}

function whatToDo(policy: Policy, n: Nudge, audience: 'channel' | 'private'): string {
  const { action, ownerRole } = n.step;
  if (audience === 'channel' && SAFEGUARDING.includes(action) && policy.privacy.level !== 'full') {
    // The same words for every such step of an owner, so steps due together show one line (escalation.ts).
    return `Safeguarding follow-up passed to the ${action === 'notify-dsl' ? 'DSL' : role(ownerRole)}.`;
  }
  const who = (c: ContactView) => (audience === 'private' || policy.privacy.contactDetailsIn === 'any' ? contactLine(policy, c, audience) : c.relationship);
  switch (action) {
    case 'call-first-contact':
    case 'call-next-contact':
    case 'text':
    case 'email':
    case 'letter': {
      const label = ACTION_LABELS[action];
      if (n.contact === null) return `No contact yet, and every contact has been tried: ${label.toLowerCase()} again or escalate.`;
      return `No contact yet: ${label.toLowerCase()}${n.contact ? ` (${who(n.contact)})` : ''}.`;
    }
    case 'notify-dsl':
      return audience === 'private' ? 'Rollcall has told the DSL: this vulnerable pupil is absent with no reason yet.' : 'The DSL has been told.';
    case 'inform-social-worker':
      return `Task for the ${role(ownerRole)}: tell the pupil's social worker about the absence.`;
    case 'home-visit':
      return `Home visit needed${n.reason && (audience === 'private' || policy.privacy.level === 'full') ? ` (${n.reason})` : ''}: task for the ${role(ownerRole)}.`;
    case 'police-safe-and-well-check':
      return `Continued concern and still no contact: the ${role(ownerRole)} should consider asking the police for a safe and well check.`;
  }
}

/** When the step was due, and when it was sent (later, after Rollcall was stopped). */
export interface NudgeTiming {
  dueAt: Date;
  sentAt: Date;
}

/** A step sent more than this after its time says so, so nobody reads 09:30's reminder as news at 14:00. */
const LATE_MS = 5 * 60_000;

function when(policy: Policy, t: NudgeTiming): { time: string; late: string } {
  const tz = policy.school.timezone;
  const late = t.sentAt.getTime() - t.dueAt.getTime() > LATE_MS ? ` _(Due at ${localTimeOf(t.dueAt, tz)}, sent at ${localTimeOf(t.sentAt, tz)}.)_` : '';
  return { time: localTimeOf(t.dueAt, tz), late };
}

export function threadNudge(policy: Policy, c: CaseView, n: Nudge, timing: NudgeTiming): ChatMessage {
  const { time, late } = when(policy, timing);
  const line = `${time} · **${pupilName(c.pupil, 'channel', policy.privacy)}**: ${whatToDo(policy, n, 'channel')}${late}`;
  return message(line, text(line));
}

export function directNudge(policy: Policy, c: CaseView, n: Nudge, timing: NudgeTiming): ChatMessage {
  const { time, late } = when(policy, timing);
  const concern = concernLabel(policy, c.vulnerability, 'private');
  const who = `**${pupilName(c.pupil, 'private', policy.privacy)}** (${yearLabel(c.pupil.yearGroup)}, ${c.pupil.className}${concern ? `; ${concern}` : ''})`;
  const status = [
    `${c.session} ${dayLabel(c.date)}`,
    c.dayOfAbsence > 1 ? `day ${c.dayOfAbsence} absent` : 'first day absent',
    c.claimedBy ? `claimed by ${c.claimedBy.name}` : 'not claimed',
    attemptsText(c.attempts, policy.school.timezone) || 'no attempts yet',
  ].join(' · ');
  const summary = `${ACTION_LABELS[n.step.action]}: ${pupilName(c.pupil, 'private', policy.privacy)}`;
  return message(
    summary,
    text(`${time} · ${who}\n${whatToDo(policy, n, 'private')}${late}`),
    context(status),
    actions(...caseControls(c)),
  );
}
