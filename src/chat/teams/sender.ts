// Outgoing Bot Connector calls outside an incoming turn (proactive posts, updates, deletes, opening a
// 1:1 chat), each through adapter.continueConversationAsync with a stored reference. CloudAdapter gives
// the continuation a random activity id, which would turn every send into a reply to nothing: replyToId
// is stripped so a send is a new message (a thread reply goes to "<channel>;messageid=<root>" instead).

import { type Activity, type CloudAdapter, type ConversationParameters, type ConversationReference, type TurnContext } from 'botbuilder';
import type { ChatLogger } from '../router.js';
import { baseConversationId, type TeamsConversationRef } from './conversation-store.js';
import { TeamsDeliveryError } from './errors.js';

const CHANNEL_AUDIENCE = 'https://api.botframework.com';

export type OutgoingActivity = Partial<Activity> & { type: 'message' };

interface PipelineHolder {
  client: { pipeline: { removePolicy(options: { name: string }): unknown } };
}

function hasPipeline(value: unknown): value is PipelineHolder {
  const client: unknown = value !== null && typeof value === 'object' && 'client' in value ? value.client : undefined;
  const pipeline: unknown = client !== null && typeof client === 'object' && 'pipeline' in client ? client.pipeline : undefined;
  return pipeline !== null && typeof pipeline === 'object' && 'removePolicy' in pipeline && typeof pipeline.removePolicy === 'function';
}

/**
 * The connector client retries 429/5xx itself (sleeping Retry-After, up to 3 times). The outbox owns
 * retries and must see the error, so every turn's client gets that policy removed.
 */
export function disableConnectorRetries(adapter: CloudAdapter, logger: ChatLogger): void {
  let warned = false;
  adapter.use(async (context, next) => {
    const connector: unknown = context.turnState.get(adapter.ConnectorClientKey);
    if (hasPipeline(connector)) connector.client.pipeline.removePolicy({ name: 'defaultRetryPolicy' });
    else if (connector !== undefined && !warned) {
      warned = true;
      logger.warn('Teams connector client has no pipeline to remove retries from; it will retry on its own');
    }
    await next();
  });
}

export function toBotbuilderReference(ref: TeamsConversationRef, conversationId: string = ref.conversation.id): Partial<ConversationReference> {
  const c = ref.conversation;
  const reference: Partial<ConversationReference> = {
    serviceUrl: ref.serviceUrl,
    channelId: ref.channelId,
    bot: { id: ref.bot.id, name: ref.bot.name ?? '' },
    conversation: {
      id: conversationId,
      conversationType: c.conversationType ?? 'channel',
      isGroup: c.isGroup ?? c.conversationType !== 'personal',
      name: c.name ?? '',
      ...(c.tenantId === undefined ? {} : { tenantId: c.tenantId }),
    },
  };
  if (ref.user) reference.user = { id: ref.user.id, name: ref.user.name ?? '', ...(ref.user.aadObjectId ? { aadObjectId: ref.user.aadObjectId } : {}) };
  if (ref.locale) reference.locale = ref.locale;
  return reference;
}

export class TeamsSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  private async within<T>(ref: TeamsConversationRef, conversationId: string, work: (ctx: TurnContext) => Promise<T>): Promise<T> {
    // The adapter hands turn errors to its onTurnError (a logger) instead of throwing: keep this one
    // and rethrow it, because the outbox must see why a delivery failed.
    const box: { value?: T; done: boolean; failure?: { error: unknown } } = { done: false };
    await this.adapter.continueConversationAsync(this.appId, toBotbuilderReference(ref, conversationId), async (ctx) => {
      ctx.onSendActivities(async (_ctx, activities, next) => {
        for (const a of activities) delete a.replyToId;
        return next();
      });
      try {
        box.value = await work(ctx);
        box.done = true;
      } catch (error) {
        box.failure = { error };
      }
    });
    if (box.failure) throw box.failure.error;
    if (!box.done) throw new Error('Teams continuation ended without running');
    return box.value as T;
  }

  /** Sends each activity as a new message; returns their activity ids in order. */
  async send(ref: TeamsConversationRef, conversationId: string, activities: readonly OutgoingActivity[]): Promise<string[]> {
    return this.within(ref, conversationId, async (ctx) => {
      const ids: string[] = [];
      for (const activity of activities) {
        const res = await ctx.sendActivity(activity);
        if (!res?.id) throw new TeamsDeliveryError('no_activity_id', 'Teams accepted a message without returning its id', true);
        ids.push(res.id);
      }
      return ids;
    });
  }

  async update(ref: TeamsConversationRef, activityId: string, activity: OutgoingActivity): Promise<void> {
    const conversationId = baseConversationId(ref.conversation.id);
    await this.within(ref, conversationId, async (ctx) => {
      await ctx.updateActivity({ ...activity, id: activityId });
    });
  }

  async remove(ref: TeamsConversationRef, activityId: string): Promise<void> {
    await this.within(ref, baseConversationId(ref.conversation.id), async (ctx) => {
      await ctx.deleteActivity(activityId);
    });
  }

  /** Opens (or reopens: Teams returns the same id) the 1:1 chat between the bot and `memberId`. */
  async openPersonal(template: TeamsConversationRef, memberId: string, tenantId: string | undefined): Promise<TeamsConversationRef> {
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: { id: template.bot.id, name: template.bot.name ?? '' },
      members: [{ id: memberId, name: '' }],
      channelData: tenantId === undefined ? {} : { tenant: { id: tenantId } },
      ...(tenantId === undefined ? {} : { tenantId }),
    };
    let id: string | undefined;
    await this.adapter.createConversationAsync(this.appId, template.channelId, template.serviceUrl, CHANNEL_AUDIENCE, parameters, async (ctx) => {
      id = ctx.activity.conversation.id;
    });
    if (!id) throw new TeamsDeliveryError('no_conversation_id', 'Teams opened a 1:1 chat without returning its id', true);
    return {
      serviceUrl: template.serviceUrl,
      channelId: template.channelId,
      bot: template.bot,
      conversation: { id, conversationType: 'personal', isGroup: false, ...(tenantId === undefined ? {} : { tenantId }) },
      user: { id: memberId },
    };
  }
}
