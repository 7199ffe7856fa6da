// The incident card: the one message in the incidents channel that everyone searching looks at, updated
// in place on every change. Written for a frightened adult on a phone: the deadline as a time of day,
// what to do next in one bold line, one big button per area. Pure: a snapshot in, a neutral message out.
import { actions, button, context, fields, header, list, literal, message, text, type Block, type ChatMessage, type ListRow } from '../../chat/model.js';
import type { SearchArea } from '../../db/generated/client.js';
import type { Policy } from '../../policy/schema.js';
import { clockTime, dayAndTime } from './format.js';
import { ACTION } from './ids.js';
import { pupilName, pupilShortName } from '../../core/pupil-names.js';
import { flagsLine, roleLabel } from './privacy.js';
import { AREA_STATUS, contactsStatus, pupilFlags, rolesForFlags, searchProgress, wellbeingLabel } from './rules.js';
import { staffName, type IncidentSnapshot } from './snapshot.js';

export interface CardSchool {
  timezone: string;
  policy: Policy;
}

export function incidentCard(s: IncidentSnapshot, school: CardSchool): ChatMessage {
  const { incident, pupil } = s;
  const { policy, timezone: tz } = school;
  const privacy = policy.privacy;
  const name = pupilName(pupil, 'channel', privacy);
  const found = incident.status !== 'searching';
  const progress = searchProgress(s.areas);
  const flags = pupilFlags(pupil);
  const t = (at: Date) => clockTime(at, tz);

  const blocks: Block[] = [
    header(`${found ? 'FOUND' : 'MISSING'}: ${name} (Year ${pupil.yearGroup}, ${pupil.className})`),
    text(statusLine(s, school)),
    fields({
      'Last seen': incident.lastSeen ? literal(incident.lastSeen) : 'Not given',
      Reported: `${staffName(s, incident.reportedBy)} at ${t(incident.reportedAt)}`,
      'Search lead': people(s.leads, policy.missingPupil.leadRole),
      'Point of contact': people(s.pointsOfContact, policy.missingPupil.pointOfContactRole),
      Class: incident.classCoverBy && incident.classCoverAt
        ? `An adult is with the class: ${staffName(s, incident.classCoverBy)} (${t(incident.classCoverAt)})`
        : 'Not confirmed: is an adult staying with the class?',
    }),
  ];
  const flagText = flagsLine(flags, rolesForFlags(policy.missingPupil, flags), 'channel', privacy);
  if (flagText) blocks.push(context(flagText));

  if (!found) {
    const top = [button(ACTION.found, `Found ${pupilShortName(pupil, 'channel', privacy)}`, incident.id, { style: 'primary' })];
    if (!incident.classCoverBy) top.unshift(button(ACTION.cover, 'An adult is with the class', incident.id));
    if (incident.parentAlertAt && !incident.policeCalledAt) {
      top.push(button(ACTION.police, 'Police called: add reference', incident.id, { style: 'danger' }));
    }
    blocks.push(actions(...top));
  } else if (incident.wellbeing === null) {
    blocks.push(actions(button(ACTION.wellbeing, 'Record wellbeing check', incident.id, { style: 'primary' })));
  }

  if (found && s.tasks.length > 0) {
    blocks.push(text('**Follow-up**'));
    blocks.push(list(s.tasks.map((task) => ({ text: `${task.status === 'done' ? '✅' : '▫️'} ${task.title}: ${roleLabel(task.ownerRole ?? 'staff')}${task.dueAt ? `, by ${dayAndTime(task.dueAt, tz)}` : ''}` }))));
  }

  blocks.push(text(`**Search: ${progress.clear} of ${progress.total} clear${found ? ' (search over)' : ''}**`));
  blocks.push(list(s.areas.map((a) => areaRow(a, s, tz, found))));
  blocks.push(actions(
    ...(found ? [] : [button(ACTION.addArea, 'Add area', incident.id)]),
    button(ACTION.exportReport, 'Export report', incident.id),
  ));
  blocks.push(context(`Incident ${incident.number} · reported ${dayAndTime(incident.reportedAt, tz)}`));
  const summary = found ? `FOUND: ${name}` : `MISSING: ${name}. Tell parents at ${t(incident.parentDeadlineAt)} if not found.`;
  return message(summary, ...blocks);
}

/** The one bold line that says what matters now. */
function statusLine(s: IncidentSnapshot, school: CardSchool): string {
  const { incident, pupil } = s;
  const tz = school.timezone;
  const short = pupilShortName(pupil, 'channel', school.policy.privacy);
  if (incident.status !== 'searching' && incident.foundAt) {
    const where = incident.foundWhere ? ` (${literal(incident.foundWhere)})` : '';
    return `✅ **Found at ${clockTime(incident.foundAt, tz)}**${where} by ${staffName(s, incident.foundBy)}. Wellbeing: ${wellbeingLabel(incident.wellbeing)}.`;
  }
  if (incident.policeCalledAt) {
    return `🚓 **Police called at ${clockTime(incident.policeCalledAt, tz)}**${incident.policeReference ? `, reference ${literal(incident.policeReference)}` : ''}. Keep searching.`;
  }
  if (incident.policePromptAt) return '🚨 **Call the police now (999).** Every emergency contact has been tried.';
  if (incident.parentAlertAt) {
    const c = contactsStatus(s.contacts.map((x) => x.id), s.attempts);
    return `🚨 **Call parents now.** ${c.tried} of ${c.total} emergency contacts tried.`;
  }
  return `⏰ **Tell parents at ${clockTime(incident.parentDeadlineAt, tz)}** if ${short} is not found by then.`;
}

function areaRow(a: SearchArea, s: IncidentSnapshot, tz: string, found: boolean): ListRow {
  if (a.status === AREA_STATUS.clear) {
    return { text: `✅ ${literal(a.name)}: clear (${staffName(s, a.clearedBy)}${a.clearedAt ? `, ${clockTime(a.clearedAt, tz)}` : ''})` };
  }
  if (a.status === AREA_STATUS.claimed) {
    const row = `🔎 ${literal(a.name)}: ${staffName(s, a.claimedBy)} is searching`;
    return found ? { text: row } : { text: row, controls: [button(ACTION.clear, 'Searched - clear', a.id, { style: 'primary' })] };
  }
  const row = `⬜ ${literal(a.name)}`;
  return found ? { text: row } : { text: row, controls: [button(ACTION.claim, 'Claim', a.id), button(ACTION.clear, 'Searched - clear', a.id)] };
}

function people(names: readonly string[], role: string): string {
  if (names.length === 0) return `${roleLabel(role)} (nobody on the staff list)`;
  const shown = names.slice(0, 3).join(', ');
  return `${shown}${names.length > 3 ? ` +${names.length - 3}` : ''} (${roleLabel(role)})`;
}
