// What a command/action/view handler receives: who is acting (resolved to staff and roles), for which
// school, and the private ways to answer them. Adapters provide the surface; the router builds the rest.

import { RollcallError } from '../errors/rollcall-error.js';
import type { ChatMessage, Modal, Platform } from './model.js';
import type { Delivery, StaffIdentity } from './port.js';

export interface Actor {
  platform: Platform;
  userId: string;
  /** Undefined when the platform user is not on the school's staff list. */
  staff?: StaffIdentity;
}

/** Where the interaction happened, so a handler can post back beside it. */
export interface InteractionSource {
  channel?: string;
  /** externalId of the message whose button was pressed. */
  messageRef?: string;
  threadRef?: string;
  /** Platform handle for opening a modal (Slack trigger_id); short-lived. */
  triggerRef?: string;
}

/** The adapter's per-interaction ways to answer; all private to the actor or in place. */
export interface InteractionSurface {
  /** A message only the actor sees (ephemeral or DM). */
  reply(message: ChatMessage): Promise<void>;
  /** Replace the message the interaction came from (for a command: same as reply). Meant for cards;
   * a list long enough to span several platform messages is updated through its stored
   * ChatMessageRef with ChatPort.update, which rewrites every page. */
  respond(update: ChatMessage): Promise<void>;
  openModal(modal: Modal): Promise<void>;
}

export interface HandlerContext extends InteractionSurface {
  actor: Actor;
  schoolId: string;
  delivery: Delivery;
  source: InteractionSource;
  now(): Date;
}

/** The acting staff member, or FORBIDDEN for someone not on the staff list. */
export function requireStaff(ctx: Pick<HandlerContext, 'actor'>): StaffIdentity {
  const { staff } = ctx.actor;
  if (!staff) {
    throw new RollcallError(
      'FORBIDDEN',
      'You are not set up as staff in Rollcall for this school. Ask your data manager to add your chat user id to the staff list.',
    );
  }
  return staff;
}

/** The acting staff member if they hold at least one of `roles`; FORBIDDEN otherwise. */
export function requireRole(ctx: Pick<HandlerContext, 'actor'>, ...roles: string[]): StaffIdentity {
  const staff = requireStaff(ctx);
  if (roles.length === 0 || roles.some((r) => staff.roles.includes(r))) return staff;
  const held = staff.roles.length > 0 ? staff.roles.join(', ') : 'none';
  throw new RollcallError('FORBIDDEN', `This needs one of these roles: ${roles.join(', ')}. Your roles: ${held}.`);
}
