import { describe, expect, it } from 'vitest';
import { chatConfigFromEnv } from '../../src/chat/config.js';

describe('chatConfigFromEnv', () => {
  it.each([
    ['no credentials: local mode on PORT', { PORT: '4000' }, { mode: 'local', port: 4000 }],
    ['blank values count as unset', { SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: ' ' }, { mode: 'local', port: 3000 }],
    [
      'bot token + signing secret: HTTP',
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret-123', SLACK_API_URL: 'http://127.0.0.1:9999/api' },
      { mode: 'slack-http', botToken: 'xoxb-1', signingSecret: 'secret-123', apiUrl: 'http://127.0.0.1:9999/api', port: 3000 },
    ],
    [
      'app token: Socket Mode, no signing secret needed',
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' },
      { mode: 'slack-socket', botToken: 'xoxb-1', appToken: 'xapp-1', port: 3000 },
    ],
  ])('%s', (_label, env, expected) => {
    expect(chatConfigFromEnv(env)).toEqual(expected);
  });

  it.each([
    ['HTTP without a signing secret', { SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET is required/],
    ['a user token as bot token', { SLACK_BOT_TOKEN: 'xoxp-1', SLACK_SIGNING_SECRET: 'secret-123' }, /bot token \(xoxb-/],
    ['a bot token as app token', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, /app-level token/],
    ['half-configured Slack', { SLACK_SIGNING_SECRET: 'secret-123' }, /SLACK_BOT_TOKEN is missing/],
    ['a port out of range', { PORT: '70000' }, /PORT/],
    ['a non-http API URL', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret-123', SLACK_API_URL: 'ftp://x' }, /SLACK_API_URL/],
  ])('refuses %s', (_label, env, message) => {
    expect(() => chatConfigFromEnv(env)).toThrow(expect.objectContaining({ name: 'RollcallError', code: 'INVALID_INPUT' }));
    expect(() => chatConfigFromEnv(env)).toThrow(message);
  });
});
