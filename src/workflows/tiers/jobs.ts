// Scheduled jobs that post the weekly tiers (and, in digest/jobs.ts, the digest). They compute, then
// hand the post to a Publisher inside the write transaction, so a post exists exactly when the change it
// reports committed. The Notifier (src/core/notifier.ts) is one Publisher (notifierPublisher in
// index.ts); outboxPublisher writes outbox rows directly with src/jobs/outbox.ts `enqueue`. Keys per
// school and week make a repeated occurrence publish nothing twice.
// Week rule: a tiers run on Monday to Thursday posts that week's Monday (registers to the Friday
// before); a run on Friday to Sunday posts for the coming Monday (registers to that Friday).

import type { Database } from '../../db/client.js';
import type { Prisma } from '../../db/generated/client.js';
import type { ChatMessage, Platform } from '../../chat/model.js';
import type { Policy } from '../../policy/schema.js';
import { localDateOf } from '../../rules/local-time.js';
import { addDays, mondayOf, type IsoDate } from '../../rules/index.js';
import { runWeeklyTiers, type WeeklyTiersResult } from './run-weekly.js';

export type ChannelPurpose = 'attendance' | 'leadership' | 'incidents';

export interface Publisher {
  post(tx: Prisma.TransactionClient, input: { channel: ChannelPurpose; key: string; message: ChatMessage }): Promise<void>;
  upload(tx: Prisma.TransactionClient, input: { channel: ChannelPurpose; key: string; filename: string; title: string; base64: string }): Promise<void>;
  /** Replaces a post in place (the post's key is its messageKey); `key` is this change's own idempotency key. */
  update(tx: Prisma.TransactionClient, input: { channel: ChannelPurpose; key: string; messageKey: string; message: ChatMessage }): Promise<void>;
}

export interface OutboxMessageInput {
  schoolId: string;
  key: string;
  platform: string;
  op: 'post' | 'update' | 'dm' | 'upload' | 'ephemeral';
  channel: string;
  messageKey?: string;
  threadKey?: string;
  payload: Prisma.InputJsonValue;
}

/** Structurally src/jobs/outbox.ts `enqueue`. */
export type Enqueue = (tx: Prisma.TransactionClient, message: OutboxMessageInput) => Promise<{ created: boolean }>;

export interface SchoolForJob {
  id: string;
  policy: Policy;
}

/** The platform's channel id when the policy gives one, otherwise the channel name. */
export function channelFor(policy: Policy, purpose: ChannelPurpose, platform: Platform): string {
  const c = policy.channels;
  const id = platform === 'slack' ? c.slack?.channelIds?.[purpose] : platform === 'teams' ? c.teams?.channelIds?.[purpose] : undefined;
  return id ?? c[purpose];
}

/** JSON for an outbox payload: the neutral message as plain data. */
export function asPayload(value: object): Prisma.InputJsonValue {
  const json: Prisma.InputJsonValue = JSON.parse(JSON.stringify(value));
  return json;
}

/** Outbox rows for one platform, in the payload shapes src/core/notifier.ts writes ({message} / {file}). */
export function outboxPublisher(enqueue: Enqueue, platform: Platform, school: SchoolForJob): Publisher {
  return {
    async post(tx, input) {
      await enqueue(tx, { schoolId: school.id, key: `${platform}:${input.key}`, platform, op: 'post', channel: channelFor(school.policy, input.channel, platform), messageKey: input.key, payload: asPayload({ message: input.message }) });
    },
    async upload(tx, input) {
      await enqueue(tx, {
        schoolId: school.id, key: `${platform}:${input.key}`, platform, op: 'upload', channel: channelFor(school.policy, input.channel, platform),
        payload: { file: { filename: input.filename, title: input.title, base64: input.base64 } },
      });
    },
    async update(tx, input) {
      await enqueue(tx, { schoolId: school.id, key: `${platform}:${input.key}`, platform, op: 'update', channel: channelFor(school.policy, input.channel, platform), messageKey: input.messageKey, payload: asPayload({ message: input.message }) });
    },
  };
}

/** Monday to Thursday: this week's Monday. Friday to Sunday: next Monday. */
export function tiersWeekFor(occurrence: Date, timeZone: string): IsoDate {
  return mondayOf(addDays(localDateOf(occurrence, timeZone), 3));
}

export const DAY_NUMBERS = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 } as const;

/** node-cron expression for a policy schedule slot ('monday' '08:00' -> '0 8 * * 1'). */
export function weeklyCron(slot: { day: keyof typeof DAY_NUMBERS; time: string }): string {
  return `${Number(slot.time.slice(3, 5))} ${Number(slot.time.slice(0, 2))} * * ${DAY_NUMBERS[slot.day]}`;
}

/** everyWeeks > 1: run only in weeks whose count since Monday 5 Jan 1970 divides evenly. */
export function dueThisWeek(weekStart: IsoDate, everyWeeks: number): boolean {
  if (everyWeeks <= 1) return true;
  const weeks = Math.round((Date.parse(`${weekStart}T00:00:00Z`) - Date.parse('1970-01-05T00:00:00Z')) / (7 * 86_400_000));
  return weeks % everyWeeks === 0;
}

export function tiersPostKey(schoolId: string, weekStart: IsoDate): string {
  return `tiers:${schoolId}:${weekStart}`;
}

export async function weeklyTiersJob(
  db: Database,
  publisher: Publisher,
  school: SchoolForJob,
  occurrence: Date,
): Promise<WeeklyTiersResult | { status: 'not-this-week'; weekStart: IsoDate }> {
  const { policy } = school;
  const weekStart = tiersWeekFor(occurrence, policy.school.timezone);
  if (!dueThisWeek(weekStart, policy.schedule.weeklyTiers.everyWeeks)) return { status: 'not-this-week', weekStart };
  return runWeeklyTiers(db, {
    schoolId: school.id, policy, weekStart, now: occurrence,
    withPost: (tx, message) => publisher.post(tx, { channel: 'attendance', key: tiersPostKey(school.id, weekStart), message }),
  });
}
