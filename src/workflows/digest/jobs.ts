// The Friday digest job and the trust one: compute, then publish the message and its chart in one
// transaction, the chart as an upload right after the post in the same channel. Keys per school (or
// trust) and week make a repeated occurrence publish nothing new.

import type { Database } from '../../db/client.js';
import type { ChatMessage } from '../../chat/model.js';
import { localDateOf } from '../../rules/local-time.js';
import { mondayOf, type IsoDate } from '../../rules/index.js';
import { dueThisWeek, type ChannelPurpose, type Publisher, type SchoolForJob } from '../tiers/jobs.js';
import { TRANSACTION_OPTIONS } from '../tiers/run-weekly.js';
import { buildDigest } from './build.js';
import type { ChartImage } from './chart.js';
import { buildTrustDigest } from './trust.js';
import type { SchoolWithPolicy } from '../../register/schools.js';

export async function publishWithChart(
  db: Database,
  publisher: Publisher,
  target: { channel: ChannelPurpose; key: string },
  message: ChatMessage,
  chart: ChartImage,
): Promise<void> {
  await db.prisma.$transaction(async (tx) => {
    await publisher.post(tx, { channel: target.channel, key: target.key, message });
    await publisher.upload(tx, {
      channel: target.channel, key: `${target.key}:chart`, filename: chart.filename, title: message.summary.slice(0, 200), base64: Buffer.from(chart.png).toString('base64'),
    });
  }, TRANSACTION_OPTIONS);
}

export async function weeklyDigestJob(db: Database, publisher: Publisher, school: SchoolForJob, occurrence: Date): Promise<{ weekStart: IsoDate; published: boolean }> {
  const { policy } = school;
  const weekStart = mondayOf(localDateOf(occurrence, policy.school.timezone));
  if (!dueThisWeek(weekStart, policy.schedule.digest.everyWeeks)) return { weekStart, published: false };
  const digest = await buildDigest(db, { schoolId: school.id, policy, weekStart, now: occurrence });
  await publishWithChart(db, publisher, { channel: 'leadership', key: `digest:${school.id}:${weekStart}` }, digest.message, digest.chart);
  return { weekStart, published: true };
}

export interface TrustForJob {
  /** The school whose leadership channel gets the trust digest (every outbox row belongs to a school). */
  ownerSchoolId: string;
  schools: readonly SchoolWithPolicy[];
  timezone: string;
  title?: string;
}

/** `publisher` posts for the owner school (its leadership channel). */
export async function weeklyTrustDigestJob(db: Database, publisher: Publisher, trust: TrustForJob, occurrence: Date): Promise<{ weekStart: IsoDate; published: boolean }> {
  const weekStart = mondayOf(localDateOf(occurrence, trust.timezone));
  const digest = await buildTrustDigest(db, { schools: trust.schools, weekStart, now: occurrence, ...(trust.title ? { title: trust.title } : {}) });
  await publishWithChart(db, publisher, { channel: 'leadership', key: `trust-digest:${trust.ownerSchoolId}:${weekStart}` }, digest.message, digest.chart);
  return { weekStart, published: true };
}
