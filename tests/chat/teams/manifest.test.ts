// The Teams app manifest, once its placeholders are filled, validates offline against Microsoft's
// published schema (shipped inside @microsoft/app-manifest, which reads it with fs-extra without
// declaring that dependency: Rollcall lists fs-extra as a dev dependency for it), lists the same
// commands as the Slack app, and its icons are the sizes Teams requires, rendered from their SVG sources.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils, TeamsManifestConverter } from '@microsoft/app-manifest';
import { Resvg } from '@resvg/resvg-js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fillTeamsManifest } from '../../../src/chat/teams/manifest.js';

const file = (name: string) => fileURLToPath(new URL(`../../../manifests/${name}`, import.meta.url));
const template = readFileSync(file('teams/manifest.json'), 'utf8');
const APP_ID = '5d0c3b7e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const HOST = 'rollcall.school.example';

const Parts = z.object({
  id: z.string(),
  icons: z.object({ color: z.string(), outline: z.string() }),
  bots: z.array(z.object({ botId: z.string(), scopes: z.array(z.string()), commandLists: z.array(z.object({ scopes: z.array(z.string()), commands: z.array(z.object({ title: z.string() })) })) })),
  validDomains: z.array(z.string()),
  webApplicationInfo: z.object({ id: z.string() }),
});

const filled = () => fillTeamsManifest(template, { appId: APP_ID, host: HOST });

function pngSize(path: string): { width: number; height: number; colourType: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colourType: bytes[25] ?? -1 };
}

describe('Teams app manifest', () => {
  it('validates against the v1.30 schema (the newest published) once filled in', async () => {
    const manifest = TeamsManifestConverter.jsonToManifest(filled());
    expect(await AppManifestUtils.validateAgainstSchema(manifest)).toEqual([]);
  });

  it('the schema check really rejects a broken manifest', async () => {
    const raw: unknown = JSON.parse(filled());
    if (!raw || typeof raw !== 'object') throw new Error('manifest is not an object');
    const commandLists = [{ scopes: ['team'], commands: Array.from({ length: 13 }, (_, i) => ({ title: `command-${i}`, description: 'd' })) }];
    const broken = JSON.stringify({ ...raw, accentColor: 'green', bots: [{ botId: 'not-a-guid', scopes: ['team'], commandLists }] });
    const problems = (await AppManifestUtils.validateAgainstSchema(TeamsManifestConverter.jsonToManifest(broken))).join('\n');
    expect(problems).toContain('/accentColor must match pattern');
    expect(problems).toContain('/bots/0/botId must match pattern');
    expect(problems).toContain('/bots/0/commandLists/0/commands must NOT have more than 12 items');
  });

  it('names the bot by its app id everywhere and lets Teams reach the host', () => {
    const m = Parts.parse(JSON.parse(filled()));
    expect(m.id).toBe(APP_ID);
    expect(m.bots.map((b) => b.botId)).toEqual([APP_ID]);
    expect(m.webApplicationInfo.id).toBe(APP_ID);
    expect(m.validDomains).toEqual([HOST]);
    expect(m.bots[0]?.scopes).toEqual(['team', 'personal', 'groupChat']);
  });

  it('offers the same commands as the Slack app, in every scope', () => {
    const m = Parts.parse(JSON.parse(filled()));
    const slack = z.object({ features: z.object({ slash_commands: z.array(z.object({ command: z.string() })) }) }).parse(parse(readFileSync(file('slack/manifest.yaml'), 'utf8')));
    const [commands] = m.bots[0]?.commandLists ?? [];
    expect(commands?.scopes).toEqual(['team', 'personal', 'groupChat']);
    expect(commands?.commands.map((c) => `/${c.title}`)).toEqual(slack.features.slash_commands.map((c) => c.command));
    for (const title of ['absences', 'call', 'reason', 'missing', 'found', 'tiers', 'digest']) expect(commands?.commands.map((c) => c.title)).toContain(title);
  });

  it.each([
    ['an app id that is not a GUID', { appId: 'rollcall', host: HOST }, /GUID/],
    ['a host given as a URL', { appId: APP_ID, host: 'https://rollcall.school.example/' }, /domain name only/],
  ])('refuses %s', (_label, values, message) => {
    expect(() => fillTeamsManifest(template, values)).toThrow(expect.objectContaining({ name: 'RollcallError', code: 'INVALID_INPUT' }));
    expect(() => fillTeamsManifest(template, values)).toThrow(message);
  });

  it('refuses a template with a placeholder it does not know', () => {
    expect(() => fillTeamsManifest(`${template.slice(0, -2)}, "x": "\${{OTHER}}" }`, { appId: APP_ID, host: HOST })).toThrow('${{OTHER}}');
  });
});

describe('Teams app icons', () => {
  it.each([
    ['color', 192],
    ['outline', 32],
  ])('%s.png is %i px square with transparency, and matches its SVG source', (name, size) => {
    const path = file(`teams/${name}.png`);
    expect(pngSize(path)).toEqual({ width: size, height: size, colourType: 6 });
    const svg = readFileSync(file(`teams/${name}.svg`), 'utf8');
    const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
    expect(Buffer.from(rendered).equals(readFileSync(path))).toBe(true);
  });

  it('draws the outline icon in white only, as Teams asks', () => {
    const colours = readFileSync(file('teams/outline.svg'), 'utf8').match(/(?:fill|stroke)="([^"]+)"/g) ?? [];
    expect(new Set(colours.map((c) => c.replace(/^(fill|stroke)=/, '')))).toEqual(new Set(['"none"', '"#ffffff"']));
  });
});
