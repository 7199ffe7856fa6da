// Posting to a school's channels and people, platform-blind: one outbox row per platform the school is
// served on. Channel names come from the policy (channels.attendance/incidents/leadership/admin) and are
// replaced by platform channel ids where the policy binds them (channels.slack.channelIds...). A post in a
// channel another school also posts to (a trust's shared channel) names its school at the top.
import { context, literal, type ChatMessage, type Platform } from '../chat/model.js';
import type { Prisma } from '../db/generated/client.js';
import { enqueue, type Db, type Urgency } from '../jobs/index.js';
import { CHANNEL_ROLES, channelOf, type ChannelRole } from '../policy/channels.js';
import { loadAllSchools, type SchoolWithPolicy } from '../register/schools.js';

export type { ChannelRole };

export interface PostInput {
  school: SchoolWithPolicy;
  channel: ChannelRole;
  /** Idempotency key of this post (re-running the same change enqueues nothing new). */
  key: string;
  /** Logical message id, so later updates and thread replies find it. */
  messageKey?: string;
  /** Reply in the thread of this logical message. */
  threadKey?: string;
  message: ChatMessage;
  /** A safeguarding message: kept trying while its subject is open, escalated when overdue. */
  urgent?: Urgency;
}

export interface UpdateInput {
  school: SchoolWithPolicy;
  channel: ChannelRole;
  key: string;
  messageKey: string;
  message: ChatMessage;
  urgent?: Urgency;
}

export interface DirectInput {
  school: SchoolWithPolicy;
  key: string;
  message: ChatMessage;
  /** Staff ids (StaffMember.id) to tell. */
  staffIds?: string[];
  /** Or everyone holding one of these roles. */
  roles?: readonly string[];
  /** Only on these of the school's platforms (default: all it is served on). */
  platforms?: Platform[];
  urgent?: Urgency;
}

export interface FileInput {
  school: SchoolWithPolicy;
  channel: ChannelRole;
  key: string;
  threadKey?: string;
  filename: string;
  title: string;
  /** Base64 of the file (outbox payloads are JSON). */
  base64: string;
}

export interface Notifier {
  post(tx: Db, input: PostInput): Promise<void>;
  update(tx: Db, input: UpdateInput): Promise<void>;
  direct(tx: Db, input: DirectInput): Promise<number>;
  upload(tx: Db, input: FileInput): Promise<void>;
  /** The platforms this school is served on (for tests and diagnostics). */
  platformsFor(school: SchoolWithPolicy): Platform[];
}

/** Outbox payload shapes, read back by the delivery function (delivery.ts). */
export type OutboxPayload = { message: ChatMessage } | { file: { filename: string; title: string; base64: string } };

/** Outbox payloads are JSON columns; messages are plain JSON by design (the chat model has no classes). */
export function outboxPayload(payload: OutboxPayload): Prisma.InputJsonValue {
  return payload as unknown as Prisma.InputJsonValue;
}

