// Per-school cron wiring: each school's jobs run on node-cron in the school's own time zone (a 09:00
// London job is 09:00Z in winter, 08:00Z in summer). Every replica schedules every job; before running,
// an occurrence is claimed in the delivery log under job:<schoolId>:<name>:<minute>, so one replica runs
// it. The job logic lives elsewhere and receives the occurrence time: test it with a clock, not timers.
//
// An occurrence runs at most once: a run that throws is reported to onError and not retried (jobs should
// be idempotent and catch up on their next occurrence, or hand work to durable timers / the outbox).
import cron, { type ScheduledTask } from 'node-cron';
import type { DeliveryLog } from './delivery-log.js';

export interface JobContext {
  schoolId: string;
  timezone: string;
  name: string;
}

export interface SchoolJob {
  /** Unique within the school; part of the once-across-replicas key. */
  name: string;
  /** node-cron expression (5 fields, or 6 with seconds), read in the school's time zone. */
  cron: string;
  run: (occurrence: Date, context: JobContext) => unknown;
}

/** node-cron at a clock time "HH:MM", every day (a job skips the days it has nothing to do). */
export function dailyCron(time: string): string {
  return `${Number(time.slice(3, 5))} ${Number(time.slice(0, 2))} * * *`;
}

const DAY_NUMBERS = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 } as const;

/** node-cron for a weekly slot ('monday' '08:00' -> '0 8 * * 1'). */
export function weeklyCron(slot: { day: keyof typeof DAY_NUMBERS; time: string }): string {
  return `${Number(slot.time.slice(3, 5))} ${Number(slot.time.slice(0, 2))} * * ${DAY_NUMBERS[slot.day]}`;
}

export interface SchoolJobs {
  id: string;
  timezone: string;
  jobs: readonly SchoolJob[];
}

export interface OccurrenceReport extends JobContext {
  occurrence: Date;
  /** False when another replica had already claimed the occurrence (or the claim failed). */
  ran: boolean;
  error?: unknown;
}

export interface ScheduleOptions {
  /** Where occurrences are claimed; createDbDeliveryLog(prisma) for once across replicas. */
  claims: DeliveryLog;
  onError?: (err: unknown, context: JobContext & { occurrence: Date }) => void;
  /** Called after each occurrence is settled, run or not (logging, tests). */
  onOccurrence?: (report: OccurrenceReport) => void;
}

export interface ScheduledSchoolJobs {
  /** The next time a job fires, or null when it is unknown. */
  nextRun(schoolId: string, name: string): Date | null;
  stop(): Promise<void>;
}

/** job:<schoolId>:<name>:<occurrence as an ISO minute, e.g. 2026-11-23T09:00Z>. */
export function occurrenceKey(schoolId: string, name: string, occurrence: Date): string {
  return `job:${schoolId}:${name}:${occurrence.toISOString().slice(0, 16)}Z`;
}

function checkTimezone(timezone: string, schoolId: string): void {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone });
  } catch {
    throw new Error(`school ${schoolId}: unknown time zone ${timezone}`);
  }
}

export function scheduleSchoolJobs(schools: readonly SchoolJobs[], options: ScheduleOptions): ScheduledSchoolJobs {
  const onError = options.onError ?? ((err, c) => console.error(`[schedule] ${c.schoolId}/${c.name} at ${c.occurrence.toISOString()}`, err));
  // Check everything before scheduling anything, so a bad entry never leaves half the tasks running.
  const seen = new Set<string>();
  for (const school of schools) {
    checkTimezone(school.timezone, school.id);
    for (const job of school.jobs) {
      if (!cron.validate(job.cron)) throw new Error(`school ${school.id}: job ${job.name} has an invalid cron expression "${job.cron}"`);
      const id = `${school.id}:${job.name}`;
      if (seen.has(id)) throw new Error(`school ${school.id}: job ${job.name} is listed twice`);
      seen.add(id);
    }
  }

  const tasks = new Map<string, ScheduledTask>();
  for (const school of schools) {
    for (const job of school.jobs) {
      const context: JobContext = { schoolId: school.id, timezone: school.timezone, name: job.name };
      const occur = async (occurrence: Date): Promise<void> => {
        let ran = false;
        let error: unknown;
        try {
          if (await options.claims.firstTime(occurrenceKey(school.id, job.name, occurrence))) {
            ran = true;
            await job.run(occurrence, context);
          }
        } catch (err) {
          error = err;
          onError(err, { ...context, occurrence });
        }
        options.onOccurrence?.({ ...context, occurrence, ran, ...(error === undefined ? {} : { error }) });
      };
      const task = cron.schedule(job.cron, (ctx) => occur(ctx.date), {
        name: `${school.id}:${job.name}`,
        timezone: school.timezone,
        noOverlap: true,
      });
      tasks.set(`${school.id}\u0000${job.name}`, task);
    }
  }

  return {
    nextRun: (schoolId, name) => tasks.get(`${schoolId}\u0000${name}`)?.getNextRun() ?? null,
    async stop() {
      for (const task of tasks.values()) await task.destroy();
      tasks.clear();
    },
  };
}
