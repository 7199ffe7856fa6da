// Posting to a school's channels and people, platform-blind: one outbox row per platform the school is
// served on. Channel names come from the policy (channels.attendance/incidents/leadership) and are
// replaced by platform channel ids where the policy binds them (channels.slack.channelIds...).
import type { ChatMessage } from '../chat/model.js';
import type { Platform } from '../chat/model.js';
import type { Prisma } from '../db/generated/client.js';
import { enqueue, type Db } from '../jobs/index.js';
import type { SchoolWithPolicy } from '../register/schools.js';

export type ChannelRole = 'attendance' | 'incidents' | 'leadership';

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
}

export interface UpdateInput {
  school: SchoolWithPolicy;
  channel: ChannelRole;
  key: string;
  messageKey: string;
  message: ChatMessage;
}

export interface DirectInput {
  school: SchoolWithPolicy;
  key: string;
  message: ChatMessage;
  /** Staff ids (StaffMember.id) to tell. */
  staffIds?: string[];
  /** Or everyone holding one of these roles. */
  roles?: string[];
  /** Only on these of the school's platforms (default: all it is served on). */
  platforms?: Platform[];
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

/** Outbox payload shapes, read back by the delivery function in rollcall.ts. */
export type OutboxPayload = { message: ChatMessage } | { file: { filename: string; title: string; base64: string } };

/** Outbox payloads are JSON columns; messages are plain JSON by design (the chat model has no classes). */
function outboxPayload(payload: OutboxPayload): Prisma.InputJsonValue {
  return payload as unknown as Prisma.InputJsonValue;
}

export function createNotifier(activePlatforms: readonly Platform[]): Notifier {
  const platformsFor = (school: SchoolWithPolicy): Platform[] => {
    const c = school.policy.channels;
    const bound = activePlatforms.filter((p) => (p === 'slack' && c.slack) || (p === 'teams' && c.teams));
    // A school bound to no active platform is served on all of them (single-school and local deployments).
    return bound.length ? bound : [...activePlatforms];
  };
  const channelId = (school: SchoolWithPolicy, platform: Platform, role: ChannelRole): string => {
    const c = school.policy.channels;
    const ids = platform === 'slack' ? c.slack?.channelIds : platform === 'teams' ? c.teams?.channelIds : undefined;
    // Local mode names channels without Slack's '#', as its terminal and page show them.
    return ids?.[role] ?? (platform === 'local' ? c[role].replace(/^#/, '') : c[role]);
  };
  return {
    platformsFor,
    async post(tx, input) {
      for (const platform of platformsFor(input.school)) {
        await enqueue(tx, {
          schoolId: input.school.id, key: `${platform}:${input.key}`, platform, op: 'post', channel: channelId(input.school, platform, input.channel),
          messageKey: input.messageKey, threadKey: input.threadKey, payload: outboxPayload({ message: input.message }),
        });
      }
    },
    async update(tx, input) {
      for (const platform of platformsFor(input.school)) {
        await enqueue(tx, {
          schoolId: input.school.id, key: `${platform}:${input.key}`, platform, op: 'update', channel: channelId(input.school, platform, input.channel),
          messageKey: input.messageKey, payload: outboxPayload({ message: input.message }),
        });
      }
    },
    async direct(tx, input) {
      const staff = await tx.staffMember.findMany({
        where: {
          schoolId: input.school.id, active: true,
          OR: [...(input.staffIds?.length ? [{ id: { in: input.staffIds } }] : []), ...(input.roles?.length ? [{ roles: { hasSome: input.roles } }] : [])],
        },
      });
      let sent = 0;
      for (const platform of platformsFor(input.school).filter((p) => !input.platforms || input.platforms.includes(p))) {
        for (const s of staff) {
          const user = platform === 'slack' ? s.slackUserId : platform === 'teams' ? s.teamsUserId : s.staffId;
          if (!user) continue;
          await enqueue(tx, { schoolId: input.school.id, key: `${platform}:${input.key}:${s.id}`, platform, op: 'dm', channel: user, payload: outboxPayload({ message: input.message }) });
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
