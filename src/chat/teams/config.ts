// Whether to run Teams, and how, from the environment. Production is a SingleTenant Azure Bot (app id,
// password, tenant id): inbound requests must carry a Bot Framework JWT. Dev mode turns that check off
// for local testing (Teams Toolkit tunnel, Bot Framework Emulator, tests); it must be asked for by
// name and is refused next to a production app id, so a forgotten variable never opens the endpoint.
//
//   TEAMS_APP_ID              the Azure Bot's Microsoft App ID (a GUID); selects production
//   TEAMS_APP_PASSWORD        its client secret
//   TEAMS_TENANT_ID           the school's (or trust's) Microsoft Entra tenant id
//   ROLLCALL_TEAMS_DEV_MODE   1/true: run without inbound authentication, listening on 127.0.0.1 only

import { z } from 'zod';
import { RollcallError } from '../../errors/rollcall-error.js';

export type TeamsConfig = { mode: 'production'; appId: string; appPassword: string; tenantId: string } | { mode: 'dev' };

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EnvSchema = z.object({
  TEAMS_APP_ID: z.preprocess(blank, z.string().regex(GUID, 'TEAMS_APP_ID must be the bot’s Microsoft App ID (a GUID)').optional()),
  TEAMS_APP_PASSWORD: z.preprocess(blank, z.string().optional()),
  TEAMS_TENANT_ID: z.preprocess(blank, z.string().regex(GUID, 'TEAMS_TENANT_ID must be a tenant id (a GUID)').optional()),
  ROLLCALL_TEAMS_DEV_MODE: z.preprocess(blank, z.enum(['1', 'true', '0', 'false']).optional()),
});

export const DEV_MODE_WITH_APP_ID =
  'ROLLCALL_TEAMS_DEV_MODE turns off inbound authentication and cannot be combined with a production TEAMS_APP_ID: unset one of them';

/** undefined when nothing asks for Teams. */
export function teamsConfigFromEnv(env: Record<string, string | undefined>): TeamsConfig | undefined {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new RollcallError('INVALID_INPUT', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const e = parsed.data;
  const devMode = e.ROLLCALL_TEAMS_DEV_MODE === '1' || e.ROLLCALL_TEAMS_DEV_MODE === 'true';
  if (e.TEAMS_APP_ID === undefined) {
    if (e.TEAMS_APP_PASSWORD !== undefined || e.TEAMS_TENANT_ID !== undefined) {
      throw new RollcallError('INVALID_INPUT', 'TEAMS_APP_ID is missing: set it too, or unset TEAMS_APP_PASSWORD and TEAMS_TENANT_ID');
    }
    return devMode ? { mode: 'dev' } : undefined;
  }
  if (devMode) throw new RollcallError('INVALID_INPUT', DEV_MODE_WITH_APP_ID);
  if (e.TEAMS_APP_PASSWORD === undefined) throw new RollcallError('INVALID_INPUT', 'TEAMS_APP_PASSWORD is required with TEAMS_APP_ID (the Azure Bot’s client secret)');
  if (e.TEAMS_TENANT_ID === undefined) throw new RollcallError('INVALID_INPUT', 'TEAMS_TENANT_ID is required with TEAMS_APP_ID (single-tenant bots only)');
  return { mode: 'production', appId: e.TEAMS_APP_ID, appPassword: e.TEAMS_APP_PASSWORD, tenantId: e.TEAMS_TENANT_ID };
}
