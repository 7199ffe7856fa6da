// The written incident report as a format-free document: summary facts, the full timeline, the search
// checklist, the emergency contacts and every call made, and the follow-up tasks. Pure; markdown and
// HTML are rendered from this (report-render.ts), so both always say the same thing.
import { outcomeLabel } from './alerts.js';
import type { CardSchool } from './card.js';
import { deliveredText, type DeliveryFacts } from './delivery-facts.js';
import { clockTime, clockTimeSeconds, dayAndTime, longDate, minutesFrom } from './format.js';
import { pupilName, type Audience } from '../../core/pupil-names.js';
import { contactLabel, roleLabel } from './privacy.js';
import { pupilFlags, rolesForFlags, wellbeingLabel } from './rules.js';
import { staffName, type IncidentSnapshot } from './snapshot.js';

export type ReportBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'facts'; rows: [string, string][] }
  | { kind: 'table'; columns: string[]; rows: string[][]; emptyText: string }
  | { kind: 'paragraph'; text: string };

export interface ReportDoc {
  title: string;
  blocks: ReportBlock[];
}

export function incidentReportDoc(s: IncidentSnapshot, school: CardSchool & { name: string }, audience: Audience, delivery: DeliveryFacts = {}): ReportDoc {
  const { incident, pupil } = s;
  const tz = school.timezone;
  const privacy = school.policy.privacy;
  const name = pupilName(pupil, audience, privacy);
  const time = (at: Date | null) => (at ? clockTimeSeconds(at, tz) : '');
  const flags = pupilFlags(pupil);
  const showFlags = audience === 'private' || privacy.level === 'full';
  const told = rolesForFlags(school.policy.missingPupil, flags).map(roleLabel).join(', ');

  const facts: [string, string][] = [
    ['School', school.name],
    ['Pupil', `${name}, Year ${pupil.yearGroup}, class ${pupil.className}${audience === 'private' ? ` (UPN ${pupil.upn})` : ''}`],
    ['Flags', flags.length === 0 ? 'None' : showFlags ? `${flags.join(', ')} (told: ${told || 'nobody'})` : privacy.level === 'standard' ? `Priority pupil (told: ${told || 'nobody'})` : 'Not shown at this privacy level'],
    ['Date', longDate(incident.reportedAt, tz)],
    ['Reported missing', `${time(incident.reportedAt)} by ${staffName(s, incident.reportedBy)}`],
    ['Last seen', incident.lastSeen ?? 'Not given'],
    ['Adult with the class', incident.classCoverAt ? `${staffName(s, incident.classCoverBy)}, confirmed ${time(incident.classCoverAt)}` : 'Not confirmed'],
    ['Parent deadline', clockTime(incident.parentDeadlineAt, tz)],
    ['Parent alert', incident.parentAlertAt ? `Raised ${time(incident.parentAlertAt)}; ${deliveredText(delivery.parentAlert, time)}` : 'Not needed (found before the deadline)'],
    ['Police', incident.policeCalledAt
      ? `Called ${time(incident.policeCalledAt)}, reference ${incident.policeReference ?? 'not given'}`
      : incident.policePromptAt ? `Prompted ${time(incident.policePromptAt)} (${deliveredText(delivery.policePrompt, time)}); call not recorded` : 'Not called'],
    ['Outcome', incident.foundAt
      ? `Found ${time(incident.foundAt)}${incident.foundWhere ? ` (${incident.foundWhere})` : ''} by ${staffName(s, incident.foundBy)}, after ${minutesFrom(incident.reportedAt, incident.foundAt)} minutes`
      : 'Still missing'],
    ['Wellbeing check', wellbeingLabel(incident.wellbeing)],
  ];

  const blocks: ReportBlock[] = [
    { kind: 'facts', rows: facts },
    { kind: 'heading', text: 'Timeline' },
    { kind: 'table', columns: ['Time', 'Who', 'What'], rows: s.events.map((e) => [time(e.at), staffName(s, e.actor), e.text]), emptyText: 'No events recorded.' },
    { kind: 'heading', text: 'Search checklist' },
    {
      kind: 'table', columns: ['Area', 'Status', 'Claimed', 'Searched and clear'], emptyText: 'No areas.',
      rows: s.areas.map((a) => [
        a.name,
        a.status === 'clear' ? 'Clear' : a.status === 'claimed' ? 'Being searched' : 'Not searched',
        a.claimedAt ? `${staffName(s, a.claimedBy)} ${time(a.claimedAt)}` : '',
        a.clearedAt ? `${staffName(s, a.clearedBy)} ${time(a.clearedAt)}` : '',
      ]),
    },
    { kind: 'heading', text: 'Emergency contacts' },
    { kind: 'table', columns: ['Priority', 'Contact'], rows: s.contacts.map((c) => [String(c.priority), contactLabel(c, audience, privacy)]), emptyText: 'No emergency contacts on file.' },
    { kind: 'heading', text: 'Calls made' },
    {
      kind: 'table', columns: ['Time', 'Contact', 'Outcome', 'Note', 'By'], emptyText: 'No calls recorded.',
      rows: s.attempts.map((a) => {
        const c = s.contacts.find((x) => x.id === a.contactId);
        return [time(a.at), c ? contactLabel({ ...c, phone: null }, audience, privacy) : 'Contact since removed', outcomeLabel(a), a.note ?? '', staffName(s, a.byStaffId)];
      }),
    },
    { kind: 'heading', text: 'Follow-up' },
    {
      kind: 'table', columns: ['Task', 'Owner', 'Due', 'Status'], emptyText: 'None yet (created when the pupil is found).',
      rows: s.tasks.map((t) => [t.title, t.ownerStaffId ? `${staffName(s, t.ownerStaffId)} (${roleLabel(t.ownerRole ?? 'staff')})` : roleLabel(t.ownerRole ?? 'staff'), t.dueAt ? dayAndTime(t.dueAt, tz) : '', t.status]),
    },
  ];
  if (audience === 'channel') blocks.push({ kind: 'paragraph', text: `Channel copy: names and phone numbers follow the school's privacy setting (${privacy.level}, contact details ${privacy.contactDetailsIn}).` });
  return { title: `Missing pupil incident ${incident.number}: ${name}`, blocks };
}
