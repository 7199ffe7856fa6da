// ConversationStore on the ConversationReference table. The chat layer may not import the database
// (tests/chat/boundary.test.ts), so this names only the calls it makes: pass the app's PrismaClient
// (or a transaction client), which has them.

import {
  baseConversationId, channelNameOf, personalChannelName, TeamsConversationRefSchema,
  type ConversationStore, type StoredConversation, type TeamsConversationRef,
} from './conversation-store.js';

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
    findFirst(args: { where: { platform: string; channelName?: string; teamId?: string; tenantId?: string }; orderBy: { updatedAt: 'desc' } }): PromiseLike<ConversationReferenceRow | null>;
    deleteMany(args: { where: { platform: string; conversationId?: string; teamId?: string } }): PromiseLike<{ count: number }>;
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

  async find(conversationId: string): Promise<StoredConversation | undefined> {
    const byId = await this.db.conversationReference.findUnique({ where: { conversationId: baseConversationId(conversationId) } });
    return byId ? fromRow(byId) : undefined;
  }

  async personal(userId: string): Promise<StoredConversation | undefined> {
    return this.newest({ channelName: personalChannelName(userId) });
  }

  async inTeam(teamId: string, channel: string): Promise<StoredConversation | undefined> {
    const byId = await this.find(channel);
    if (byId) return byId.teamId === teamId ? byId : undefined;
    return this.newest({ teamId, channelName: channelNameOf(channel) });
  }

  async template(scope: { teamId?: string; tenantId?: string }): Promise<StoredConversation | undefined> {
    if (scope.teamId === undefined && scope.tenantId === undefined) return this.newest({});
    return (
      (scope.teamId === undefined ? undefined : await this.newest({ teamId: scope.teamId })) ??
      (scope.tenantId === undefined ? undefined : await this.newest({ tenantId: scope.tenantId }))
    );
  }

  async forget(where: { conversationId: string } | { teamId: string }): Promise<number> {
    const match = 'teamId' in where ? { teamId: where.teamId } : { conversationId: baseConversationId(where.conversationId) };
    return (await this.db.conversationReference.deleteMany({ where: { platform: PLATFORM, ...match } })).count;
  }

  private async newest(where: { channelName?: string; teamId?: string; tenantId?: string }): Promise<StoredConversation | undefined> {
    const row = await this.db.conversationReference.findFirst({ where: { platform: PLATFORM, ...where }, orderBy: { updatedAt: 'desc' } });
    return row ? fromRow(row) : undefined;
  }
}
