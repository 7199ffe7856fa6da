// The composition root: one router with every workflow's commands, durable timers with their handlers,
// the outbox delivering to whichever chat platforms run in this process, and each school's scheduled
// jobs. Adapters (Slack, Teams, local) are attached as ports; they share the router and the database.
import { divider, message, type Platform } from '../chat/model.js';
import type { AnswerLater, ChatPort, StaffDirectory } from '../chat/port.js';
import { ChatRouter, type ChatLogger } from '../chat/router.js';
import type { Database } from '../db/client.js';
import {
  createDbDeliveryLog, createDbRequestInbox, createDurableTimers, createOutboxWorker, enqueue, scheduleSchoolJobs, systemClock,
  type Clock, type DbDeliveryLog, type DurableTimers, type RequestInbox, type OutboxWorker, type ScheduledSchoolJobs,
} from '../jobs/index.js';
import { classifyDeliveryFailure, deliverMessage } from '../core/delivery.js';
import { createDeliveryNotices } from '../core/delivery-notices.js';
import { createEscalations } from '../core/escalation.js';
import { registerHelp } from './help.js';
import { createNotifier, outboxPayload } from '../core/notifier.js';
import { loadAllSchools, loadSchool, type SchoolWithPolicy } from '../register/schools.js';
import { createDbStaffDirectory } from '../core/staff-directory.js';
import type { AppServices, Workflow } from '../core/workflow.js';
import { createSchoolRouting, scopeFor, type SchoolRouting } from '../core/school-routing.js';

export interface RollcallOptions {
  db: Database;
  platforms: readonly Platform[];
  workflows: readonly Workflow[];
  clock?: Clock;
  /** Outbox poll interval (ms); tests drain by hand instead. */
  outboxPollMs?: number;
  /** Which school a workspace or team belongs to (default: from the schools' policies in the database). */
  routing?: SchoolRouting;
  /** Where delivery trouble is reported for operators (default stderr). */
  log?: (line: string) => void;
  /** Where the router reports refusals and failed handlers (default the console). */
  routerLogger?: ChatLogger;
  /** Where an escalated safeguarding message is shown to whoever watches the process (default: log). */
  alert?: (line: string) => void;
}

export interface Rollcall {
  router: ChatRouter;
  services: AppServices;
  staffDirectory: StaffDirectory;
  deliveryLog: DbDeliveryLog;
  /** Commands and presses written down before they are acknowledged (see chat/slack/listeners/dedupe.ts). */
  acknowledged: RequestInbox;
  routing: SchoolRouting;
  timers: DurableTimers;
  outbox: OutboxWorker;
  /** A private answer the platform refused for now, sent later as a direct message through the outbox. */
  answerLater: AnswerLater;
  /** Attach a platform's port once its adapter is up; the outbox delivers to it from then on. */
  attach(port: ChatPort): void;
  /** Start timers, the outbox and every school's scheduled jobs. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createRollcall(options: RollcallOptions): Rollcall {
  const { db } = options;
  const clock = options.clock ?? systemClock;
  const ports = new Map<Platform, ChatPort>();
  const schoolCache = new Map<string, Promise<SchoolWithPolicy>>();
  const timers = createDurableTimers({ prisma: db.prisma, clock });
  const services: AppServices = {
    db,
    clock,
    timers,
    notify: createNotifier(options.platforms),
    school: (id) => {
      let cached = schoolCache.get(id);
      if (!cached) {
        cached = loadSchool(db.prisma, { id });
        cached.catch(() => schoolCache.delete(id));
        schoolCache.set(id, cached);
      }
      return cached;
    },
  };
  // What a handler queued is in committed rows by the time it returns: look at once, not 15 ms later.
  const router = new ChatRouter({ clock: () => clock.now(), onHandled: () => outbox.wakeCommitted(), ...(options.routerLogger ? { logger: options.routerLogger } : {}) });
  for (const workflow of options.workflows) {
    workflow.register(router, services);
    workflow.timers?.(timers, services);
  }
  registerHelp(router);
  const homes = options.workflows.filter((w) => w.home);
  if (homes.length) {
    // One App Home: each workflow's part in list order, separated by a divider.
    router.home(async (ctx) => {
      const parts = await Promise.all(homes.map((w) => w.home!(ctx, services)));
      return message(parts.map((p) => p.summary).join(' · '), ...parts.flatMap((p, i) => (i ? [divider, ...p.blocks] : p.blocks)));
    });
  }

  const routing = options.routing ?? createSchoolRouting(db.prisma);
  const deliveryLog = createDbDeliveryLog(db.prisma);
  const notices = createDeliveryNotices({ prisma: db.prisma, notify: services.notify, deliveryLog, school: services.school, ...(options.log ? { log: options.log } : {}) });
  const scopeOf = async (schoolId: string, platform: Platform) => {
    const school = (await routing.school(schoolId)) ?? (await services.school(schoolId));
    return scopeFor(school.policy, platform);
  };
  const outbox = createOutboxWorker({
    prisma: db.prisma,
    clock,
    ...(options.outboxPollMs ? { pollMs: options.outboxPollMs } : {}),
    deliver: (m) => deliverMessage(ports, scopeOf, m),
    classifyError: (err) => classifyDeliveryFailure(ports, err),
    onHeld: notices.held,
    onDead: async (row, verdict, lastError) => {
      notices.dead(row, verdict);
      if (row.subject) await escalations.dead(row, lastError);
    },
    // Told once per message, however many times the platform refuses it again.
    onRefused: async (row, verdict, lastError) => {
      if (!(await deliveryLog.firstTime(`refused:${row.id}`))) return;
      notices.refused(row, verdict);
      if (row.subject) await escalations.refused(row, lastError);
    },
    onOverdue: (row) => escalations.overdue(row),
  });
  const log = options.log ?? ((line: string) => console.error(line));
  const escalations = createEscalations(options.workflows, services, options.alert ?? log);

  let cron: ScheduledSchoolJobs | undefined;
  return {
    router,
    services,
    staffDirectory: createDbStaffDirectory(db.prisma),
    deliveryLog,
    acknowledged: createDbRequestInbox(db.prisma),
    routing,
    timers,
    outbox,
    async answerLater(to, messages) {
      for (const [i, message] of messages.entries()) {
        await enqueue(db.prisma, { schoolId: to.schoolId, key: `${to.platform}:answer:${to.key}:${i}`, platform: to.platform, op: 'dm', channel: to.userId, payload: outboxPayload({ message }) });
      }
    },
    attach: (port) => ports.set(port.platform, port),
    async start() {
      await timers.start();
      // The embedded database has one owner: a claim found now is a killed process's, whose send may or
      // may not have landed; it goes again at once (as a retry, so the port can look first).
      if (db.kind === 'pglite') await outbox.releaseClaims();
      outbox.start();
      const schools = await loadAllSchools(db.prisma);
      for (const school of schools) for (const w of options.workflows) await w.onStart?.(school, services);
      cron = scheduleSchoolJobs(
        schools.map((school) => ({ id: school.id, timezone: school.timezone, jobs: options.workflows.flatMap((w) => w.jobs?.(school, services) ?? []) })),
        { claims: deliveryLog },
      );
    },
    async stop() {
      cron?.stop();
      await outbox.stop();
      await timers.stop();
    },
  };
}
