// Where Rollcall may post on its own (morning lists, timers, digests): Teams only allows a bot to write
// into a conversation it has a reference for, so references are kept from install (membersAdded),
// channel events and the first message seen in a conversation. Channels are found by conversation id
// or by name; a person's 1:1 chat is stored under the name "user:<their Rollcall user id>".

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
  /** By conversation id first, then by channel name (the most recently updated one wins). */
  find(channel: string): Promise<StoredConversation | undefined>;
  /** The most recently stored conversation: a service URL and bot identity to open 1:1 chats from. */
  latest(): Promise<StoredConversation | undefined>;
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

  async find(channel: string): Promise<StoredConversation | undefined> {
    const byId = this.rows.get(baseConversationId(channel));
    if (byId) return strip(byId);
    const named = [...this.rows.values()].filter((r) => r.channelName === channel).sort((a, b) => b.seq - a.seq)[0];
    return named ? strip(named) : undefined;
  }

  async latest(): Promise<StoredConversation | undefined> {
    const last = [...this.rows.values()].sort((a, b) => b.seq - a.seq)[0];
    return last ? strip(last) : undefined;
  }

  all(): StoredConversation[] {
    return [...this.rows.values()].map(strip);
  }
}

function strip(row: StoredConversation & { seq: number }): StoredConversation {
  const { seq: _seq, ...entry } = row;
  return entry;
}
