// Installs and channel events: where Rollcall learns the conversations it may post into. Adding the bot
// to a team stores the team's first channel ("General") and, best effort, every channel the team lists;
// channelCreated / channelRenamed keep names current; a personal install stores the 1:1 chat.

import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { StoredConversation } from '../conversation-store.js';
import { readInbound, storedFrom, type Inbound } from './activity.js';
import type { InboundDeps } from './deps.js';

function channelOf(ctx: TurnContext): { id: string; name?: string } | undefined {
  const channel: unknown = ctx.activity.channelData?.channel;
  if (channel === null || typeof channel !== 'object' || !('id' in channel) || typeof channel.id !== 'string') return undefined;
  const name = 'name' in channel && typeof channel.name === 'string' && channel.name !== '' ? channel.name : undefined;
  return name === undefined ? { id: channel.id } : { id: channel.id, name };
}

function channelEntry(inbound: Inbound, channel: { id: string; name?: string }): StoredConversation {
  const entry = storedFrom(inbound, channel.name ?? (channel.id === inbound.teamId ? 'General' : undefined));
  return { ...entry, conversationId: channel.id, reference: { ...entry.reference, conversation: { ...entry.reference.conversation, id: channel.id } } };
}

async function storeTeamChannels(deps: InboundDeps, ctx: TurnContext, inbound: Inbound, teamId: string): Promise<void> {
  try {
    const channels = await TeamsInfo.getTeamChannels(ctx, teamId);
    for (const c of channels) {
      if (c.id) await deps.store.save(channelEntry(inbound, { id: c.id, ...(c.name ? { name: c.name } : {}) }));
    }
  } catch (error) {
    deps.logger.warn('could not list the team’s channels; only channels Rollcall hears from are stored', { teamId, error });
  }
}

export async function handleConversationUpdate(deps: InboundDeps, ctx: TurnContext): Promise<void> {
  const inbound = readInbound(ctx.activity);
  // Removed from a team or chat: keep nothing that would make later posts fail there.
  if ((ctx.activity.membersRemoved ?? []).some((m) => m.id === ctx.activity.recipient.id)) return;
  const eventType: unknown = ctx.activity.channelData?.eventType;
  const channel = channelOf(ctx);
  if ((eventType === 'channelCreated' || eventType === 'channelRenamed' || eventType === 'channelRestored') && channel) {
    await deps.store.save(channelEntry(inbound, channel));
    return;
  }
  await deps.store.save(storedFrom(inbound));
  const botAdded = (ctx.activity.membersAdded ?? []).some((m) => m.id === ctx.activity.recipient.id);
  if (botAdded && inbound.teamId) await storeTeamChannels(deps, ctx, inbound, inbound.teamId);
}

/** installationUpdate (add) arrives beside conversationUpdate in newer Teams clients: store it too. */
export async function handleInstallationUpdate(deps: InboundDeps, ctx: TurnContext): Promise<void> {
  if (ctx.activity.action !== undefined && !ctx.activity.action.startsWith('add')) return;
  await deps.store.save(storedFrom(readInbound(ctx.activity)));
}
