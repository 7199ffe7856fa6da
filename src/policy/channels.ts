// A school's channels by what they carry, as its policy names them (channels.attendance/incidents/
// leadership/admin) or binds them to platform ids (channels.slack.channelIds...). Posting (the notifier)
// and routing requests back to a school (school routing) both read them from here.
import type { Policy } from './schema.js';

export const CHANNEL_ROLES = ['attendance', 'incidents', 'leadership', 'admin'] as const;
export type ChannelRole = (typeof CHANNEL_ROLES)[number];

/**
 * The channel a role's posts go to on a platform: its bound id where the policy gives one, else its name.
 * The admin channel is optional: a school that names none hears about its MIS in the attendance channel.
 */
export function channelOf(policy: Policy, platform: string, role: ChannelRole): { id?: string; name: string } {
  const c = policy.channels;
  const ids = platform === 'slack' ? c.slack?.channelIds : platform === 'teams' ? c.teams?.channelIds : undefined;
  const used = role === 'admin' && c.admin === undefined && ids?.admin === undefined ? 'attendance' : role;
  const id = ids?.[used];
  return { ...(id !== undefined ? { id } : {}), name: c[used] ?? c.attendance };
}
