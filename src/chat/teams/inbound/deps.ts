// What every inbound Teams handler needs, passed in once by createTeamsApp (no module-level state),
// and the parts of the router envelope they all build the same way.

import type { AnswerLater, StaffDirectory } from '../../port.js';
import type { ChatLogger, ChatRouter, InteractionEnvelope } from '../../router.js';
import type { InteractionSurface } from '../../context.js';
import type { ConversationStore } from '../conversation-store.js';
import type { NameBook } from '../names.js';
import type { TeamsChatPort } from '../port.js';
import type { FormSigner } from '../form-signing.js';
import { deliveryKeyOf, storedFrom, type Inbound } from './activity.js';

/** Where an interaction happened, for deciding which school it belongs to. */
export interface TeamsConversationInfo {
  conversationId: string;
  conversationType: string;
  tenantId?: string;
  teamId?: string;
  /** Rollcall's id for the person acting (AAD object id, else the Teams id). */
  userId: string;
}

export type SchoolForConversation = (info: TeamsConversationInfo) => Promise<string | undefined> | string | undefined;

export interface InboundDeps {
  router: ChatRouter;
  staffDirectory: StaffDirectory;
  port: TeamsChatPort;
  store: ConversationStore;
  names: NameBook;
  schoolForConversation: SchoolForConversation;
  forms: FormSigner;
  logger: ChatLogger;
  /** Private answers the platform refused for now go out later through the outbox (absent: the note). */
  answerLater?: AnswerLater;
}

export function conversationInfo(inbound: Inbound): TeamsConversationInfo {
  return {
    conversationId: inbound.conversationId,
    conversationType: inbound.conversationType,
    userId: inbound.actorId,
    ...(inbound.tenantId === undefined ? {} : { tenantId: inbound.tenantId }),
    ...(inbound.teamId === undefined ? {} : { teamId: inbound.teamId }),
  };
}

export function envelopeFor(deps: InboundDeps, inbound: Inbound, surface: InteractionSurface, source: InteractionEnvelope['source']): InteractionEnvelope {
  const info = conversationInfo(inbound);
  return {
    platform: 'teams',
    userId: inbound.actorId,
    resolveSchool: async () => deps.schoolForConversation(info),
    staffDirectory: deps.staffDirectory,
    delivery: { key: deliveryKeyOf(inbound.activity) ?? 'teams:unkeyed' },
    source,
    surface,
  };
}

/** Remember who this is (for mentions) and make sure Rollcall can post back here later: store the
 * conversation when new, or when Teams now serves it from another service URL (keeping its name). */
export async function noteArrival(deps: InboundDeps, inbound: Inbound): Promise<void> {
  const from = inbound.activity.from;
  deps.names.learn([from.id, from.aadObjectId], from.name);
  const known = await deps.store.find(inbound.conversationId);
  if (known && known.conversationId === inbound.conversationId && known.reference.serviceUrl === inbound.reference.serviceUrl) return;
  const fresh = storedFrom(inbound);
  const channelName = fresh.channelName ?? known?.channelName;
  await deps.store.save(channelName === undefined ? fresh : { ...fresh, channelName });
}
