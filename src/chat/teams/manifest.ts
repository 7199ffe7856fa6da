// The Teams app manifest template (manifests/teams/manifest.json) carries two placeholders, in the
// Teams Toolkit's ${{NAME}} style: the bot's app id and the host Teams reaches Rollcall on. Filling
// them is the only step between the template and an app package (manifest.json + the two icons, zipped).

import { RollcallError } from '../../errors/rollcall-error.js';

export const TEAMS_MANIFEST_PLACEHOLDERS = { appId: '${{TEAMS_APP_ID}}', host: '${{ROLLCALL_HOST}}' } as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** The manifest text with the app id (TEAMS_APP_ID) and host (e.g. rollcall.school.example) filled in. */
export function fillTeamsManifest(template: string, values: { appId: string; host: string }): string {
  if (!GUID.test(values.appId)) throw new RollcallError('INVALID_INPUT', 'the app id must be the Azure Bot’s Microsoft App ID (a GUID)');
  if (!HOST.test(values.host)) throw new RollcallError('INVALID_INPUT', 'the host must be a domain name only, like rollcall.school.example (no https://, no path)');
  const filled = template.split(TEAMS_MANIFEST_PLACEHOLDERS.appId).join(values.appId).split(TEAMS_MANIFEST_PLACEHOLDERS.host).join(values.host);
  const left = /\$\{\{[A-Z_]+\}\}/.exec(filled);
  if (left) throw new RollcallError('INVALID_INPUT', `the manifest still has a placeholder: ${left[0]}`);
  return filled;
}
