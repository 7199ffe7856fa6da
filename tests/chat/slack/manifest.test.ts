// Both Slack manifests validate against Slack's published JSON schema (draft-07; vendored under
// tests/fixtures/vendor) and describe the same app, one over HTTP and one over Socket Mode.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// A copy of ../shared/reference/vendor's schema (from slackapi/manifest-schema, MIT; licence beside it), kept
// in the repository so the test does not depend on what sits next to the checkout.
const SCHEMA_PATH = fileURLToPath(new URL('../../fixtures/vendor/slack-manifest.schema.1.0.0.json', import.meta.url));
const manifestPath = (name: string) => fileURLToPath(new URL(`../../../manifests/slack/${name}`, import.meta.url));

const COMMANDS = ['/absences', '/call', '/reason', '/missing', '/found', '/tiers', '/digest', '/rollcall'];
const BOT_SCOPES = ['chat:write', 'commands', 'im:write', 'files:write', 'users:read', 'channels:read', 'groups:read', 'channels:history', 'groups:history', 'im:history'];
const EVENTS_URL = 'https://rollcall.example.org/slack/events';

function validator() {
  const schema: unknown = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
  if (!schema || typeof schema !== 'object') throw new Error('schema is not an object');
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The schema uses `format: uri` and a non-standard `regex` keyword (for colours); enforce both.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addKeyword({ keyword: 'regex', type: 'string', schemaType: 'string', validate: (pattern: string, data: string) => new RegExp(pattern).test(data) });
  return ajv.compile(schema);
}

// Only the parts these tests read; the full shape is the JSON schema's business.
const ManifestParts = z.object({
  features: z.object({
    slash_commands: z.array(z.object({ command: z.string(), url: z.string().optional() })),
    app_home: z.object({ home_tab_enabled: z.boolean() }),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    socket_mode_enabled: z.boolean(),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string().optional() }),
    event_subscriptions: z.object({ request_url: z.string().optional(), bot_events: z.array(z.string()) }),
  }),
});

function load(name: string) {
  const raw: unknown = parse(readFileSync(manifestPath(name), 'utf8'));
  return { raw, manifest: ManifestParts.parse(raw) };
}

describe('Slack manifests', () => {
  const validate = validator();

  it.each(['manifest.yaml', 'manifest.socket.yaml'])('%s validates against Slack’s manifest schema', (name) => {
    const ok = validate(load(name).raw);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check really rejects a broken manifest', () => {
    const { raw } = load('manifest.yaml');
    if (!raw || typeof raw !== 'object') throw new Error('manifest is not an object');
    const broken = { ...raw, display_information: { name: 'Rollcall', background_color: 'green' }, surprise: true };
    expect(validate(broken)).toBe(false);
    const complaints = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(complaints).toContain(' additionalProperties');
    expect(complaints).toContain('/display_information/background_color regex');
  });

  it.each(['manifest.yaml', 'manifest.socket.yaml'])('%s has every command, the bot scopes, App Home and interactivity', (name) => {
    const { manifest } = load(name);
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(COMMANDS);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('HTTP mode sends everything to the one signed endpoint', () => {
    const { manifest } = load('manifest.yaml');
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(new Set(manifest.features.slash_commands.map((c) => c.url))).toEqual(new Set([EVENTS_URL]));
    expect(manifest.settings.interactivity.request_url).toBe(EVENTS_URL);
    expect(manifest.settings.event_subscriptions.request_url).toBe(EVENTS_URL);
  });

  it('Socket Mode needs no public URL', () => {
    const { manifest } = load('manifest.socket.yaml');
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(readFileSync(manifestPath('manifest.socket.yaml'), 'utf8')).not.toMatch(/https?:\/\//);
  });
});
