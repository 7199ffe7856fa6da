// The whole of Rollcall on the local port (the terminal/page adapter), on a fresh test database with an
// injected clock: the real router, workflows, durable timers and outbox, and no Slack or Teams. Workflow
// scenarios use this to assert on the neutral message model a workflow produced (headers, text, list
// rows, buttons, forms), which every platform renders; the Slack and Teams end-to-end tests test how.
// Local accounts are staff ids (StaffMember.staffId), so a seed needs no platform user ids.
import { createRollcall, type Rollcall } from '../../src/app/rollcall.js';
import { LocalChatPort, type LocalPost } from '../../src/chat/local/port.js';
import { renderText } from '../../src/chat/local/render-text.js';
import { LocalChat } from '../../src/chat/local/session.js';
import type { ChatMessage, Control, Modal } from '../../src/chat/model.js';
import type { Workflow } from '../../src/core/workflow.js';
import type { Database } from '../../src/db/client.js';
import { ManualClock } from '../../src/jobs/index.js';
import { createTestDatabase } from './db.js';

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
  port: LocalChatPort;
  schoolId: string;
  /** A slash command typed by the staff member with this staff id. */
  command(staffId: string, command: string, text?: string): Promise<Answer>;
  /** Presses a button (or picks a select option) on the newest message the person can see that shows it. */
  press(staffId: string, actionId: string, value: string): Promise<Answer>;
  /** Submits the form open for the person; its answer arrives as a direct message. */
  submit(staffId: string, callbackId: string, values: Record<string, string>): Promise<Answer>;
  /** Delivers every due outbox message to the local port. */
  drain(): Promise<void>;
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
  const rollcall = createRollcall({ db, platforms: ['local'], workflows: options.workflows, clock });
  const port = new LocalChatPort({ print: () => undefined });
  rollcall.attach(port);
  const sessions = new Map<string, LocalChat>();
  const session = (staffId: string): LocalChat => {
    let chat = sessions.get(staffId);
    if (!chat) {
      chat = new LocalChat({ router: rollcall.router, staffDirectory: rollcall.staffDirectory, port, schoolId, userId: staffId, channel: DESK });
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
    db, clock, rollcall, port, schoolId,
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
    channel: (name) => topLevel(name).filter((p) => p.threadRef === undefined),
    thread: (post) => topLevel(post.channel).filter((p) => p.threadRef === post.id),
    dms: (staffId) => port.messages(`@${staffId}`, staffId).map((p) => p.message),
    async close() {
      await rollcall.stop();
      await db.close();
    },
  };
}
