// ConversationStore on the ConversationReference table. The chat layer may not import the database
// (tests/chat/boundary.test.ts), so this names only the three calls it makes: pass the app's
// PrismaClient (or a transaction client), which has them.

import { baseConversationId, TeamsConversationRefSchema, type ConversationStore, type StoredConversation, type TeamsConversationRef } from './conversation-store.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface RowData {
  platform: string;
  conversationId: string;
  channelName: string | null;
  teamId: string | null;
  tenantId: string | null;
  reference: JsonObject;
}

export interface ConversationReferenceRow {
  conversationId: string;
  channelName: string | null;
  teamId: string | null;
  tenantId: string | null;
  reference: unknown;
}

/** The slice of PrismaClient this store uses. */
export interface ConversationReferenceClient {
  conversationReference: {
    upsert(args: { where: { conversationId: string }; create: RowData; update: RowData }): PromiseLike<unknown>;
    findUnique(args: { where: { conversationId: string } }): PromiseLike<ConversationReferenceRow | null>;
    findFirst(args: { where: { platform: string; channelName?: string }; orderBy: { updatedAt: 'desc' } }): PromiseLike<ConversationReferenceRow | null>;
  };
}

const PLATFORM = 'teams';

function toJson(reference: TeamsConversationRef): JsonObject {
  const parsed: unknown = JSON.parse(JSON.stringify(reference));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('a conversation reference must be an object');
  return parsed as JsonObject;
}

function fromRow(row: ConversationReferenceRow): StoredConversation {
  const parsed = TeamsConversationRefSchema.safeParse(row.reference);
  if (!parsed.success) throw new Error(`stored Teams conversation ${row.conversationId} has an unusable reference: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const entry: StoredConversation = { conversationId: row.conversationId, reference: parsed.data };
  if (row.teamId !== null) entry.teamId = row.teamId;
  if (row.tenantId !== null) entry.tenantId = row.tenantId;
  if (row.channelName !== null) entry.channelName = row.channelName;
  return entry;
}

export class DbConversationStore implements ConversationStore {
  constructor(private readonly db: ConversationReferenceClient) {}

  async save(entry: StoredConversation): Promise<void> {
    const conversationId = baseConversationId(entry.conversationId);
    const data: RowData = {
      platform: PLATFORM,
      conversationId,
      channelName: entry.channelName ?? null,
      teamId: entry.teamId ?? null,
      tenantId: entry.tenantId ?? null,
      reference: toJson({ ...entry.reference, conversation: { ...entry.reference.conversation, id: conversationId } }),
    };
    await this.db.conversationReference.upsert({ where: { conversationId }, create: data, update: data });
  }

  async find(channel: string): Promise<StoredConversation | undefined> {
    const byId = await this.db.conversationReference.findUnique({ where: { conversationId: baseConversationId(channel) } });
    if (byId) return fromRow(byId);
    const named = await this.db.conversationReference.findFirst({ where: { platform: PLATFORM, channelName: channel }, orderBy: { updatedAt: 'desc' } });
    return named ? fromRow(named) : undefined;
  }

  async latest(): Promise<StoredConversation | undefined> {
    const row = await this.db.conversationReference.findFirst({ where: { platform: PLATFORM }, orderBy: { updatedAt: 'desc' } });
    return row ? fromRow(row) : undefined;
  }
}
