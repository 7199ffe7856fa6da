// Binds schools to a Slack workspace or a Teams team the way an admin does: in the school's policy
// (`channels.slack` / `channels.teams`), which is what Rollcall routes by in both directions.
import { parseDocument } from 'yaml';
import type { Database } from '../../src/db/client.js';
import type { ChannelRole } from '../../src/policy/channels.js';

export interface Binding {
  slack?: { teamId: string; channelIds?: Partial<Record<ChannelRole, string>> };
  teams?: { tenantId?: string; teamId?: string; channelIds?: Partial<Record<ChannelRole, string>> };
  /** channels.admin, by name (MIS outages and recoveries). */
  admin?: string;
}

/** The policy text with these bindings set (other settings kept as written). */
export function withBinding(policyYaml: string, binding: Binding): string {
  const doc = parseDocument(policyYaml);
  if (binding.slack) doc.setIn(['channels', 'slack'], binding.slack);
  if (binding.teams) doc.setIn(['channels', 'teams'], binding.teams);
  if (binding.admin) doc.setIn(['channels', 'admin'], binding.admin);
  return doc.toString();
}

/** Binds every school in the database (or the given ones) that is not bound to that platform yet. */
export async function bindSchools(db: Database, binding: Binding, schoolIds?: string[]): Promise<void> {
  const schools = await db.prisma.school.findMany({ where: schoolIds ? { id: { in: schoolIds } } : {} });
  for (const school of schools) {
    const doc = parseDocument(school.policyYaml);
    const open: Binding = {
      ...(binding.slack && !doc.hasIn(['channels', 'slack', 'teamId']) ? { slack: binding.slack } : {}),
      ...(binding.teams && !doc.hasIn(['channels', 'teams', 'teamId']) ? { teams: binding.teams } : {}),
    };
    if (!open.slack && !open.teams) continue;
    await db.prisma.school.update({ where: { id: school.id }, data: { policyYaml: withBinding(school.policyYaml, open) } });
  }
}
