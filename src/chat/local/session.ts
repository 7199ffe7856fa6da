// One person using Rollcall locally: lines typed in the terminal (or sent by the web page) become the
// same interactions Slack would deliver, through the same router:
//   /absences am                 a slash command
//   press claim:case-amy         a button (or a select: press code:M)
//   submit reason code=M note="Dentist at 9"   a form opened by a command or button
//   as dsl                       act as another platform user (local ids from staff.csv)
//   in safeguarding              switch channel
//   home                         show your home view

import { randomUUID } from 'node:crypto';
import { parseArgs } from '../args.js';
import type { InteractionSurface } from '../context.js';
import type { ChatMessage } from '../model.js';
import type { StaffDirectory } from '../port.js';
import type { ChatRouter, DispatchOutcome, Interaction } from '../router.js';
import type { LocalChatPort } from './port.js';
import { renderText } from './render-text.js';

export interface LocalChatOptions {
  router: ChatRouter;
  staffDirectory: StaffDirectory;
  port: LocalChatPort;
  /** The demo school; undefined means "the school of the acting staff member". */
  schoolId?: string;
  userId: string;
  channel?: string;
  /** The school's channel names (without '#'), for `in`; unset accepts any name. */
  channels?: readonly string[];
}

export const LOCAL_HELP = [
  'Commands: /<command> [args]   press <action>:<value>   submit <form> key=value ...',
  '          as <user>   in <channel>   home   help',
].join('\n');

/** The local verbs, said after the command list when someone types `help`. */
const LOCAL_VERBS = [
  'In local mode you can also type:',
  '  press <action>:<value>     press a button on a post (or choose from a list)',
  '  submit <form> key=value    fill in and send the open form',
  '  as <staff id>              act as another member of staff (their id in staff.csv, e.g. S001)',
  '  in <channel>               move to another channel',
  '  home                       your own page: claimed pupils and follow-ups',
].join('\n');

export class LocalChat {
  userId: string;
  channel: string;
  private deliveries = 0;
  // Request keys are identities (a raised search is keyed by one), unique across restarts: not a time.
  private readonly session = randomUUID();

  constructor(private readonly options: LocalChatOptions) {
    this.userId = options.userId;
    this.channel = options.channel ?? 'office';
  }

  get port(): LocalChatPort {
    return this.options.port;
  }

  /** Runs one line; returns a short note for the person (or undefined when the port printed the answer). */
  async run(line: string): Promise<string | undefined> {
    const trimmed = line.trim();
    if (trimmed === '') return undefined;
    if (trimmed.startsWith('/')) {
      const space = trimmed.search(/\s/);
      const name = space < 0 ? trimmed : trimmed.slice(0, space);
      const text = space < 0 ? '' : trimmed.slice(space + 1);
      return this.note(await this.dispatch({ kind: 'command', name, text }, this.surface()));
    }
    const [verb = '', ...rest] = parseArgs(trimmed);
    switch (verb.toLowerCase()) {
      case 'press':
        return this.press(trimmed.slice(verb.length).trim());
      case 'submit':
        return this.submit(rest);
      case 'as':
        return this.actAs(rest[0]);
      case 'in':
        return this.moveTo(rest[0]);
      case 'home': {
        const outcome = await this.dispatch({ kind: 'home' }, this.surface());
        return outcome.kind === 'home' ? renderText(outcome.message) : this.note(outcome);
      }
      case 'help':
        await this.dispatch({ kind: 'command', name: '/rollcall', text: 'help' }, this.surface());
        return LOCAL_VERBS;
      default:
        return `Not understood: ${trimmed}\n${LOCAL_HELP}`;
    }
  }

  /** Only someone on the staff list: a mistyped id would otherwise act as nobody, silently. */
  private async actAs(id: string | undefined): Promise<string> {
    if (!id) return `You are ${this.userId}. Type \`as\` and a staff id from staff.csv, e.g. \`as S001\`.`;
    const { schoolId } = this.options;
    const staff = await this.options.staffDirectory.find({ platform: 'local', userId: id, ...(schoolId === undefined ? {} : { schoolId }) });
    if (!staff) return `Nobody on the staff list has the id ${id}; you are still ${this.userId}. Staff ids are the staff_id column of staff.csv (e.g. S001).`;
    this.userId = id;
    return `Now acting as ${id} (${staff.name}: ${staff.roles.join(', ')}).`;
  }

