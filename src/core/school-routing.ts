// Which school a message belongs to, in both directions, from the bindings in each school's policy
// (`channels.slack.teamId` and `.channelIds`; `channels.teams.tenantId`, `.teamId` and `.channelIds`).
//
// Out: a school's messages go only into its own workspace or team (PlatformScope, checked by the port).
// In: a request is served for the school bound to the workspace or team it came from; where several
// schools share one (two schools of a trust in one Slack workspace or tenant), the channel decides, then
// the person's staff record among those schools. A request from a workspace or team no school is bound
// to is refused with the id an admin needs: there is no fallback by name, nor to "the only school".
import { RollcallError } from '../errors/rollcall-error.js';
import type { Platform } from '../chat/model.js';
import type { PlatformScope } from '../chat/port.js';
import type { PrismaClient } from '../db/client.js';
import { CHANNEL_ROLES, channelOf } from '../policy/channels.js';
import type { Policy } from '../policy/schema.js';
import { loadAllSchools, type SchoolWithPolicy } from '../register/schools.js';


/** Where a school's messages may go on a platform. */
export function scopeFor(policy: Policy, platform: Platform): PlatformScope {
  const c = policy.channels;
  if (platform === 'slack') return c.slack?.teamId ? { workspaceId: c.slack.teamId } : {};
  if (platform === 'teams') return { ...(c.teams?.tenantId ? { tenantId: c.teams.tenantId } : {}), ...(c.teams?.teamId ? { teamId: c.teams.teamId } : {}) };
  return {};
}

/** Whether the policy binds the school to this platform at all. */
export function isBoundTo(policy: Policy, platform: Platform): boolean {
  const c = policy.channels;
  if (platform === 'slack') return c.slack?.teamId !== undefined;
  if (platform === 'teams') return c.teams?.teamId !== undefined || c.teams?.tenantId !== undefined;
  return platform === 'local';
}

