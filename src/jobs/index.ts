// The public face of src/jobs: durable timers, the chat outbox, the delivery log and per-school cron.
export { ManualClock, systemClock, type Clock } from './clock.js';
export { sqlTime, type Db } from './db.js';
export { createDurableTimers, type DurableTimers, type DurableTimersOptions, type TimerHandler } from './durable-timers.js';
export { cancelTimer, cancelTimers, scheduleTimer, scheduleTimers, type DueTimer, type ScheduleTimerInput } from './timer-rows.js';
export {
  createOutboxWorker,
  defaultClassifyError,
  enqueue,
  isOutboxOp,
  settleSubject,
  OUTBOX_OPS,
  type ClassifiedError,
  type DeliveryResult,
  type DrainResult,
  type MessageLocation,
  type OutboxDelivery,
  type OutboxEnqueue,
  type OutboxOp,
  type OutboxWorker,
  type OutboxWorkerOptions,
  type Urgency,
} from './outbox.js';
export { createDbDeliveryLog, createMemoryDeliveryLog, type DbDeliveryLog, type DeliveryLog } from './delivery-log.js';
export { createDbRequestInbox, type AcknowledgedRequest, type RequestInbox } from './request-inbox.js';
export {
  dailyCron,
  occurrenceKey,
  scheduleSchoolJobs,
  type JobContext,
  type OccurrenceReport,
  type ScheduledSchoolJobs,
  type ScheduleOptions,
  type SchoolJob,
  type SchoolJobs,
  weeklyCron,
} from './schedule.js';
