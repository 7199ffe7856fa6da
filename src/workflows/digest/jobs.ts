// The Friday digest job and the trust one: compute, then post the message and its chart in one
// transaction, the chart as an upload right after the post in the same channel. Keys per school (or
// trust) and week make a repeated occurrence publish nothing new.

import type { ChatMessage } from '../../chat/model.js';
import type { AppServices } from '../../core/workflow.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import { localDateOf } from '../../rules/local-time.js';
import { mondayOf, type IsoDate } from '../../rules/index.js';
import { dueThisWeek } from '../tiers/jobs.js';
import { TRANSACTION_OPTIONS } from '../tiers/run-weekly.js';
import { buildDigest } from './build.js';
import type { ChartImage } from './chart.js';
import { buildTrustDigest } from './trust.js';

async function postWithChart(services: AppServices, school: SchoolWithPolicy, key: string, message: ChatMessage, chart: ChartImage): Promise<void> {
  await services.db.prisma.$transaction(async (tx) => {
    await services.notify.post(tx, { school, channel: 'leadership', key, messageKey: key, message });
    await services.notify.upload(tx, {
      school, channel: 'leadership', key: `${key}:chart`, filename: chart.filename, title: message.summary.slice(0, 200), base64: Buffer.from(chart.png).toString('base64'),
    });
  }, TRANSACTION_OPTIONS);
}

export async function weeklyDigestJob(services: AppServices, school: SchoolWithPolicy, occurrence: Date): Promise<{ weekStart: IsoDate; published: boolean }> {
  const { policy } = school;
  const weekStart = mondayOf(localDateOf(occurrence, policy.school.timezone));
  if (!dueThisWeek(weekStart, policy.schedule.digest.everyWeeks)) return { weekStart, published: false };
  const digest = await buildDigest(services.db, { schoolId: school.id, policy, weekStart, now: occurrence });
  await postWithChart(services, school, `digest:${school.id}:${weekStart}`, digest.message, digest.chart);
  return { weekStart, published: true };
}

/**
 * The trust's digest across `schools`, posted in the leadership channel of `owner` (every outbox row
 * belongs to a school).
 */
export async function weeklyTrustDigestJob(
  services: AppServices,
  owner: SchoolWithPolicy,
  trust: { schools: readonly SchoolWithPolicy[]; title: string },
  occurrence: Date,
): Promise<{ weekStart: IsoDate; published: boolean }> {
  const weekStart = mondayOf(localDateOf(occurrence, owner.timezone));
  const digest = await buildTrustDigest(services.db, { schools: trust.schools, weekStart, now: occurrence, title: trust.title });
  await postWithChart(services, owner, `trust-digest:${owner.id}:${weekStart}`, digest.message, digest.chart);
  return { weekStart, published: true };
}
