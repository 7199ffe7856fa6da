// The composition root: one router with every workflow's commands, durable timers with their handlers,
// the outbox delivering to whichever chat platforms run in this process, and each school's scheduled
// jobs. Adapters (Slack, Teams, local) are attached as ports; they share the router and the database.
import { divider, message, type ChatMessage, type Platform } from '../chat/model.js';
import type { ChatPort, StaffDirectory } from '../chat/port.js';
import { ChatRouter } from '../chat/router.js';
import type { Database } from '../db/client.js';
import {
  createDbDeliveryLog, createDurableTimers, createOutboxWorker, scheduleSchoolJobs, systemClock,
  type Clock, type DbDeliveryLog, type DurableTimers, type OutboxDelivery, type OutboxWorker, type ScheduledSchoolJobs,
} from '../jobs/index.js';
import { registerHelp } from './help.js';
import { createNotifier, type OutboxPayload } from '../core/notifier.js';
import { loadAllSchools, loadSchool, type SchoolWithPolicy } from '../register/schools.js';
import { createDbStaffDirectory } from '../core/staff-directory.js';
import type { AppServices, Workflow } from '../core/workflow.js';

export interface RollcallOptions {
  db: Database;
  platforms: readonly Platform[];
  workflows: readonly Workflow[];
  clock?: Clock;
  /** Outbox poll interval (ms); tests drain by hand instead. */
  outboxPollMs?: number;
}

export interface Rollcall {
  router: ChatRouter;
  services: AppServices;
  staffDirectory: StaffDirectory;
  deliveryLog: DbDeliveryLog;
  timers: DurableTimers;
  outbox: OutboxWorker;
  /** Attach a platform's port once its adapter is up; the outbox delivers to it from then on. */
  attach(port: ChatPort): void;
  /** Start timers, the outbox and every school's scheduled jobs. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

class PortNotReady extends Error {}

/** A delivery failure tagged with its platform, so the right adapter classifies it (429, 5xx...). */
class PlatformFailure extends Error {
  constructor(readonly platform: Platform, readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
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
  const router = new ChatRouter({ clock: () => clock.now(), onHandled: () => outbox.wakeCommitted() });
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

  const outbox = createOutboxWorker({
    prisma: db.prisma,
    clock,
    ...(options.outboxPollMs ? { pollMs: options.outboxPollMs } : {}),
    deliver: async (m) => {
      try {
        return await deliver(ports, m);
      } catch (error) {
        throw error instanceof PortNotReady ? error : new PlatformFailure(m.platform as Platform, error);
      }
    },
    classifyError: (err) => {
      if (err instanceof PortNotReady) return { retryable: true, retryAfterMs: 1000, reason: 'platform not connected yet' };
      const port = err instanceof PlatformFailure ? ports.get(err.platform) : undefined;
      return port && err instanceof PlatformFailure ? port.classifyError(err.original) : { retryable: false, reason: String(err) };
    },
  });

  let cron: ScheduledSchoolJobs | undefined;
  const deliveryLog = createDbDeliveryLog(db.prisma);
  return {
    router,
    services,
    staffDirectory: createDbStaffDirectory(db.prisma),
    deliveryLog,
    timers,
    outbox,
    attach: (port) => ports.set(port.platform, port),
    async start() {
      await timers.start();
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

async function deliver(ports: Map<Platform, ChatPort>, m: OutboxDelivery) {
  const port = ports.get(m.platform as Platform);
  if (!port) throw new PortNotReady(m.platform);
  const payload = m.payload as unknown as OutboxPayload;
  const message = 'message' in payload ? (payload.message as ChatMessage) : undefined;
  switch (m.op) {
    case 'post':
      return port.post(m.channel, message!, m.thread ? { threadRef: m.thread.externalId } : {});
    case 'update':
      return port.update(m.target!.channel, m.target!.externalId, message!);
    case 'dm':
      return port.dm(m.channel, message!);
    case 'ephemeral':
      await port.postEphemeral(m.channel, m.channel, message!);
      return {};
    case 'upload': {
      if (!('file' in payload)) throw new Error(`upload ${m.key} has no file`);
      const { fileId } = await port.uploadFile(m.channel, {
        filename: payload.file.filename, title: payload.file.title, bytes: Buffer.from(payload.file.base64, 'base64'),
        ...(m.thread ? { threadRef: m.thread.externalId } : {}),
      });
      return { externalId: fileId };
    }
  }
}
