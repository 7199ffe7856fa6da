// The messages beyond the card: the direct message when a pupil goes missing, the half-time reminder,
// the loud "notify parents now" alert with the emergency contacts in priority order, the "call the
// police now" prompt, and the all-clear when the pupil is found. Pure; privacy decides names and numbers.
import { actions, button, context, header, list, literal, message, text, type Block, type ChatMessage, type ListRow } from '../../chat/model.js';
import type { Task } from '../../db/generated/client.js';
import type { CardSchool } from './card.js';
import { clockTime, dayAndTime } from './format.js';
import { ACTION, contactValue } from './ids.js';
import { pupilName, pupilShortName, type Audience } from '../../core/pupil-names.js';
import { contactLabel, flagsLine, numbersNote, roleLabel } from './privacy.js';
import { contactsStatus, heardFromPupil, pupilFlags, rolesForFlags, searchProgress, wellbeingLabel } from './rules.js';
import { staffName, type IncidentSnapshot } from './snapshot.js';

/** To the roles the policy names, the moment a pupil is reported missing. */
export function raisedDm(s: IncidentSnapshot, school: CardSchool): ChatMessage {
  const { incident, pupil } = s;
  const name = pupilName(pupil, 'private', school.policy.privacy);
  const flags = pupilFlags(pupil);
  const blocks: Block[] = [
    header(`MISSING: ${name}`),
    text(`**${name}** (Year ${pupil.yearGroup}, ${pupil.className}) is missing. Reported by ${staffName(s, incident.reportedBy)} at ${clockTime(incident.reportedAt, school.timezone)}.`),
    text(`Last seen: ${incident.lastSeen ? literal(incident.lastSeen) : 'not given'}.\n**Parents must be told at ${clockTime(incident.parentDeadlineAt, school.timezone)}** if ${pupilShortName(pupil, 'private', school.policy.privacy)} is not found.`),
  ];
  const flagText = flagsLine(flags, rolesForFlags(school.policy.missingPupil, flags), 'private', school.policy.privacy);
  if (flagText) blocks.push(text(flagText));
  blocks.push(context(`The search is run from the card in ${school.policy.channels.incidents}.`));
  return message(`MISSING: ${name}. Tell parents at ${clockTime(incident.parentDeadlineAt, school.timezone)} if not found.`, ...blocks);
}

export function halfTimeMessage(s: IncidentSnapshot, school: CardSchool): ChatMessage {
  const { incident, pupil } = s;
  const p = searchProgress(s.areas);
  const line = `⏰ **Half the time has gone.** Parents must be told at **${clockTime(incident.parentDeadlineAt, school.timezone)}** if ${pupilShortName(pupil, 'channel', school.policy.privacy)} is not found. Search: ${p.clear} of ${p.total} clear.`;
  return message(`Half time: tell parents at ${clockTime(incident.parentDeadlineAt, school.timezone)} if not found.`, text(line));
}

