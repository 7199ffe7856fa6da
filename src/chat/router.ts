// Routes neutral interactions (slash commands, button/select presses, modal submissions, the home
// view) to workflow handlers after resolving the actor to staff and validating input with zod.
// It is also the ONE top-level error handler: any failure becomes a private answer plus a log line,
// and invalid input never reaches a handler.

import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { parseArgs } from './args.js';
import type { Actor, HandlerContext, InteractionSource, InteractionSurface } from './context.js';
import { answerForError } from './errors.js';
import { isRollcallError, RollcallError, type RollcallErrorCode } from '../errors/rollcall-error.js';
import { button, context, message, text, type Button, type ChatMessage, type Platform } from './model.js';
import type { Delivery, StaffDirectory } from './port.js';
import { describeArgumentIssues, fieldErrors } from './validation.js';

export type Interaction =
  | { kind: 'command'; name: string; text: string }
  | { kind: 'action'; actionId: string; value: string }
  | { kind: 'view'; callbackId: string; values: Record<string, string | undefined>; privateMetadata: string }
  | { kind: 'home' };

/** Everything the adapter knows about one incoming interaction. */
export interface InteractionEnvelope {
  platform: Platform;
  userId: string;
  /** The school of the workspace/team (may hit the database, hence lazy: its errors are answered too);
   * undefined when unknown, and then the staff record's school is used. */
  resolveSchool(): Promise<string | undefined>;
  staffDirectory: StaffDirectory;
  delivery: Delivery;
  source: InteractionSource;
  surface: InteractionSurface;
}

export type DispatchOutcome =
  | { kind: 'done' }
  | { kind: 'failed'; code: RollcallErrorCode | 'INTERNAL'; reference: string }
  /** A modal submission to show again with these input id -> message errors. */
  | { kind: 'field-errors'; errors: Record<string, string> }
  | { kind: 'home'; message: ChatMessage };

type Answer = ChatMessage | void;
export type CommandHandler<A> = (ctx: HandlerContext, args: A, input: { text: string; tokens: string[] }) => Promise<Answer> | Answer;
export type ActionHandler<V> = (ctx: HandlerContext, value: V) => Promise<Answer> | Answer;
export type ViewHandler<V> = (ctx: HandlerContext, values: V, input: { privateMetadata: string }) => Promise<Answer> | Answer;
export type HomeHandler = (ctx: HandlerContext) => Promise<ChatMessage> | ChatMessage;

export interface RouteOptions {
  /** Shown with argument errors and in help. */
  usage?: string;
  description?: string;
  /** Let people who are not on the staff list use it (help, found-a-pupil reports). Default false. */
  allowGuests?: boolean;
}

interface Route<H> {
  schema: z.ZodType;
  handler: H;
  options: RouteOptions;
}

export interface ChatLogger {
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}

export interface RouterOptions {
  clock?: () => Date;
  logger?: ChatLogger;
  newReference?: () => string;
  /**
   * Called when a handler has returned (its transactions committed), before the answer is sent: the
   * app uses it to deliver what the handler queued at once instead of on the outbox's next look.
   */
  onHandled?: () => void;
}

/**
 * A button that runs a command as the person who presses it, e.g. a pick list's "/missing <UPN> by the
 * gate". It grants nothing: the command checks roles as if it had been typed.
 */
export const RERUN_ACTION = 'rollcall.rerun';

export function rerunButton(label: string, commandLine: string): Button {
  return button(RERUN_ACTION, label, commandLine);
}

const DEFAULT_HOME = message('Rollcall', text('**Rollcall**'), context('Type `/rollcall help` to see what Rollcall can do.'));

export class ChatRouter {
  // Handlers are stored type-erased; the schema registered with each one produced its argument type.
  private readonly commandRoutes = new Map<string, Route<CommandHandler<unknown>>>();
  private readonly onHandled: () => void;
  private readonly actionRoutes = new Map<string, Route<ActionHandler<unknown>>>();
  private readonly viewRoutes = new Map<string, Route<ViewHandler<unknown>>>();
  private homeHandler: HomeHandler = () => DEFAULT_HOME;
  private readonly clock: () => Date;
  private readonly logger: ChatLogger;
  private readonly newReference: () => string;

  constructor(options: RouterOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? console;
    this.newReference = options.newReference ?? (() => randomUUID().slice(0, 8));
    this.onHandled = options.onHandled ?? (() => undefined);
  }

  command<S extends z.ZodType>(name: string, schema: S, handler: CommandHandler<z.output<S>>, options: RouteOptions = {}): this {
    const key = name.startsWith('/') ? name : `/${name}`;
    this.commandRoutes.set(key, { schema, handler: handler as CommandHandler<unknown>, options });
    return this;
  }

  action<S extends z.ZodType>(actionId: string, schema: S, handler: ActionHandler<z.output<S>>, options: RouteOptions = {}): this {
    this.actionRoutes.set(actionId, { schema, handler: handler as ActionHandler<unknown>, options });
    return this;
  }

  view<S extends z.ZodType>(callbackId: string, schema: S, handler: ViewHandler<z.output<S>>, options: RouteOptions = {}): this {
    this.viewRoutes.set(callbackId, { schema, handler: handler as ViewHandler<unknown>, options });
    return this;
  }

  home(handler: HomeHandler): this {
    this.homeHandler = handler;
    return this;
  }

