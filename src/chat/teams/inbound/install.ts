// Installs and channel events: where Rollcall learns the conversations it may post into. Adding the bot
// to a team stores the team's first channel ("General") and, best effort, every channel the team lists;
// channelCreated / channelRenamed keep names current; a personal install stores the 1:1 chat. Removing
// Rollcall from a team (or chat) forgets it, so nothing is posted there any more: messages for it wait
// until Rollcall is added back.

import type { IConversationUpdateActivity, InstallUpdateActivity } from '@microsoft/teams.api';
import type { StoredConversation } from '../conversation-store.js';
import { readInbound, storedFrom, type Inbound } from './activity.js';
import type { InboundDeps } from './deps.js';

function channelOf(activity: IConversationUpdateActivity): { id: string; name?: string } | undefined {
  const channel: unknown = activity.channelData?.channel;
  if (channel === null || typeof channel !== 'object' || !('id' in channel) || typeof channel.id !== 'string') return undefined;
  const name = 'name' in channel && typeof channel.name === 'string' && channel.name !== '' ? channel.name : undefined;
  return name === undefined ? { id: channel.id } : { id: channel.id, name };
}

function channelEntry(inbound: Inbound, channel: { id: string; name?: string }): StoredConversation {
  const entry = storedFrom(inbound, channel.name ?? (channel.id === inbound.teamId ? 'General' : undefined));
  return { ...entry, conversationId: channel.id, reference: { ...entry.reference, conversation: { ...entry.reference.conversation, id: channel.id } } };
}

async function storeTeamChannels(deps: InboundDeps, inbound: Inbound, teamId: string): Promise<void> {
  try {
    const channels = await deps.port.teamChannels(inbound.reference, teamId);
    for (const c of channels) {
      if (c.id) await deps.store.save(channelEntry(inbound, { id: c.id, ...(c.name ? { name: c.name } : {}) }));
    }
  } catch (error) {
    deps.logger.warn('could not list the team’s channels; only channels Rollcall hears from are stored', { teamId, error });
  }
}

export async function handleConversationUpdate(deps: InboundDeps, activity: IConversationUpdateActivity): Promise<void> {
  const inbound = readInbound(activity);
  if ((activity.membersRemoved ?? []).some((m) => m.id === activity.recipient.id)) {
    await forgetRemoved(deps, inbound);
    return;
  }
  const eventType: unknown = activity.channelData?.eventType;
  const channel = channelOf(activity);
  if ((eventType === 'channelCreated' || eventType === 'channelRenamed' || eventType === 'channelRestored') && channel) {
    await deps.store.save(channelEntry(inbound, channel));
    return;
  }
  await deps.store.save(storedFrom(inbound));
  const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient.id);
  if (botAdded && inbound.teamId) await storeTeamChannels(deps, inbound, inbound.teamId);
}

/** installationUpdate arrives beside conversationUpdate in newer Teams clients: store an add, forget a remove. */
export async function handleInstallationUpdate(deps: InboundDeps, activity: InstallUpdateActivity): Promise<void> {
  const action: unknown = activity.action;
  if (typeof action === 'string' && action.startsWith('remove')) return forgetRemoved(deps, readInbound(activity));
  if (typeof action === 'string' && !action.startsWith('add')) return;
  await deps.store.save(storedFrom(readInbound(activity)));
}

async function forgetRemoved(deps: InboundDeps, inbound: Inbound): Promise<void> {
  await deps.store.forget(inbound.teamId === undefined ? { conversationId: inbound.conversationId } : { teamId: inbound.teamId });
}