/** The loud alert: in the thread (audience 'channel') and to the lead and office ('private', with numbers). */
export function parentAlertMessage(s: IncidentSnapshot, school: CardSchool, audience: Audience): ChatMessage {
  const { incident, pupil } = s;
  const privacy = school.policy.privacy;
  const name = pupilName(pupil, audience, privacy);
  const searching = incident.status === 'searching';
  const minutes = school.policy.missingPupil.parentNotifyAfterMinutes;
  const blocks: Block[] = [header(searching ? '🚨 NOTIFY PARENTS NOW' : 'Parent calls')];
  // Once found, the message is the record of calls: only the contacts somebody actually called.
  const shown = searching ? s.contacts : s.contacts.filter((c) => s.attempts.some((a) => a.contactId === c.id));
  blocks.push(text(searching
    ? `**${name} has not been found after ${minutes} minutes.** Call the emergency contacts in this order. Press a button after each call.`
    : `${name} has been found. ${shown.length ? 'Calls made:' : 'No calls were recorded.'}`));
  if (!searching && shown.length === 0) return message(`Parent calls for ${name}: none recorded`, ...blocks);
  blocks.push(list(shown.map((c): ListRow => {
    const tries = s.attempts.filter((a) => a.contactId === c.id).map((a) => `${outcomeLabel(a)} (${staffName(s, a.byStaffId)}, ${clockTime(a.at, school.timezone)})`);
    const row = `**${c.priority}.** ${contactLabel(c, audience, privacy)}${tries.length ? `\n${tries.join('; ')}` : ''}`;
    return searching
      ? { text: row, controls: [button(ACTION.reached, 'Reached', contactValue(incident.id, c.id), { style: 'primary' }), button(ACTION.noAnswer, 'No answer', contactValue(incident.id, c.id)), button(ACTION.voicemail, 'Voicemail', contactValue(incident.id, c.id))] }
      : { text: row };
  }), 'No emergency contacts are on file for this pupil: call the police now.'));
  const note = numbersNote(audience, privacy);
  if (note && s.contacts.length > 0) blocks.push(context(note));
  return message(searching ? `NOTIFY PARENTS NOW: ${name} not found after ${minutes} minutes` : `Parent calls for ${name}`, ...blocks);
}

export function policeMessage(s: IncidentSnapshot, school: CardSchool, audience: Audience): ChatMessage {
  const name = pupilName(s.pupil, audience, school.policy.privacy);
  const c = contactsStatus(s.contacts.map((x) => x.id), s.attempts);
  const why = c.total === 0 ? 'There are no emergency contacts on file' : `All ${c.total} emergency contacts have been tried and nobody has heard from ${name}`;
  return message(
    `CALL THE POLICE NOW: ${name} is still missing`,
    header('🚨 CALL THE POLICE NOW (999)'),
    text(`**${name} is still missing.** ${why}. Call 999, then record the police reference here.`),
    actions(button(ACTION.police, 'Police called: add reference', s.incident.id, { style: 'danger' })),
  );
}

export function foundMessage(s: IncidentSnapshot, school: CardSchool, audience: Audience): ChatMessage {
  const { incident, pupil } = s;
  const name = pupilName(pupil, audience, school.policy.privacy);
  const tz = school.timezone;
  const at = incident.foundAt ? clockTime(incident.foundAt, tz) : '';
  const where = incident.foundWhere ? ` (${literal(incident.foundWhere)})` : '';
  const blocks: Block[] = [
    text(`✅ **${name} found at ${at}**${where} by ${staffName(s, incident.foundBy)}. The search is over. Wellbeing: ${wellbeingLabel(incident.wellbeing)}.`),
  ];
  if (s.tasks.length > 0) blocks.push(text(`**Follow-up**\n${s.tasks.map((t) => `- ${taskLine(t, tz)}`).join('\n')}`));
  return message(`FOUND: ${name} at ${at}${where}`, ...blocks);
}

export function taskDm(task: Task, s: IncidentSnapshot, school: CardSchool): ChatMessage {
  const line = taskLine(task, school.timezone);
  return message(`Follow-up: ${task.title}`, text(`**Follow-up for you** (${roleLabel(task.ownerRole ?? 'staff')})\n${line}`), context(`Missing-pupil incident ${s.incident.number}.`));
}

export function taskLine(t: Task, tz: string): string {
  const due = t.dueAt ? (t.kind.startsWith('missing.tell-') ? 'now' : `by ${dayAndTime(t.dueAt, tz)}`) : 'no due date';
  return `${t.title}: ${roleLabel(t.ownerRole ?? 'staff')}, ${due}`;
}

export function outcomeLabel(a: { outcome: string; note: string | null }): string {
  if (a.outcome === 'reached') return heardFromPupil(a) ? 'Reached: has heard from the pupil' : 'Reached: has not heard from the pupil';
  if (a.outcome === 'no-answer') return 'No answer';
  if (a.outcome === 'voicemail') return 'Voicemail left';
  return a.outcome;
}
