// The platform boundary: what the rest of Rollcall may ask of a chat platform (ChatPort), and what the
// chat core needs from the rest of Rollcall (StaffDirectory, DeliveryLog). Slack, Teams and local each
// implement ChatPort; the outbox (jobs/) calls it and uses the adapter's error mapping to retry.
//
// On Teams: `externalId` is an activity id (Slack: message ts list), `channel` a conversation id,
// `update` maps to updateActivity, and `openModal` posts the form as a card in the conversation the
// triggerRef names (the actor's 1:1 chat, "user:<id>"); inside a card press the adapter answers the invoke
// with the form instead. Action.Execute's refreshed card is `respond` in the router context.

import type { ChatMessage, Modal, Platform } from './model.js';

export interface PostOptions extends SendOptions {
  /** externalId of the message to reply under (a thread). */
  threadRef?: string;
}

export interface UpdateOptions extends SendOptions {
  /** What each page showed when last sent (PostResult.pageDigests): a page whose content is unchanged is
   * left alone. Only the outbox changes a posted message, so these are what the platform shows. */
  shown?: readonly string[];
}

/** What makes a send safe to repeat, where the platform allows it. */
export interface SendOptions {
  /** Stable id of this delivery (the outbox key): stamped on what is posted, so a retry can find it. */
  deliveryKey?: string;
  /** An earlier attempt failed after the request went out (a 500, a timeout): it may have landed, so a port
   * that can look for it does so before posting again. */
  mayHaveLanded?: boolean;
}

export interface PostResult {
  /** Opaque platform id of what was posted; keep it (ChatMessageRef) to update in place later. */
  externalId: string;
  /** The channel/conversation it landed in (a DM resolves to a channel id). */
  channel: string;
  /** What each page shows (page-digest.ts), to pass back as UpdateOptions.shown on the next update. */
  pageDigests?: string[];
}

export interface FileUpload {
  filename: string;
  bytes: Uint8Array;
  title: string;
  threadRef?: string;
}

/** What the outbox needs to know about a failed delivery. */
export interface DeliveryFailure {
  retryable: boolean;
  /** Wait at least this long before the next attempt (e.g. Slack's Retry-After). */
  retryAfterMs?: number;
  /** The platform asked Rollcall to slow down: waiting it out uses up no attempt. */
  rateLimited?: boolean;
  /** Rollcall is not (or no longer) where the message must go: keep it until it is, using up no attempt. */
  held?: boolean;
  /** Short machine-readable cause, for OutboxMessage.lastError. */
  reason: string;
}

/** Where a school is bound on a platform, from its policy (`channels.slack` / `channels.teams`). */
export interface PlatformScope {
  /** Slack: the workspace (team) id. */
  workspaceId?: string;
  /** Teams: the Microsoft 365 tenant and the team whose channels the school uses. */
  tenantId?: string;
  teamId?: string;
}

/** Where to deliver: one of the school's channels (an id or a name from its policy), or a person. */
export type RouteTarget = { channel: string } | { user: string; memberId?: string };

/**
 * A message cannot go where it must *yet*: the school is not bound to this workspace or team, or Rollcall
 * has not been added to the channel. The outbox holds it (no attempt used) until the binding appears;
 * `hint` tells an admin what to do, without personal data. A delivery outcome, not a person's error.
 */
export class NotConnectedYet extends Error {
  override readonly name = 'NotConnectedYet';
  constructor(
    readonly reason: string,
    readonly hint: string,
  ) {
    super(hint);
  }
}

export interface ChatPort {
  readonly platform: Platform;
  post(channel: string, message: ChatMessage, options?: PostOptions): Promise<PostResult>;
  /** Replace a message in place; returns the (possibly changed) externalId to store. */
  update(channel: string, externalId: string, message: ChatMessage, options?: UpdateOptions): Promise<PostResult>;
  /** Visible only to `user` in `channel`. */
  postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void>;
  dm(user: string, message: ChatMessage, options?: SendOptions): Promise<PostResult>;
  uploadFile(channel: string, file: FileUpload): Promise<{ fileId: string }>;
  /** `triggerRef` is what the interaction gave for it: Slack's short-lived trigger_id, the Teams actor's 1:1 chat, the local user. */
  openModal(triggerRef: string, modal: Modal): Promise<void>;
  /** Whether an error thrown by this port is worth retrying, and when. */
  classifyError(error: unknown): DeliveryFailure;
  /**
   * The conversation a school's message goes to on this platform, only within the school's own
   * workspace or team (`scope`): never by name across schools. Throws NotConnectedYet when it is not
   * known yet. Ports without workspaces (local) leave it out and deliver to the channel as named.
   */
  route?(scope: PlatformScope, target: RouteTarget): Promise<{ channel: string }>;
}

/** A member of staff as the chat core sees them: enough to check roles and attribute actions. */
export interface StaffIdentity {
  id: string;
  name: string;
  roles: readonly string[];
  schoolId: string;
}

export interface StaffLookup {
  platform: Platform;
  userId: string;
  /** The school the workspace/team belongs to, when known; without it any school's staff record may match. */
  schoolId?: string;
}

export interface StaffDirectory {
  find(lookup: StaffLookup): Promise<StaffIdentity | undefined>;
}

/** Remembers deliveries already handled (Slack retries, Teams redeliveries). */
export interface DeliveryLog {
  /** True the first time a key is seen, false ever after. Must be atomic across replicas. */
  firstTime(key: string): Promise<boolean>;
}

/**
 * Commands and button presses acknowledged before they are handled: written (with the raw request)
 * before the acknowledgement and marked handled after, so the next start handles what a dead process
 * acknowledged and never did. Also de-duplicates, like DeliveryLog.
 */
export interface AcknowledgedRequests {
  /** True the first time a key is seen. */
  receive(key: string, body: string): Promise<boolean>;
  handled(key: string): Promise<void>;
  /** Unhandled requests received at most maxAgeMs and at least minAgeMs ago, claimed once. */
  claimUnhandled(maxAgeMs: number, minAgeMs: number): Promise<{ key: string; body: string }[]>;
}

/**
 * A private answer that could not be given in turn because the platform failed in a way that may pass
 * (429, 5xx, a network error): handed to the outbox, which retries it as a direct message.
 */
export type AnswerLater = (to: { platform: 'slack' | 'teams'; schoolId: string; userId: string; key: string }, messages: ChatMessage[]) => Promise<void>;

/** The identity of one incoming delivery, for de-duplication. */
export interface Delivery {
  key: string;
  /** The platform's retry counter (Slack x-slack-retry-num); undefined on the first attempt. */
  retryNum?: number;
}
