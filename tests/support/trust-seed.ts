// Two schools of one trust for the routing tests: the same St Luke's policy, each bound to its own
// channels (or team), each with its own staff and a pupil of the same name ("Amy Brown"), so a message
// or a request that reaches the other school shows at once.
import { readFileSync } from 'node:fs';
import type { Database } from '../../src/db/client.js';
import { addOrUpdateSchool } from '../../src/register/schools.js';
import { withBinding, type Binding } from './bindings.js';

export interface TrustSchool {
  slug: string;
  binding: Binding;
  /** Staff by role: [slack user id, teams AAD object id]. */
  staff: Record<'head' | 'office' | 'teacher' | 'dsl', { slack: string; teams: string }>;
}

/** Staff ids by role: 'U-N-HEAD' on Slack and 'aad-n-head' on Teams for key 'n'; 'U-HEAD' and 'aad-head' with none. */
export function trustStaff(key = ''): TrustSchool['staff'] {
  const ids = (role: string) => ({ slack: `U-${key ? `${key.toUpperCase()}-` : ''}${role.toUpperCase()}`, teams: `aad-${key ? `${key}-` : ''}${role}` });
  return { head: ids('head'), office: ids('office'), teacher: ids('teach'), dsl: ids('dsl') };
}

/** A school bound to a Slack workspace, its channels 'C-N-ATT', 'C-N-INC', 'C-N-SLT' for key 'n' (or another incidents channel, shared). */
export function slackTrustSchool(slug: string, workspace: string, key = '', incidents?: string): TrustSchool {
  const channel = (name: string) => `C-${key ? `${key.toUpperCase()}-` : ''}${name}`;
  return {
    slug,
    binding: { slack: { teamId: workspace, channelIds: { attendance: channel('ATT'), incidents: incidents ?? channel('INC'), leadership: channel('SLT') } } },
    staff: trustStaff(key),
  };
}

export async function seedTrustSchool(db: Database, s: TrustSchool): Promise<string> {
  const yaml = withBinding(readFileSync('policies/st-lukes-cofe.yaml', 'utf8'), s.binding).replace("St Luke's CofE Primary School", `${s.slug} Primary`);
  const saved = await addOrUpdateSchool(db.prisma, { slug: s.slug, policyYaml: yaml }, { name: 'test', role: 'system' });
  const schoolId = saved.school.id;
  const roles = { head: ['headteacher'], office: ['office'], teacher: ['class-teacher'], dsl: ['dsl'] } as const;
  await db.prisma.staffMember.createMany({
    data: Object.entries(s.staff).map(([role, ids], i) => ({
      schoolId, staffId: `${s.slug}-${i}`, name: `${s.slug} ${role}`, roles: [...roles[role as keyof typeof roles]], slackUserId: ids.slack, teamsUserId: ids.teams,
    })),
  });
  const pupil = await db.prisma.pupil.create({
    data: { schoolId, upn: `${s.slug === 'north' ? 'N' : 'S'}100000000001`, firstName: 'Amy', lastName: 'Brown', yearGroup: '3', className: '3A', admissionDate: new Date('2024-09-02T00:00:00Z') },
  });
  await db.prisma.emergencyContact.create({ data: { schoolId, pupilId: pupil.id, priority: 1, name: `${s.slug} Mum`, relationship: 'Mum', phone: '07700 900001' } });
  return schoolId;
}
