// Where Rollcall may post on its own (morning lists, timers, digests): Teams only allows a bot to write
// into a conversation it has a reference for, so references are kept from install (membersAdded),
// channel events and the first message seen in a conversation, and forgotten when Rollcall is removed.
// A channel is found by conversation id, or by name only within one team: two schools of a trust each
// have an "incidents" channel, and a post must never land in the other school's. A person's 1:1 chat is
// stored under the name "user:<their Rollcall user id>".

import { z } from 'zod';

/** The JSON-safe part of a Bot Framework ConversationReference that a proactive post needs. */
export interface TeamsConversationRef {
  serviceUrl: string;
  channelId: string;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean; name?: string };
  bot: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
  locale?: string;
}

export interface StoredConversation {
  /** Without any ";messageid=" thread suffix. */
  conversationId: string;
  reference: TeamsConversationRef;
  teamId?: string;
  tenantId?: string;
  /** A channel's display name ("General" for a team's first channel), or `user:<id>` for a 1:1 chat. */
  channelName?: string;
}

export interface ConversationStore {
  /** Insert or replace by conversation id. */
  save(entry: StoredConversation): Promise<void>;
  /** By conversation id (a thread suffix is ignored). */
  find(conversationId: string): Promise<StoredConversation | undefined>;
  /** A person's 1:1 chat with Rollcall, by their Rollcall user id. */
  personal(userId: string): Promise<StoredConversation | undefined>;
  /** A channel of one team, by conversation id or channel name (a leading "#" ignored); never another team's. */
  inTeam(teamId: string, channel: string): Promise<StoredConversation | undefined>;
  /** A conversation to open 1:1 chats from (service URL, bot): one of the team's, else any in the tenant;
   * with neither given (a bot in dev mode, which has no tenant), the newest of all. */
  template(scope: { teamId?: string; tenantId?: string }): Promise<StoredConversation | undefined>;
  /** Rollcall was removed from a conversation or a team: forget it (a team: every channel of it). */
  forget(where: { conversationId: string } | { teamId: string }): Promise<number>;
}

/** Teams channel names cannot contain "#"; policies name channels the Slack way ("#incidents"). */
export function channelNameOf(channel: string): string {
  return channel.startsWith('#') ? channel.slice(1) : channel;
}

const THREAD = ';messageid=';

/** A channel conversation id without the thread suffix Teams adds to replies in a thread. */
export function baseConversationId(conversationId: string): string {
  const at = conversationId.indexOf(THREAD);
  return at === -1 ? conversationId : conversationId.slice(0, at);
}

/** The root message id of the thread a conversation id points into, if any. */
export function threadOf(conversationId: string): string | undefined {
  const at = conversationId.indexOf(THREAD);
  return at === -1 ? undefined : conversationId.slice(at + THREAD.length) || undefined;
}

export function inThread(conversationId: string, rootActivityId: string): string {
  return `${baseConversationId(conversationId)}${THREAD}${rootActivityId}`;
}

export function personalChannelName(userId: string): string {
  return `user:${userId}`;
}

const optional = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

/** Checks a stored reference on the way out of the database (its Json column is untyped). */
export const TeamsConversationRefSchema = z.object({
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  conversation: z.object({ id: z.string().min(1), conversationType: optional, tenantId: optional, isGroup: z.boolean().nullish().transform((v) => v ?? undefined), name: optional }),
  bot: z.object({ id: z.string().min(1), name: optional }),
  user: z.object({ id: z.string().min(1), name: optional, aadObjectId: optional }).nullish().transform((v) => v ?? undefined),
  locale: optional,
});

export class InMemoryConversationStore implements ConversationStore {
  private readonly rows = new Map<string, StoredConversation & { seq: number }>();
  private seq = 0;

  constructor(entries: StoredConversation[] = []) {
    for (const e of entries) this.put(e);
  }

  private put(entry: StoredConversation): void {
    const conversationId = baseConversationId(entry.conversationId);
    const reference = { ...entry.reference, conversation: { ...entry.reference.conversation, id: conversationId } };
    this.rows.set(conversationId, { ...entry, conversationId, reference, seq: ++this.seq });
  }

  async save(entry: StoredConversation): Promise<void> {
    this.put(entry);
  }

  async find(conversationId: string): Promise<StoredConversation | undefined> {
    const byId = this.rows.get(baseConversationId(conversationId));
    return byId ? strip(byId) : undefined;
  }

  async personal(userId: string): Promise<StoredConversation | undefined> {
    return this.newest((r) => r.channelName === personalChannelName(userId));
  }

  async inTeam(teamId: string, channel: string): Promise<StoredConversation | undefined> {
    const byId = this.rows.get(baseConversationId(channel));
    if (byId) return byId.teamId === teamId ? strip(byId) : undefined;
    const name = channelNameOf(channel);
    return this.newest((r) => r.teamId === teamId && r.channelName === name);
  }

  async template(scope: { teamId?: string; tenantId?: string }): Promise<StoredConversation | undefined> {
    if (scope.teamId === undefined && scope.tenantId === undefined) return this.newest(() => true);
    return (
      (scope.teamId === undefined ? undefined : this.newest((r) => r.teamId === scope.teamId)) ??
      (scope.tenantId === undefined ? undefined : this.newest((r) => r.tenantId === scope.tenantId))
    );
  }

  async forget(where: { conversationId: string } | { teamId: string }): Promise<number> {
    const gone = [...this.rows.values()].filter((r) => ('teamId' in where ? r.teamId === where.teamId : r.conversationId === baseConversationId(where.conversationId)));
    for (const r of gone) this.rows.delete(r.conversationId);
    return gone.length;
  }

  private newest(match: (row: StoredConversation) => boolean): StoredConversation | undefined {
    const row = [...this.rows.values()].filter(match).sort((a, b) => b.seq - a.seq)[0];
    return row ? strip(row) : undefined;
  }

  all(): StoredConversation[] {
    return [...this.rows.values()].map(strip);
  }
}

function strip(row: StoredConversation & { seq: number }): StoredConversation {
  const { seq: _seq, ...entry } = row;
  return entry;
}
