// Who may call /api/messages, and with what the bot calls back. Production is a single-tenant Azure Bot:
// the Teams SDK checks every inbound Bot Framework token (RS256 only, signed by a key the Bot Framework
// publishes, issuer https://api.botframework.com, audience this app id, not expired beyond 5 minutes of
// clock skew, serviceurl claim = the activity's serviceUrl); its JWKS client caches the keys. Bot
// Framework tokens name no tenant, so Rollcall adds the tenant check on the activity the token vouches
// for: an activity from any other tenant is refused like a bad token. Outgoing calls carry a token the
// SDK gets from Microsoft Entra (client credentials at login.microsoftonline.com/<tenant>, cached by
// MSAL). Dev mode switches inbound checks off and must be asked for by name.

import { PUBLIC, withOverrides, type CloudEnvironment } from '@microsoft/teams.api';
import { RollcallError } from '../../errors/rollcall-error.js';
import { DEV_MODE_WITH_APP_ID } from './config.js';

export type TeamsMode = 'production' | 'dev';

export interface TeamsAuthOptions {
  /** The Azure Bot's Microsoft App ID. Set: production, inbound JWTs required. */
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  /** Run without inbound authentication (local testing only). Refused together with an appId. */
  devMode?: boolean;
  /** Where the Bot Framework publishes its OpenID metadata; the signing keys are read from its
   * sibling `.../keys` (default: the public cloud's; tests point it at a fake). Production only. */
  openIdMetadataUrl?: string;
}

export function teamsMode(o: TeamsAuthOptions): TeamsMode {
  if (o.appId) {
    if (o.devMode) throw new RollcallError('INVALID_INPUT', DEV_MODE_WITH_APP_ID);
    if (!o.appPassword) throw new RollcallError('INVALID_INPUT', 'TEAMS_APP_PASSWORD is required with TEAMS_APP_ID');
    if (!o.tenantId) throw new RollcallError('INVALID_INPUT', 'TEAMS_TENANT_ID is required with TEAMS_APP_ID (single-tenant bots only)');
    return 'production';
  }
  if (!o.devMode) throw new RollcallError('INVALID_INPUT', 'TEAMS_APP_ID is not set: set it (production), or ROLLCALL_TEAMS_DEV_MODE=1 to run without authentication locally');
  return 'dev';
}

export function cloudFor(o: TeamsAuthOptions): CloudEnvironment {
  return o.openIdMetadataUrl ? withOverrides(PUBLIC, { openIdMetadataUrl: o.openIdMetadataUrl }) : PUBLIC;
}

/**
 * The SDK's App settings for this mode. Every setting is passed explicitly (an empty client id in dev
 * mode), so the SDK's own environment variables (CLIENT_ID, CLIENT_SECRET, TENANT_ID, CLOUD,
 * DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS) can never change how Rollcall authenticates.
 */
export function sdkCredentials(o: TeamsAuthOptions, mode: TeamsMode) {
  if (mode === 'dev') return { clientId: '', dangerouslyAllowUnauthenticatedRequests: true, cloud: PUBLIC } as const;
  return {
    clientId: o.appId ?? '',
    clientSecret: o.appPassword ?? '',
    tenantId: o.tenantId ?? '',
    dangerouslyAllowUnauthenticatedRequests: false,
    cloud: cloudFor(o),
  } as const;
}

function text(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object' || !(key in value)) return undefined;
  const found: unknown = (value as Record<string, unknown>)[key];
  return typeof found === 'string' && found !== '' ? found : undefined;
}

/** The tenant an activity comes from: channelData.tenant.id, else conversation.tenantId. */
export function activityTenant(body: unknown): string | undefined {
  const channelData: unknown = body !== null && typeof body === 'object' && 'channelData' in body ? body.channelData : undefined;
  const tenant: unknown = channelData !== null && typeof channelData === 'object' && 'tenant' in channelData ? channelData.tenant : undefined;
  const conversation: unknown = body !== null && typeof body === 'object' && 'conversation' in body ? body.conversation : undefined;
  return text(tenant, 'id') ?? text(conversation, 'tenantId');
}

/** Why an authenticated activity is still refused (its tenant is not the bot's), or undefined. */
export function tenantRefusal(body: unknown, tenantId: string): string | undefined {
  const from = activityTenant(body);
  if (from === undefined) return 'activity names no tenant';
  return from.toLowerCase() === tenantId.toLowerCase() ? undefined : 'activity from another tenant';
}
