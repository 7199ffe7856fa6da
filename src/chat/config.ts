// Which chat platform to run, from the environment with Slack's usual variable names. No chat
// credentials at all means local mode (terminal + localhost page). DATABASE_URL is read by db/.
//
//   SLACK_BOT_TOKEN       xoxb-...; its presence selects Slack
//   SLACK_SIGNING_SECRET  HTTP mode (requests to /slack/events are verified with it)
//   SLACK_APP_TOKEN       xapp-...; selects Socket Mode instead of HTTP
//   SLACK_API_URL         send Web API calls to another base URL (tests, proxies)
//   PORT                  HTTP port for Slack's requests, or for the local page (default 3000)

import { z } from 'zod';
import { RollcallError } from '../errors/rollcall-error.js';

export type ChatConfig =
  | { mode: 'slack-http'; botToken: string; signingSecret: string; apiUrl?: string; port: number }
  | { mode: 'slack-socket'; botToken: string; appToken: string; signingSecret?: string; apiUrl?: string; port: number }
  | { mode: 'local'; port: number };

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: z.preprocess(blankToUndefined, z.string().startsWith('xoxb-', 'SLACK_BOT_TOKEN must be a bot token (xoxb-...)').optional()),
  SLACK_SIGNING_SECRET: z.preprocess(blankToUndefined, z.string().min(8, 'SLACK_SIGNING_SECRET looks too short').optional()),
  SLACK_APP_TOKEN: z.preprocess(blankToUndefined, z.string().startsWith('xapp-', 'SLACK_APP_TOKEN must be an app-level token (xapp-...)').optional()),
  SLACK_API_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'SLACK_API_URL must be an http(s) URL' }).optional()),
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
});

export function chatConfigFromEnv(env: Record<string, string | undefined>): ChatConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new RollcallError('INVALID_INPUT', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const e = parsed.data;
  const port = e.PORT;
  if (e.SLACK_BOT_TOKEN === undefined) {
    if (e.SLACK_APP_TOKEN !== undefined || e.SLACK_SIGNING_SECRET !== undefined) {
      throw new RollcallError('INVALID_INPUT', 'SLACK_BOT_TOKEN is missing: set it too, or unset the other SLACK_ variables for local mode');
    }
    return { mode: 'local', port };
  }
  const apiUrl = e.SLACK_API_URL === undefined ? {} : { apiUrl: e.SLACK_API_URL };
  if (e.SLACK_APP_TOKEN !== undefined) {
    return {
      mode: 'slack-socket',
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      ...(e.SLACK_SIGNING_SECRET === undefined ? {} : { signingSecret: e.SLACK_SIGNING_SECRET }),
      ...apiUrl,
      port,
    };
  }
  if (e.SLACK_SIGNING_SECRET === undefined) {
    throw new RollcallError('INVALID_INPUT', 'SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  return { mode: 'slack-http', botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, ...apiUrl, port };
}
