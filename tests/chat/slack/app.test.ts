import { describe, expect, it } from 'vitest';
import { InMemoryDeliveryLog, InMemoryStaffDirectory } from '../../../src/chat/in-memory.js';
import { ChatRouter } from '../../../src/chat/router.js';
import { createSlackApp, normalizeApiUrl, type SlackAppOptions } from '../../../src/chat/slack/app.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { silentLogger } from '../demo-router.js';

function options(apiUrl: string, extra: Partial<SlackAppOptions>): SlackAppOptions {
  return {
    botToken: 'xoxb-good',
    apiUrl,
    router: new ChatRouter({ logger: silentLogger }),
    staffDirectory: new InMemoryStaffDirectory(),
    deliveryLog: new InMemoryDeliveryLog(),
    schoolForTeam: () => 'school-1',
    logger: silentLogger,
    logLevel: 'error',
    ...extra,
  };
}

describe('createSlackApp', () => {
  it.each([
    ['http://127.0.0.1:9/api', 'http://127.0.0.1:9/api/'],
    ['http://127.0.0.1:9/api/', 'http://127.0.0.1:9/api/'],
  ])('normalizes the API base %s', (input, expected) => {
    expect(normalizeApiUrl(input)).toBe(expected);
  });

  it('refuses HTTP mode without a signing secret', () => {
    expect(() => createSlackApp(options('http://127.0.0.1:9/api/', {}))).toThrow(/SLACK_SIGNING_SECRET is required/);
  });

  it('fails start() with a clear message when Slack refuses the bot token', async () => {
    const fake = await FakeSlack.start({ token: 'xoxb-good' });
    try {
      const slack = createSlackApp(options(fake.apiUrl, { botToken: 'xoxb-revoked', signingSecret: 'secret-123' }));
      await expect(slack.start(0)).rejects.toThrow(/Slack did not accept SLACK_BOT_TOKEN \(auth.test\).*invalid_auth/);
    } finally {
      await fake.close();
    }
  });

  it('uses Socket Mode with an app token, opening the connection through SLACK_API_URL', async () => {
    const fake = await FakeSlack.start();
    try {
      fake.failNext('apps.connections.open', { error: 'invalid_auth' });
      const slack = createSlackApp(options(fake.apiUrl, { appToken: 'xapp-test' }));
      expect(slack.mode).toBe('socket');
      await expect(slack.start()).rejects.toThrow(/invalid_auth/);
      expect(fake.callsTo('apps.connections.open').map((c) => c.headers.authorization)).toEqual(['Bearer xapp-test']);
      await slack.stop();
    } finally {
      await fake.close();
    }
  });
});