  /** Registered commands, for help text and for checking the manifests list them all. */
  commands(): { name: string; usage?: string; description?: string }[] {
    return [...this.commandRoutes].map(([name, r]) => ({ name, usage: r.options.usage, description: r.options.description }));
  }

  async dispatch(interaction: Interaction, envelope: InteractionEnvelope): Promise<DispatchOutcome> {
    try {
      const ctx = await this.contextFor(envelope);
      return await this.route(interaction, ctx);
    } catch (error) {
      return this.fail(error, interaction, envelope);
    }
  }

  private async contextFor(env: InteractionEnvelope): Promise<HandlerContext> {
    const teamSchool = await env.resolveSchool();
    const staff = await env.staffDirectory.find({ platform: env.platform, userId: env.userId, schoolId: teamSchool });
    const schoolId = teamSchool ?? staff?.schoolId;
    if (schoolId === undefined) {
      throw new RollcallError('NOT_FOUND', 'This workspace is not connected to a school in Rollcall yet.');
    }
    const actor: Actor = staff ? { platform: env.platform, userId: env.userId, staff } : { platform: env.platform, userId: env.userId };
    const { reply, respond, openModal } = env.surface;
    return { actor, schoolId, delivery: env.delivery, source: env.source, reply, respond, openModal, now: this.clock };
  }

  private async route(interaction: Interaction, ctx: HandlerContext): Promise<DispatchOutcome> {
    switch (interaction.kind) {
      case 'home':
        return { kind: 'home', message: await this.homeHandler(ctx) };
      case 'command': {
        const route = this.routeFor(this.commandRoutes, interaction.name, `Rollcall has no command ${interaction.name}. Try \`/rollcall help\`.`, ctx);
        const tokens = parseArgs(interaction.text);
        const parsed = route.schema.safeParse(tokens);
        if (!parsed.success) {
          throw new RollcallError('INVALID_INPUT', describeArgumentIssues(parsed.error.issues), route.options.usage ? { usage: route.options.usage } : {});
        }
        return this.answer(ctx, await route.handler(ctx, parsed.data, { text: interaction.text, tokens }));
      }
      case 'action': {
        if (interaction.actionId === RERUN_ACTION) return this.route(rerunCommand(interaction.value), ctx);
        const route = this.routeFor(this.actionRoutes, interaction.actionId, 'That button is no longer in use. Run the command again for a fresh list.', ctx);
        const parsed = route.schema.safeParse(interaction.value);
        if (!parsed.success) {
          throw new RollcallError('INVALID_INPUT', 'That button carried something Rollcall did not expect. Run the command again for a fresh list.');
        }
        return this.answer(ctx, await route.handler(ctx, parsed.data));
      }
      case 'view': {
        const route = this.routeFor(this.viewRoutes, interaction.callbackId, 'That form is no longer in use.', ctx);
        const parsed = route.schema.safeParse(interaction.values);
        if (!parsed.success) return { kind: 'field-errors', errors: fieldErrors(parsed.error.issues) };
        return this.answer(ctx, await route.handler(ctx, parsed.data, { privateMetadata: interaction.privateMetadata }));
      }
    }
  }

  private routeFor<H>(routes: Map<string, Route<H>>, key: string, missing: string, ctx: HandlerContext): Route<H> {
    const route = routes.get(key);
    if (!route) throw new RollcallError('NOT_FOUND', missing);
    if (!route.options.allowGuests && !ctx.actor.staff) {
      throw new RollcallError('FORBIDDEN', 'You are not set up as staff in Rollcall for this school. Ask your data manager to add your chat user id to the staff list.');
    }
    return route;
  }

  private async answer(ctx: HandlerContext, answer: Answer): Promise<DispatchOutcome> {
    this.onHandled();
    if (answer) await ctx.reply(answer);
    return { kind: 'done' };
  }

  private async fail(error: unknown, interaction: Interaction, env: InteractionEnvelope): Promise<DispatchOutcome> {
    const reference = this.newReference();
    const where = { interaction: describe(interaction), platform: env.platform, userId: env.userId, reference };
    if (isRollcallError(error)) {
      // The code only: refusal messages can name pupils (an ambiguous name lists candidates), and logs
      // must not carry children's data. The person gets the full message; the reference ties the two.
      this.logger.warn(`refused: ${error.code}`, where);
      if (interaction.kind === 'view' && error.code === 'INVALID_INPUT' && error.details.fields) {
        return { kind: 'field-errors', errors: error.details.fields };
      }
    } else {
      this.logger.error('handler failed', { ...where, error });
    }
    const answer = answerForError(error, reference);
    const code = isRollcallError(error) ? error.code : 'INTERNAL';
    if (interaction.kind === 'home') return { kind: 'home', message: answer };
    try {
      await env.surface.reply(answer);
    } catch (replyError) {
      this.logger.error('could not deliver the error answer', { ...where, error: replyError });
    }
    return { kind: 'failed', code, reference };
  }
}

function rerunCommand(line: string): Interaction {
  const match = /^(\/[\w-]+)(?:\s+([\s\S]*))?$/.exec(line.trim());
  if (!match?.[1]) throw new RollcallError('INVALID_INPUT', 'That button carried something Rollcall did not expect. Type the command again.');
  return { kind: 'command', name: match[1], text: match[2] ?? '' };
}

function describe(i: Interaction): string {
  switch (i.kind) {
    case 'command':
      return i.name;
    case 'action':
      return `action ${i.actionId}`;
    case 'view':
      return `view ${i.callbackId}`;
    case 'home':
      return 'home';
  }
}
