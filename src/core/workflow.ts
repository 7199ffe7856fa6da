// What a workflow (unexplained absences, missing pupil, tiers, digest) plugs into: the router for its
// commands and buttons, durable-timer handlers, per-school scheduled jobs, and the services below.
// Workflows never see a platform: they post neutral messages through `notify`, which writes outbox rows
// in the caller's transaction (so a message exists exactly when the change it reports committed).
import type { HandlerContext } from '../chat/context.js';
import type { ChatMessage } from '../chat/model.js';
import type { ChatRouter } from '../chat/router.js';
import type { Database } from '../db/client.js';
import type { Clock, DurableTimers, SchoolJob } from '../jobs/index.js';
import type { Notifier } from './notifier.js';
import type { SchoolWithPolicy } from '../register/schools.js';

export interface AppServices {
  db: Database;
  clock: Clock;
  timers: DurableTimers;
  notify: Notifier;
  /** A school and its parsed policy (cached per process; policies change only by `school add`). */
  school(id: string): Promise<SchoolWithPolicy>;
}

export interface Workflow {
  name: string;
  /** Commands, actions, views (and optionally the home view) on the shared router. */
  register(router: ChatRouter, services: AppServices): void;
  /** Durable-timer handlers by kind: `timers.on(kind, handler)`. */
  timers?(timers: DurableTimers, services: AppServices): void;
  /** This workflow's part of a person's App Home (their claimed cases, their tasks); the app joins the parts. */
  home?(ctx: HandlerContext, services: AppServices): Promise<ChatMessage>;
  /** Run once per school when the process starts: catch up on what a stopped process missed today. */
  onStart?(school: SchoolWithPolicy, services: AppServices): Promise<void>;
  /** Scheduled jobs for one school (node-cron in the school's timezone; each occurrence runs once). */
  jobs?(school: SchoolWithPolicy, services: AppServices): SchoolJob[];
  /** Its safeguarding messages (subjects starting with `subjectPrefix`) not delivered in time, or dead:
   * escalate by every other route and record it; returns a line for operators (no personal data). */
  undelivered?: { subjectPrefix: string; escalate(message: UndeliveredMessage, services: AppServices): Promise<string> };
}

/** A safeguarding message not delivered within its time ('overdue'), refused by the platform and kept
 * trying while its subject is open ('refused'), or given up after its subject closed ('dead'). */
export interface UndeliveredMessage {
  id: string;
  key: string;
  schoolId: string;
  platform: string;
  op: string;
  channel: string;
  subject: string;
  purpose: string | null;
  payload: unknown;
  createdAt: Date;
  /** When it was due to be escalated if not delivered (null for a message that was never to be). */
  escalateAt: Date | null;
  lastError: string | null;
  why: 'overdue' | 'refused' | 'dead';
}
