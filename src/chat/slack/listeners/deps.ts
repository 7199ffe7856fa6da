// What every Slack listener needs, passed in once by createSlackApp (no module-level state).

import type { StringIndexed } from '@slack/bolt';
import type { Delivery, StaffDirectory } from '../../port.js';
import type { ChatLogger, ChatRouter } from '../../router.js';
import type { SlackChatPort } from '../port.js';

/** Where a Slack request came from, for deciding which school it is for. */
export interface SlackOrigin {
  teamId: string | undefined;
  channelId?: string;
  channelName?: string;
  userId: string;
}

/** The school a request is for; throws a RollcallError (answered to the person) when there is none. */
export type SchoolForTeam = (origin: SlackOrigin) => Promise<string | undefined> | string | undefined;

export interface ListenerDeps {
  router: ChatRouter;
  staffDirectory: StaffDirectory;
  port: SlackChatPort;
  schoolForTeam: SchoolForTeam;
  logger: ChatLogger;
  /**
   * Runs acknowledged work with bounded concurrency. A burst of commands is acknowledged at once and
   * handled a few at a time, so the handlers' CPU cannot starve the acknowledgement of the next request
   * (Slack gives up after 3 s; answers through response_url may take longer).
   */
  afterAck: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Context flag: the de-duplication middleware has already acknowledged this request. */
export const ACKNOWLEDGED = 'rollcallAcknowledged';

/** Acknowledge unless the middleware already did (Bolt refuses a second ack over HTTP). */
export async function ackOnce(context: StringIndexed, ack: () => Promise<void>): Promise<void> {
  if (context[ACKNOWLEDGED] === true) return;
  context[ACKNOWLEDGED] = true;
  await ack();
}

/** The delivery key set by the de-duplication middleware, with Bolt's retry counter. */
export function deliveryOf(context: StringIndexed): Delivery {
  const key: unknown = context['deliveryKey'];
  const retryNum: unknown = context['retryNum'];
  return {
    key: typeof key === 'string' ? key : 'slack:unkeyed',
    ...(typeof retryNum === 'number' ? { retryNum } : {}),
  };
}

export function resolveSchool(deps: ListenerDeps, origin: SlackOrigin): () => Promise<string | undefined> {
  return async () => deps.schoolForTeam(origin);
}
