// Who the bot is in the workspace (bot id, bot user id), asked of Slack once per process.
//
// Bolt given only a token and no ids calls auth.test before handling every incoming request (its
// single-workspace authorize keeps no cache when token verification is off), which doubled the work
// before each acknowledgement and spends a Slack API call per click. The answer is kept here instead;
// a failed call is not kept, so the next request (or start()) asks again.
import type { webApi } from '@slack/bolt';

export interface BotIdentity {
  botId: string;
  botUserId: string;
  /** The workspace the bot token belongs to: the only one Rollcall may post into. */
  teamId: string;
}

export function botIdentityOf(client: webApi.WebClient): () => Promise<BotIdentity> {
  let known: Promise<BotIdentity> | undefined;
  return () => {
    known ??= client.auth.test().then(
      (result) => ({ botId: result.bot_id ?? '', botUserId: result.user_id ?? '', teamId: result.team_id ?? '' }),
      (error: unknown) => {
        known = undefined;
        throw error;
      },
    );
    return known;
  };
}
