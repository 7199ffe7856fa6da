// What Rollcall reads from an incoming Teams activity: who acted (the AAD object id when Teams sends
// one, as staff lists hold it; else the Teams id), where (conversation without its thread suffix, the
// thread root, team, tenant), and the reference to store so Rollcall can post there later.

import type { Activity } from '@microsoft/teams.api';
import { baseConversationId, personalChannelName, threadOf, type StoredConversation, type TeamsConversationRef } from '../conversation-store.js';

export interface Inbound {
  activity: Activity;
  /** Rollcall's id for the person: AAD object id, or the Teams "29:" id. */
  actorId: string;
  conversationId: string;
  threadRoot?: string;
  conversationType: string;
  tenantId?: string;
  teamId?: string;
  /** The channel's name when Teams says it (events carry it; messages often do not). */
  channelName?: string;
  reference: TeamsConversationRef;
}

function text(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object' || !(key in value)) return undefined;
  const found: unknown = (value as Record<string, unknown>)[key];
  return typeof found === 'string' && found !== '' ? found : undefined;
}

function child(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

export function readInbound(activity: Activity): Inbound {
  const channelData: unknown = activity.channelData;
  const conversationId = baseConversationId(activity.conversation.id);
  // The SDK types these as open string unions; Rollcall stores them as plain strings.
  const conversationType = text(activity.conversation, 'conversationType') ?? (activity.conversation.isGroup ? 'groupChat' : 'personal');
  const tenantId = text(child(channelData, 'tenant'), 'id') ?? activity.conversation.tenantId;
  const teamId = text(child(channelData, 'team'), 'id');
  const channel = child(channelData, 'channel');
  const channelName = text(channel, 'name') ?? (teamId !== undefined && text(channel, 'id') === teamId ? 'General' : undefined);
  const threadRoot = threadOf(activity.conversation.id);
  const reference: TeamsConversationRef = {
    // Always set on what reaches a handler: the HTTP layer refuses an activity without one.
    serviceUrl: activity.serviceUrl ?? '',
    channelId: String(activity.channelId),
    conversation: {
      id: conversationId,
      conversationType,
      isGroup: activity.conversation.isGroup ?? conversationType !== 'personal',
      ...(tenantId === undefined ? {} : { tenantId }),
      ...(activity.conversation.name ? { name: activity.conversation.name } : {}),
    },
    bot: { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) },
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
  if (conversationType === 'personal') {
    reference.user = { id: activity.from.id, ...(activity.from.name ? { name: activity.from.name } : {}), ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}) };
  }
  return {
    activity,
    actorId: activity.from.aadObjectId || activity.from.id,
    conversationId,
    conversationType,
    reference,
    ...(threadRoot === undefined ? {} : { threadRoot }),
    ...(tenantId === undefined ? {} : { tenantId }),
    ...(teamId === undefined ? {} : { teamId }),
    ...(channelName === undefined ? {} : { channelName }),
  };
}

/** The row to store for this conversation; a 1:1 chat is named after the person in it. */
export function storedFrom(inbound: Inbound, channelName = inbound.channelName): StoredConversation {
  const name = inbound.conversationType === 'personal' ? personalChannelName(inbound.actorId) : channelName;
  return {
    conversationId: inbound.conversationId,
    reference: inbound.reference,
    ...(inbound.teamId === undefined ? {} : { teamId: inbound.teamId }),
    ...(inbound.tenantId === undefined ? {} : { tenantId: inbound.tenantId }),
    ...(name === undefined ? {} : { channelName: name }),
  };
}

/** Teams resends an activity with the same id; ids are only unique within a conversation. */
export function deliveryKeyOf(activity: Activity): string | undefined {
  if (!activity.id) return undefined;
  return `teams:${baseConversationId(activity.conversation.id)}:${activity.id}`;
}
