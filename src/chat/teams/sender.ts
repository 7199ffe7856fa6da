// Every Bot Connector call Rollcall makes, in a turn or proactively (morning lists, timers, digests),
// through the Teams SDK's API client for the stored conversation's serviceUrl: new posts, thread
// replies ("<channel>;messageid=<root>"), updates, deletes, opening a 1:1 chat and listing a team's
// channels. The client carries the bot's Entra token (auth.ts) and never retries: the outbox owns
// retries and must see each failure (errors.ts).

import type { Client as ApiClient, ChannelInfo, IMessageActivityInput } from '@microsoft/teams.api';
import { baseConversationId, type TeamsConversationRef } from './conversation-store.js';
import { TeamsDeliveryError } from './errors.js';

/** A message as Rollcall sends it; `summary` is the Bot Framework's notification text. */
export type OutgoingActivity = IMessageActivityInput & { summary?: string };

/** The SDK's API client for a serviceUrl (one per Teams region), carrying the bot's token. */
export type ApiFor = (serviceUrl: string) => ApiClient;

function bot(ref: TeamsConversationRef) {
  return { id: ref.bot.id, role: 'bot' as const, ...(ref.bot.name ? { name: ref.bot.name } : {}) };
}

export class TeamsSender {
  constructor(private readonly apiFor: ApiFor) {}

  /** Sends each activity as a new message (in `conversationId`, a thread when it carries
   * ";messageid="); returns their activity ids in order. */
  async send(ref: TeamsConversationRef, conversationId: string, activities: readonly OutgoingActivity[]): Promise<string[]> {
    const api = this.apiFor(ref.serviceUrl);
    const ids: string[] = [];
    for (const activity of activities) {
      const res = await api.conversations.createActivity(conversationId, activity);
      if (!res?.id) throw new TeamsDeliveryError('no_activity_id', 'Teams accepted a message without returning its id', true);
      ids.push(res.id);
    }
    return ids;
  }

  async update(ref: TeamsConversationRef, activityId: string, activity: OutgoingActivity): Promise<void> {
    await this.apiFor(ref.serviceUrl).conversations.updateActivity(baseConversationId(ref.conversation.id), activityId, { ...activity, id: activityId });
  }

  async remove(ref: TeamsConversationRef, activityId: string): Promise<void> {
    await this.apiFor(ref.serviceUrl).conversations.deleteActivity(baseConversationId(ref.conversation.id), activityId);
  }

  /** The channels of a team Rollcall is in (GET /v3/teams/{id}/conversations). */
  async teamChannels(ref: TeamsConversationRef, teamId: string): Promise<ChannelInfo[]> {
    return (await this.apiFor(ref.serviceUrl).teams.getConversations(teamId)) ?? [];
  }

  /** Opens (or reopens: Teams returns the same id) the 1:1 chat between the bot and `memberId`. */
  async openPersonal(template: TeamsConversationRef, memberId: string, tenantId: string | undefined): Promise<TeamsConversationRef> {
    const created = await this.apiFor(template.serviceUrl).conversations.create({
      isGroup: false,
      bot: bot(template),
      members: [{ id: memberId, role: 'user' }],
      ...(tenantId === undefined ? {} : { tenantId, channelData: { tenant: { id: tenantId } } }),
    });
    if (!created?.id) throw new TeamsDeliveryError('no_conversation_id', 'Teams opened a 1:1 chat without returning its id', true);
    return {
      serviceUrl: template.serviceUrl,
      channelId: template.channelId,
      bot: template.bot,
      conversation: { id: created.id, conversationType: 'personal', isGroup: false, ...(tenantId === undefined ? {} : { tenantId }) },
      user: { id: memberId },
    };
  }
}
