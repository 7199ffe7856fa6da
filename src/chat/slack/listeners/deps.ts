// What every Slack listener needs, passed in once by createSlackApp (no module-level state).

import type { StringIndexed } from '@slack/bolt';
import type { Delivery, StaffDirectory } from '../../port.js';
import type { ChatLogger, ChatRouter } from '../../router.js';
import type { SlackChatPort } from '../port.js';

export type SchoolForTeam = (teamId: string | undefined) => Promise<string | undefined> | string | undefined;

export interface ListenerDeps {
  router: ChatRouter;
  staffDirectory: StaffDirectory;
  port: SlackChatPort;
  schoolForTeam: SchoolForTeam;
  logger: ChatLogger;
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

export function resolveSchool(deps: ListenerDeps, teamId: string | undefined): () => Promise<string | undefined> {
  return async () => deps.schoolForTeam(teamId);
}
