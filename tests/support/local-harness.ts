// The whole of Rollcall on the local port (the terminal/page adapter), on a fresh test database with an
// injected clock: the real router, workflows, durable timers and outbox, and no Slack or Teams. Workflow
// scenarios use this to assert on the neutral message model a workflow produced (headers, text, list
// rows, buttons, forms), which every platform renders; the Slack and Teams end-to-end tests test how.
// Local accounts are staff ids (StaffMember.staffId), so a seed needs no platform user ids. The port can
// fail on purpose, as the fake Slack and Bot Connector can: an outage, a rate limit or a refusal.
import { createRollcall, type Rollcall } from '../../src/app/rollcall.js';
import { LocalChatPort, type LocalPost } from '../../src/chat/local/port.js';
import { renderText } from '../../src/chat/local/render-text.js';
import { LocalChat } from '../../src/chat/local/session.js';
import type { ChatMessage, Control, Modal } from '../../src/chat/model.js';
import type { ChatPort, DeliveryFailure, FileUpload, PostOptions, PostResult } from '../../src/chat/port.js';
import type { Workflow } from '../../src/core/workflow.js';
import type { Database } from '../../src/db/client.js';
import { ManualClock } from '../../src/jobs/index.js';
import { createTestDatabase } from './db.js';

/** How a local call fails on purpose: like a platform that is down (retryable), asks to wait, or refuses. */
export type LocalFault = { kind: 'down' } | { kind: 'rate-limited'; retryAfterMs: number } | { kind: 'refused'; reason: string };
export type LocalOp = 'post' | 'update' | 'dm' | 'uploadFile';

class LocalFailure extends Error {
  constructor(readonly fault: LocalFault, op: LocalOp, channel: string) {
    super(`local ${op} to ${channel} failed on purpose (${fault.kind})`);
  }
}

/** The local port with faults on purpose: the next calls of an operation (failNext), or a rule over every call (setRule). */
export class FaultyLocalPort extends LocalChatPort {
  private readonly queued = new Map<LocalOp, LocalFault[]>();
  private rule: ((op: LocalOp, channel: string) => LocalFault | undefined) | undefined;
  /** Every call that reached the port, failed or not. */
  readonly calls: { op: LocalOp; channel: string; failed: boolean }[] = [];

  failNext(op: LocalOp, fault: LocalFault, times = 1): void {
    this.queued.set(op, [...(this.queued.get(op) ?? []), ...Array.from({ length: times }, () => fault)]);
  }

  /** Decides a fault for every call from now on, after any queued by failNext; undefined lets all through. */
  setRule(rule: ((op: LocalOp, channel: string) => LocalFault | undefined) | undefined): void {
    this.rule = rule;
  }

  private check(op: LocalOp, channel: string): void {
    const fault = this.queued.get(op)?.shift() ?? this.rule?.(op, channel);
    this.calls.push({ op, channel, failed: fault !== undefined });
    if (fault) throw new LocalFailure(fault, op, channel);
  }

  override async post(channel: string, message: ChatMessage, options?: PostOptions): Promise<PostResult> {
    this.check('post', channel);
    return super.post(channel, message, options);
  }

  override async update(channel: string, externalId: string, message: ChatMessage): Promise<PostResult> {
    this.check('update', channel);
    return super.update(channel, externalId, message);
  }

  override async dm(user: string, message: ChatMessage): Promise<PostResult> {
    this.check('dm', `@${user}`);
    return super.dm(user, message);
  }

  override async uploadFile(channel: string, file: FileUpload): Promise<{ fileId: string }> {
    this.check('uploadFile', channel);
    return super.uploadFile(channel, file);
  }

  override classifyError(error: unknown): DeliveryFailure {
    if (!(error instanceof LocalFailure)) return super.classifyError(error);
    const { fault } = error;
    if (fault.kind === 'down') return { retryable: true, reason: 'local_down' };
    if (fault.kind === 'rate-limited') return { retryable: true, rateLimited: true, retryAfterMs: fault.retryAfterMs, reason: 'local_rate_limited' };
    return { retryable: false, reason: fault.reason };
  }
}

/** Where a person types commands (their private answers appear here). */
const DESK = 'office';

export interface LocalHarnessOptions {
  workflows: readonly Workflow[];
  /** The clock's starting instant. */
  now: Date;
  /** Schools, staff and pupils, before the app starts; returns the school the local session belongs to. */
  seed(db: Database): Promise<string>;
}

export interface Answer {
  /** What the person was told privately, oldest first. */
  messages: ChatMessage[];
  /** The form the interaction opened, if any. */
  modal?: Modal;
  /** Field errors of a submitted form, or a note from the session (no such button, internal error). */
  note?: string;
}