/** The channel a role's posts are written to on a platform, as its outbox rows name it. */
function channelId(school: SchoolWithPolicy, platform: string, role: ChannelRole): string {
  const { id, name } = channelOf(school.policy, platform, role);
  // Local mode names channels without Slack's '#', as its terminal and page show them.
  return id ?? (platform === 'local' ? name.replace(/^#/, '') : name);
}

/** Which of the school's channels an outbox row was written to (undefined: a direct message or a channel it no longer has). */
export function channelRoleAt(school: SchoolWithPolicy, platform: string, channel: string): ChannelRole | undefined {
  return CHANNEL_ROLES.find((role) => channelId(school, platform, role) === channel);
}

export function createNotifier(activePlatforms: readonly Platform[]): Notifier {
  const platformsFor = (school: SchoolWithPolicy): Platform[] => {
    const c = school.policy.channels;
    const bound = activePlatforms.filter((p) => (p === 'slack' && c.slack) || (p === 'teams' && c.teams));
    // A school bound to no active platform is served on all of them (single-school and local deployments).
    return bound.length ? bound : [...activePlatforms];
  };
  // A channel is one place per workspace (Slack) or team (Teams): two schools bound there with the same
  // channel share it, as a trust's schools may.
  const placeOf = (school: SchoolWithPolicy, platform: Platform, channel: string): string => {
    const c = school.policy.channels;
    const scope = platform === 'slack' ? (c.slack?.teamId ?? '') : platform === 'teams' ? `${c.teams?.tenantId ?? ''}/${c.teams?.teamId ?? ''}` : '';
    return `${scope}|${channel.replace(/^#/, '').toLowerCase()}`;
  };
  /** In a channel another school posts to as well, a post names its school at the top. */
  const forChannel = async (tx: Db, school: SchoolWithPolicy, platform: Platform, channel: string, m: ChatMessage): Promise<ChatMessage> => {
    const here = placeOf(school, platform, channel);
    // Another school's stored policy that no longer parses is its deployment error: it must not stop this post.
    const all = await loadAllSchools(tx).catch(() => [school]);
    const others = all.filter((o) => o.id !== school.id && platformsFor(o).includes(platform));
    if (!others.some((o) => CHANNEL_ROLES.some((r) => placeOf(o, platform, channelId(o, platform, r)) === here))) return m;
    const name = literal(school.name);
    return { summary: `${name}: ${m.summary}`, blocks: [context(`**${name}**`), ...m.blocks] };
  };
  return {
    platformsFor,
    async post(tx, input) {
      for (const platform of platformsFor(input.school)) {
        const channel = channelId(input.school, platform, input.channel);
        await enqueue(tx, {
          schoolId: input.school.id, key: `${platform}:${input.key}`, platform, op: 'post', channel,
          messageKey: input.messageKey, threadKey: input.threadKey, payload: outboxPayload({ message: await forChannel(tx, input.school, platform, channel, input.message) }),
          ...(input.urgent ? { urgent: input.urgent } : {}),
        });
      }
    },
    async update(tx, input) {
      for (const platform of platformsFor(input.school)) {
        const channel = channelId(input.school, platform, input.channel);
        await enqueue(tx, {
          schoolId: input.school.id, key: `${platform}:${input.key}`, platform, op: 'update', channel,
          messageKey: input.messageKey, payload: outboxPayload({ message: await forChannel(tx, input.school, platform, channel, input.message) }),
          ...(input.urgent ? { urgent: input.urgent } : {}),
        });
      }
    },
    async direct(tx, input) {
      const staff = await tx.staffMember.findMany({
        where: {
          schoolId: input.school.id, active: true,
          OR: [...(input.staffIds?.length ? [{ id: { in: input.staffIds } }] : []), ...(input.roles?.length ? [{ roles: { hasSome: [...input.roles] } }] : [])],
        },
      });
      let sent = 0;
      for (const platform of platformsFor(input.school).filter((p) => !input.platforms || input.platforms.includes(p))) {
        for (const s of staff) {
          const user = platform === 'slack' ? s.slackUserId : platform === 'teams' ? s.teamsUserId : s.staffId;
          if (!user) continue;
          await enqueue(tx, {
            schoolId: input.school.id, key: `${platform}:${input.key}:${s.id}`, platform, op: 'dm', channel: user, payload: outboxPayload({ message: input.message }),
            ...(input.urgent ? { urgent: input.urgent } : {}),
          });
          sent++;
        }
      }
      return sent;
    },
    async upload(tx, input) {
      for (const platform of platformsFor(input.school)) {
        await enqueue(tx, {
          schoolId: input.school.id, key: `${platform}:${input.key}`, platform, op: 'upload', channel: channelId(input.school, platform, input.channel),
          threadKey: input.threadKey, payload: outboxPayload({ file: { filename: input.filename, title: input.title, base64: input.base64 } }),
        });
      }
    },
  };
}
