// The scheduled job that posts the weekly tiers. It computes, then posts through the Notifier inside the
// write transaction, so a post exists exactly when the change it reports committed. Keys per school and
// week make a repeated occurrence publish nothing twice.
// Week rule: a tiers run on Monday to Thursday posts that week's Monday (registers to the Friday
// before); a run on Friday to Sunday posts for the coming Monday (registers to that Friday).

import type { AppServices } from '../../core/workflow.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import { localDateOf } from '../../rules/local-time.js';
import { addDays, mondayOf, type IsoDate } from '../../rules/index.js';
import { runWeeklyTiers, type WeeklyTiersResult } from './run-weekly.js';

/** Monday to Thursday: this week's Monday. Friday to Sunday: next Monday. */
export function tiersWeekFor(occurrence: Date, timeZone: string): IsoDate {
  return mondayOf(addDays(localDateOf(occurrence, timeZone), 3));
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
  services: AppServices,
  school: SchoolWithPolicy,
  occurrence: Date,
): Promise<WeeklyTiersResult | { status: 'not-this-week'; weekStart: IsoDate }> {
  const { policy } = school;
  const weekStart = tiersWeekFor(occurrence, policy.school.timezone);
  if (!dueThisWeek(weekStart, policy.schedule.weeklyTiers.everyWeeks)) return { status: 'not-this-week', weekStart };
  const key = tiersPostKey(school.id, weekStart);
  return runWeeklyTiers(services.db, {
    schoolId: school.id, policy, weekStart, now: occurrence,
    withPost: (tx, message) => services.notify.post(tx, { school, channel: 'attendance', key, messageKey: key, message }),
  });
}
