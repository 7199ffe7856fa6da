// Builders for the activity JSON Teams POSTs to a bot's /api/messages: a message in a channel (with the
// bot @mentioned) or a 1:1 chat, an Action.Execute invoke (adaptiveCard/action), and conversationUpdate
// for installs and channel events. `serviceUrl` should be a FakeBotConnector's, so every call back
// lands there.

import { randomUUID } from 'node:crypto';

export type ActivityJson = Record<string, unknown>;

export interface TeamsUser {
  /** The bot-scoped Teams id ("29:..."). */
  id: string;
  aadObjectId?: string;
  name: string;
}

export interface TeamsScene {
  serviceUrl: string;
  tenantId: string;
  bot: { id: string; name: string };
  teamId?: string;
  teamName?: string;
}

export interface Where {
  /** Conversation id as Teams sends it (a channel message carries ";messageid=<root>"). */
  conversationId: string;
  conversationType: 'channel' | 'personal' | 'groupChat';
  /** Channel id and name, for channel conversations. */
  channel?: { id: string; name?: string };
}

let counter = 0;
const nextId = () => `act-${Date.now()}-${++counter}`;

function common(scene: TeamsScene, where: Where, from: TeamsUser): ActivityJson {
  const channelData: Record<string, unknown> = { tenant: { id: scene.tenantId } };
  if (where.conversationType === 'channel') {
    channelData['team'] = { id: scene.teamId ?? 'team-unknown', ...(scene.teamName ? { name: scene.teamName } : {}) };
    if (where.channel) channelData['channel'] = where.channel;
  }
  return {
    channelId: 'msteams',
    serviceUrl: scene.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: from.id, name: from.name, ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}) },
    recipient: { id: scene.bot.id, name: scene.bot.name },
    conversation: { id: where.conversationId, conversationType: where.conversationType, tenantId: scene.tenantId, isGroup: where.conversationType !== 'personal' },
    channelData,
    locale: 'en-GB',
  };
}

/** A message; in a channel or group chat the bot is @mentioned first, as Teams delivers it. */
export function messageActivity(scene: TeamsScene, where: Where, from: TeamsUser, text: string, opts: { id?: string; mention?: boolean } = {}): ActivityJson {
  const mention = opts.mention ?? where.conversationType !== 'personal';
  const at = `<at>${scene.bot.name}</at>`;
  return {
    ...common(scene, where, from),
    type: 'message',
    id: opts.id ?? nextId(),
    text: mention ? `${at} ${text}` : text,
    textFormat: 'plain',
    entities: mention ? [{ type: 'mention', text: at, mentioned: { id: scene.bot.id, name: scene.bot.name } }] : [],
  };
}

/** A Universal Action press (Action.Execute) on the card with activity id `cardActivityId`. */
export function actionExecuteActivity(
  scene: TeamsScene,
  where: Where,
  from: TeamsUser,
  action: { verb: string; data: Record<string, unknown>; cardActivityId: string; id?: string },
): ActivityJson {
  return {
    ...common(scene, where, from),
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: action.id ?? `f:${randomUUID()}`,
    replyToId: action.cardActivityId,
    value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data }, trigger: 'manual' },
  };
}

/** The bot (or people) added to a team, chat or personal scope; `eventType` for channel events. */
export function conversationUpdateActivity(
  scene: TeamsScene,
  where: Where,
  opts: { membersAdded?: { id: string; aadObjectId?: string }[]; eventType?: 'channelCreated' | 'channelRenamed'; from?: TeamsUser; id?: string },
): ActivityJson {
  const from = opts.from ?? { id: '29:installer', name: 'Installer' };
  const base = common(scene, where, from);
  const channelData = { ...(base['channelData'] as Record<string, unknown>), ...(opts.eventType ? { eventType: opts.eventType } : {}) };
  return {
    ...base,
    type: 'conversationUpdate',
    id: opts.id ?? nextId(),
    channelData,
    ...(opts.membersAdded ? { membersAdded: opts.membersAdded } : {}),
  };
}

/** POST an activity to the bot over real HTTP. */
export async function postActivity(url: string, activity: ActivityJson, opts: { token?: string; rawBody?: string } = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
    body: opts.rawBody ?? JSON.stringify(activity),
  });
}
