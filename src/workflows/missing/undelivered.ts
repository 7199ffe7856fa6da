// When a message the missing-pupil procedure depends on has not been delivered a minute after it was
// due (the platform failing, rate limiting, or Rollcall not in the channel), or the platform refused it
// (it is kept and tried again while the search is open), or it can never be: Rollcall
// sends it by every other route it has, at once. Direct messages to the search lead, the DSL and the head
// (on every platform the school is on: one may be down while another works), the leadership channel
// unless that is where it failed, and the operator's screen (the line returned). It is recorded on the
// incident's timeline, so the written report shows what reached whom and when. For a message refused or
// dead, the school's admins are told too. Pure wording aside, this only writes outbox rows and one event.
import { context, header, message, platformName, type ChatMessage } from '../../chat/model.js';
import { channelRoleAt } from '../../core/notifier.js';
import type { AppServices, UndeliveredMessage } from '../../core/workflow.js';
import { channelOf } from '../../policy/channels.js';
import { ADMIN_ROLES } from '../../policy/roles.js';
import { clockTime } from './format.js';
import { cardKey, ESCALATE_AFTER_MS, keptTrying } from './ids.js';
import { lockIncident, recordEvent, SYSTEM_ACTOR } from './incident-change.js';
import { INCIDENT_STATUS } from './rules.js';

const LABELS: Record<string, string> = {
  raise: 'the missing-pupil card',
  'raise-dm': 'the "pupil missing" direct message',
  'half-time': 'the half-time reminder',
  'parent-alert': 'the parent alert',
  'parent-alert-dm': 'the parent alert (direct message)',
  'police-prompt': 'the police prompt',
  'police-prompt-dm': 'the police prompt (direct message)',
};

function originalOf(payload: unknown): ChatMessage | undefined {
  if (payload === null || typeof payload !== 'object' || !('message' in payload)) return undefined;
  const m: unknown = payload.message;
  return m !== null && typeof m === 'object' && 'blocks' in m && Array.isArray(m.blocks) && 'summary' in m && typeof m.summary === 'string' ? (m as ChatMessage) : undefined;
}

export async function escalateUndelivered(m: UndeliveredMessage, services: AppServices): Promise<string> {
  const school = await services.school(m.schoolId);
  const { policy } = school;
  const incidentId = m.subject.slice(cardKey('').length);
  const label = LABELS[m.purpose ?? ''] ?? 'a message about the search';
  const role = m.op === 'dm' ? undefined : channelRoleAt(school, m.platform, m.channel);
  const where = m.op === 'dm' ? 'a direct message' : role ? channelOf(policy, m.platform, role).name : 'its channel';
  const on = platformName(m.platform);
  const reason = (m.lastError ?? 'not sent yet').replace(/^held: /, '').split(':')[0] ?? 'not sent yet';
  const dueAt = m.escalateAt ? new Date(m.escalateAt.getTime() - ESCALATE_AFTER_MS) : m.createdAt;
  const due = clockTime(dueAt, school.timezone);

  return services.db.prisma.$transaction(async (tx) => {
    const incident = await lockIncident(tx, school.id, incidentId);
    const open = incident.status === INCIDENT_STATUS.searching;
    const dead = m.why === 'dead';
    // Refused or dead: no wait will deliver it, so whoever can fix the platform's side is told too.
    const refused = m.why === 'refused';
    const routes: string[] = [];
    if (open || dead || refused) {
      const mp = policy.missingPupil;
      const roles = [...new Set([mp.leadRole, ...policy.roles.duties.safeguarding, 'dsl', 'headteacher', ...(dead || refused ? ADMIN_ROLES : [])])];
      const original = originalOf(m.payload);
      const failed = refused ? `${on} refused ${label} for missing-pupil incident ${incident.number} in ${where}` : `Rollcall ${dead ? 'could not deliver' : 'has not been able to deliver'} ${label} for missing-pupil incident ${incident.number} to ${where} on ${on}`;
      const after = refused ? ' Rollcall tries again every few minutes while the search is open.' : '';
      const intro = `${failed[0]!.toUpperCase()}${failed.slice(1)} (due ${due}, ${reason}).${after} ${original ? 'Here it is:' : 'Look at the incident card.'}`;
      const copy = message(`Not delivered: ${label}`, header(`⚠️ Not delivered: ${label}`), context(intro), ...(original?.blocks ?? []));
      const sent = await services.notify.direct(tx, { school, key: `undelivered:${m.id}`, roles, message: copy, urgent: keptTrying(incidentId, 'escalation') });
      if (sent > 0) routes.push('directly to the search lead, the DSL and the head');
      if (role !== 'leadership') {
        await services.notify.post(tx, { school, channel: 'leadership', key: `undelivered:${m.id}:leadership`, message: copy, urgent: keptTrying(incidentId, 'escalation') });
        routes.push(`to ${policy.channels.leadership}`);
      }
    }
    routes.push("to the operator's screen");
    const seconds = Math.round((services.clock.now().getTime() - dueAt.getTime()) / 1000);
    const what = dead
      ? `could not be delivered to ${where} on ${on} (${reason})`
      : refused ? `was refused by ${on} in ${where} (${reason}), and is tried again every few minutes while the search is open` : `had not reached ${where} on ${on} ${seconds} s after it was due (${reason})`;
    const text = `${label[0]!.toUpperCase()}${label.slice(1)} ${what}: Rollcall sent it ${routes.join(', ')}.`;
    const kind = dead ? 'delivery-failed' : refused ? 'delivery-refused' : 'delivery-escalated';
    await recordEvent(tx, { services, school }, incidentId, SYSTEM_ACTOR, { kind, text, data: { outboxId: m.id, platform: m.platform, reason }, thread: 'none' });
    return `[safeguarding] ${school.slug} missing-pupil incident ${incident.number}: ${label} ${what}; escalated ${routes.join(', ')}.`;
  });
}
