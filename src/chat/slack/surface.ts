// The private ways to answer one Slack interaction. A response_url (commands, message buttons) works
// in any channel, even one the bot is not in, so it is preferred; without one the Web API is used.

import type { RespondFn } from '@slack/bolt';
import type { ChatMessage } from '../model.js';
import type { ChatLogger } from '../router.js';
import type { SlackChatPort } from './port.js';
import { renderMessage } from './render.js';

/** Slack accepts five posts per response_url. */
const RESPONSE_URL_USES = 5;

type Visibility = 'ephemeral' | 'in_channel';

export async function sendViaResponseUrl(
  respond: RespondFn,
  message: ChatMessage,
  opts: { replaceOriginal: boolean; visibility: Visibility; logger: ChatLogger },
): Promise<void> {
  const pages = renderMessage(message);
  if (pages.length > RESPONSE_URL_USES) {
    opts.logger.warn('answer longer than a response_url allows; later pages dropped', { pages: pages.length });
  }
  for (const [i, page] of pages.slice(0, RESPONSE_URL_USES).entries()) {
    await respond({
      response_type: opts.visibility,
      replace_original: opts.replaceOriginal && i === 0,
      text: page.text,
      blocks: page.blocks,
    });
  }
}

export interface PrivateAnswerTarget {
  respond?: RespondFn;
  channel?: string;
  userId: string;
  port: SlackChatPort;
  logger: ChatLogger;
}

/** Visible only to the person who acted. */
export async function replyPrivately(target: PrivateAnswerTarget, message: ChatMessage): Promise<void> {
  if (target.respond) {
    await sendViaResponseUrl(target.respond, message, { replaceOriginal: false, visibility: 'ephemeral', logger: target.logger });
  } else if (target.channel) {
    await target.port.postEphemeral(target.channel, target.userId, message);
  } else {
    await target.port.dm(target.userId, message);
  }
}