/** The school's own channels on a platform: ids where the policy gives them, names otherwise. */
function channelsOf(policy: Policy, platform: 'slack' | 'teams'): { ids: string[]; names: string[] } {
  const channels = CHANNEL_ROLES.map((r) => channelOf(policy, platform, r));
  const given = channels.flatMap((c) => (c.id !== undefined ? [c.id] : []));
  const names = channels.flatMap((c) => (c.id === undefined ? [c.name.replace(/^#/, '').toLowerCase()] : []));
  return { ids: [...new Set(given)], names: [...new Set(names)] };
}

export interface SlackRequest {
  teamId: string | undefined;
  channelId?: string;
  channelName?: string;
  userId: string;
}

export interface TeamsRequest {
  tenantId?: string;
  teamId?: string;
  /** The channel conversation (without a thread suffix), when in a team. */
  channelId?: string;
  userId: string;
}

/** Staff records of a platform user among some schools: the school ids they are on. */
export type StaffSchools = (platform: 'slack' | 'teams', userId: string, schoolIds: string[]) => Promise<string[]>;

/** Picks among the schools bound to one workspace/team: the channel's school, else the person's. */
async function pickAmong(
  candidates: SchoolWithPolicy[], platform: 'slack' | 'teams', request: { channelId?: string; channelName?: string; userId: string }, staffSchools: StaffSchools, where: string,
): Promise<string> {
  if (candidates.length === 1) return candidates[0]!.id;
  const byChannel = candidates.filter((s) => {
    const own = channelsOf(s.policy, platform);
    return (request.channelId !== undefined && own.ids.includes(request.channelId)) || (request.channelName !== undefined && own.names.includes(request.channelName.replace(/^#/, '').toLowerCase()));
  });
  if (byChannel.length === 1) return byChannel[0]!.id;
  const mine = await staffSchools(platform, request.userId, (byChannel.length ? byChannel : candidates).map((s) => s.id));
  if (mine.length === 1) return mine[0]!;
  const names = candidates.map((s) => s.name).join(', ');
  throw new RollcallError('NOT_FOUND', `${where} serves several schools (${names}). Use Rollcall in one of your school's own channels, or ask your data manager to add your user id to your school's staff list.`);
}

export async function schoolForSlackRequest(schools: readonly SchoolWithPolicy[], request: SlackRequest, staffSchools: StaffSchools): Promise<string> {
  const candidates = schools.filter((s) => request.teamId !== undefined && s.policy.channels.slack?.teamId === request.teamId);
  if (candidates.length === 0) {
    throw new RollcallError(
      'NOT_FOUND',
      `This Slack workspace${request.teamId ? ` (${request.teamId})` : ''} is not connected to a school in Rollcall. An admin connects it by putting \`teamId: "${request.teamId ?? 'T…'}"\` under \`channels: slack:\` in the school's policy and running \`rollcall school add\` again.`,
    );
  }
  return pickAmong(candidates, 'slack', request, staffSchools, 'This Slack workspace');
}

export async function schoolForTeamsRequest(
  schools: readonly SchoolWithPolicy[], request: TeamsRequest, staffSchools: StaffSchools, botTenantId?: string,
): Promise<string> {
  const tenantOf = (s: SchoolWithPolicy) => s.policy.channels.teams?.tenantId ?? botTenantId;
  const inTenant = schools.filter((s) => isBoundTo(s.policy, 'teams') && (request.tenantId === undefined || tenantOf(s) === undefined || tenantOf(s) === request.tenantId));
  if (request.teamId !== undefined) {
    const candidates = inTenant.filter((s) => s.policy.channels.teams?.teamId === request.teamId);
    if (candidates.length === 0) {
      throw new RollcallError(
        'NOT_FOUND',
        `This team is not connected to a school in Rollcall. An admin connects it by putting \`teamId: "${request.teamId}"\` under \`channels: teams:\` in the school's policy and running \`rollcall school add\` again.`,
      );
    }
    return pickAmong(candidates, 'teams', request, staffSchools, 'This team');
  }
  // A 1:1 or group chat belongs to no team: the schools of the tenant, then the person's own.
  if (inTenant.length === 0) {
    throw new RollcallError('NOT_FOUND', 'Rollcall is not connected to a school in this Microsoft 365 tenant yet. An admin connects a school by putting its team id under `channels: teams:` in the school\'s policy.');
  }
  return pickAmong(inTenant, 'teams', request, staffSchools, 'This tenant');
}

/** Problems with the bindings of several schools, for the log at start: a channel two schools claim. */
export function bindingConflicts(schools: readonly SchoolWithPolicy[]): string[] {
  const problems: string[] = [];
  for (const platform of ['slack', 'teams'] as const) {
    const claimed = new Map<string, string>();
    for (const s of schools) {
      const space = platform === 'slack' ? s.policy.channels.slack?.teamId : s.policy.channels.teams?.teamId;
      if (space === undefined) continue;
      const own = channelsOf(s.policy, platform);
      for (const channel of [...own.ids, ...own.names.map((n) => `#${n}`)]) {
        const key = `${space} ${channel}`;
        const other = claimed.get(key);
        if (other !== undefined && other !== s.slug) {
          problems.push(`${platform}: schools ${other} and ${s.slug} both use channel ${channel} in ${space}; each school's messages must have channels of its own (set channels.${platform}.channelIds)`);
        }
        claimed.set(key, s.slug);
      }
    }
  }
  return problems;
}

export interface SchoolRouting {
  slack(request: SlackRequest): Promise<string>;
  teams(request: TeamsRequest): Promise<string>;
  /** A school's binding, re-read at most every `ttlMs` (a policy changes by `rollcall school add`). */
  school(id: string): Promise<SchoolWithPolicy | undefined>;
}

/** The routing a server uses, on the database's schools (re-read every `ttlMs`, default 30 s). */
export function createSchoolRouting(prisma: PrismaClient, options: { teamsTenantId?: string; ttlMs?: number; now?: () => number } = {}): SchoolRouting {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  let cached: { at: number; schools: Promise<SchoolWithPolicy[]> } | undefined;
  const schools = () => {
    if (!cached || now() - cached.at > ttlMs) {
      const loading = loadAllSchools(prisma);
      loading.catch(() => (cached = undefined));
      cached = { at: now(), schools: loading };
    }
    return cached.schools;
  };
  const staffSchools: StaffSchools = async (platform, userId, schoolIds) => {
    const rows = await prisma.staffMember.findMany({
      where: { schoolId: { in: schoolIds }, active: true, ...(platform === 'slack' ? { slackUserId: userId } : { teamsUserId: userId }) },
      select: { schoolId: true },
    });
    return [...new Set(rows.map((r) => r.schoolId))];
  };
  return {
    slack: async (request) => schoolForSlackRequest(await schools(), request, staffSchools),
    teams: async (request) => schoolForTeamsRequest(await schools(), request, staffSchools, options.teamsTenantId),
    school: async (id) => (await schools()).find((s) => s.id === id),
  };
}