export interface LocalHarness {
  db: Database;
  clock: ManualClock;
  rollcall: Rollcall;
  port: FaultyLocalPort;
  /** Lines for whoever watches the process: delivery trouble and escalated safeguarding messages. */
  operator: string[];
  schoolId: string;
  /** The staff member's session (terminal and page share one), in `channel` when it is first opened. */
  session(staffId: string, channel?: string): LocalChat;
  /** A slash command typed by the staff member with this staff id. */
  command(staffId: string, command: string, text?: string): Promise<Answer>;
  /** Presses a button (or picks a select option) on the newest message the person can see that shows it. */
  press(staffId: string, actionId: string, value: string): Promise<Answer>;
  /** Submits the form open for the person; its answer arrives as a direct message. */
  submit(staffId: string, callbackId: string, values: Record<string, string>): Promise<Answer>;
  /** Delivers every due outbox message to the local port. */
  drain(): Promise<void>;
  /** Moves the clock to `until` in steps, running due timers and delivering due messages at each. */
  runUntil(until: Date, stepMs?: number): Promise<void>;
  /** Everyone's messages in a channel (no private answers, no thread replies), oldest first. */
  channel(name: string): LocalPost[];
  /** Replies in the thread of a channel message. */
  thread(post: LocalPost): LocalPost[];
  /** Direct messages to a staff member, oldest first. */
  dms(staffId: string): ChatMessage[];
  close(): Promise<void>;
}

/** A message as a person reads it: the local renderer's plain text of the neutral model. */
export const textOf = (m: ChatMessage | LocalPost | undefined): string => (m === undefined ? '' : renderText('message' in m ? m.message : m));

/** Every control in a message, rows and action blocks alike. */
export function controlsOf(m: ChatMessage | LocalPost | undefined): Control[] {
  const message = m === undefined ? undefined : 'message' in m ? m.message : m;
  return (message?.blocks ?? []).flatMap((b) => (b.kind === 'actions' ? b.controls : b.kind === 'list' ? b.rows.flatMap((r) => r.controls ?? []) : []));
}

/** The values of the buttons with this action id in a message. */
export const buttonValues = (m: ChatMessage | LocalPost | undefined, actionId: string): string[] =>
  controlsOf(m).flatMap((c) => (c.kind === 'button' && c.actionId === actionId ? [c.value] : []));

export async function startLocalHarness(options: LocalHarnessOptions): Promise<LocalHarness> {
  const db = await createTestDatabase();
  const schoolId = await options.seed(db);
  const clock = new ManualClock(options.now);
  const operator: string[] = [];
  const rollcall = createRollcall({ db, platforms: ['local'], workflows: options.workflows, clock, log: (line) => void operator.push(line) });
  const port = new FaultyLocalPort({ print: () => undefined }) satisfies ChatPort;
  rollcall.attach(port);
  const sessions = new Map<string, LocalChat>();
  const session = (staffId: string, channel = DESK): LocalChat => {
    let chat = sessions.get(staffId);
    if (!chat) {
      chat = new LocalChat({ router: rollcall.router, staffDirectory: rollcall.staffDirectory, port, schoolId, userId: staffId, channel });
      sessions.set(staffId, chat);
    }
    return chat;
  };
  const answered = (staffId: string) => {
    const privately = () => port.messages(DESK, staffId).filter((p) => p.visibleTo === staffId);
    const dms = () => port.messages(`@${staffId}`, staffId);
    const [before, dmsBefore] = [privately().length, dms().length];
    port.pendingModals.delete(staffId);
    return (note: string | undefined, formAnswers = false): Answer => {
      const modal = port.pendingModals.get(staffId);
      const messages = formAnswers ? dms().slice(dmsBefore) : privately().slice(before);
      return { messages: messages.map((p) => p.message), ...(modal ? { modal } : {}), ...(note === undefined ? {} : { note }) };
    };
  };
  const topLevel = (name: string) => port.messages(name).filter((p) => p.visibleTo === undefined);
  return {
    db, clock, rollcall, port, schoolId, operator, session,
    async command(staffId, command, text = '') {
      const done = answered(staffId);
      return done(await session(staffId).run(`${command} ${text}`));
    },
    async press(staffId, actionId, value) {
      const done = answered(staffId);
      return done(await session(staffId).pressControl(actionId, value));
    },
    async submit(staffId, callbackId, values) {
      const modal = port.pendingModals.get(staffId);
      const done = answered(staffId);
      // answered() forgets the open form so a form opened by this submit can be told apart; put it back.
      if (modal) port.pendingModals.set(staffId, modal);
      return done(await session(staffId).submitForm(callbackId, values), true);
    },
    drain: () => rollcall.outbox.drain().then(() => undefined),
    async runUntil(until, stepMs = 2000) {
      while (clock.now() < until) {
        clock.set(new Date(Math.min(until.getTime(), clock.now().getTime() + stepMs)).toISOString());
        await rollcall.timers.tick();
        await rollcall.outbox.drain();
      }
    },
    channel: (name) => topLevel(name).filter((p) => p.threadRef === undefined),
    thread: (post) => topLevel(post.channel).filter((p) => p.threadRef === post.id),
    dms: (staffId) => port.messages(`@${staffId}`, staffId).map((p) => p.message),
    async close() {
      await rollcall.stop();
      await db.close();
    },
  };
}