  private moveTo(name: string | undefined): string {
    const { channels } = this.options;
    const listed = channels ? ` Channels: ${channels.map((c) => `#${c}`).join(', ')}.` : '';
    if (!name) return `You are in #${this.channel}.${listed}`;
    const channel = name.replace(/^#/, '');
    if (channels && !channels.includes(channel)) return `There is no channel #${channel}; you are still in #${this.channel}.${listed}`;
    this.channel = channel;
    return `Now in #${channel}.`;
  }

  /** `press <action>:<value>` (the value runs to the end of the line: a pick list's button carries a command) or `press <action> <value>`. */
  private press(args: string): Promise<string | undefined> {
    const colon = args.indexOf(':');
    const space = args.search(/\s/);
    if (colon >= 0 && (space < 0 || colon < space)) return this.pressControl(args.slice(0, colon), args.slice(colon + 1));
    return space < 0 ? this.pressControl(args, '') : this.pressControl(args.slice(0, space), args.slice(space + 1).trim());
  }

  /** Press a button (or choose a select option) on the newest post showing it. */
  async pressControl(actionId: string, value: string): Promise<string | undefined> {
    const post = this.port.findControl(actionId, value, this.userId);
    if (!post) return `No button ${actionId}:${value} is on screen.`;
    const surface = this.surface({
      respond: async (m) => {
        await this.port.update(post.channel, post.id, m);
      },
    });
    const outcome = await this.dispatch({ kind: 'action', actionId, value }, surface, { channel: post.channel, messageRef: post.id });
    return this.note(outcome);
  }

  private submit(rest: string[]): Promise<string | undefined> {
    const [callbackId = '', ...pairs] = rest;
    const values: Record<string, string> = {};
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq > 0) values[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return this.submitForm(callbackId, values);
  }

  /** Submit the form open for the current user; empty values count as left blank. */
  async submitForm(callbackId: string, given: Record<string, string>): Promise<string | undefined> {
    const modal = this.port.pendingModals.get(this.userId);
    if (!modal || modal.callbackId !== callbackId) return `No open form called ${callbackId}.`;
    const values: Record<string, string | undefined> = {};
    for (const input of modal.inputs) {
      const typed = given[input.id] || undefined;
      // A select is answered by its number in the list printed with the form, or by its value.
      const chosen = input.kind === 'select' && typed && /^\d+$/.test(typed) && !input.options.some((o) => o.value === typed) ? input.options[Number(typed) - 1]?.value : undefined;
      values[input.id] = chosen ?? typed;
    }
    const dmSurface = this.surface({ reply: (m) => this.dmReply(m), respond: (m) => this.dmReply(m) });
    const outcome = await this.dispatch({ kind: 'view', callbackId, values, privateMetadata: modal.privateMetadata ?? '' }, dmSurface);
    if (outcome.kind === 'field-errors') {
      return ['The form needs another look:', ...Object.entries(outcome.errors).map(([id, msg]) => `  ${id}: ${msg}`)].join('\n');
    }
    this.port.pendingModals.delete(this.userId);
    return this.note(outcome);
  }

  private async dmReply(m: ChatMessage): Promise<void> {
    await this.port.dm(this.userId, m);
  }

  private surface(overrides: Partial<InteractionSurface> = {}): InteractionSurface {
    const userId = this.userId;
    const channel = this.channel;
    return {
      reply: (m) => this.port.postEphemeral(channel, userId, m),
      respond: (m) => this.port.postEphemeral(channel, userId, m),
      openModal: (modal) => this.port.openModal(userId, modal),
      ...overrides,
    };
  }

  private dispatch(interaction: Interaction, surface: InteractionSurface, source?: { channel: string; messageRef: string }): Promise<DispatchOutcome> {
    this.deliveries += 1;
    const { schoolId } = this.options;
    return this.options.router.dispatch(interaction, {
      platform: 'local',
      userId: this.userId,
      resolveSchool: async () => schoolId,
      staffDirectory: this.options.staffDirectory,
      delivery: { key: `local:${this.session}:${this.deliveries}` },
      source: { channel: this.channel, triggerRef: this.userId, ...source },
      surface,
    });
  }

  private note(outcome: DispatchOutcome): string | undefined {
    return outcome.kind === 'failed' && outcome.code === 'INTERNAL' ? `(internal error, reference ${outcome.reference})` : undefined;
  }
}
