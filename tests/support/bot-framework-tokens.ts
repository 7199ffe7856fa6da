// Both directions of Bot Framework authentication, played locally for the fake Bot Connector:
//  - inbound: the channel's signing key (published as a JWKS) and channel tokens as Teams sends them in
//    the Authorization header, plus the ways a token can be wrong (another audience, issuer or
//    serviceUrl, expired, HS256 or "none", a key nobody published);
//  - outbound: a fake Microsoft Entra token endpoint (client credentials for one single-tenant bot
//    registration) whose tokens the fake connector then requires on every call.
// MSAL (inside the Teams SDK) insists on https authorities and calls Entra through global fetch, so
// `routeEntraTo` gives tests a fetch that sends login.microsoftonline.com to the fake over http.

import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
const KEY_ID = 'fake-connector-key';

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

export interface ChannelTokenClaims {
  appId: string;
  /** Default: the app id. */
  audience?: string;
  serviceUrl: string;
  /** Seconds from now; negative for a token that has already expired. */
  expiresInSec?: number;
  issuer?: string;
  /** RS256 is the only one the Bot Framework uses; the others are forgeries. */
  alg?: 'RS256' | 'HS256' | 'none';
  /** Signed with a key of the same id that the JWKS does not publish. */
  unpublishedKey?: boolean;
  /** Extra claims, e.g. a `tid`. */
  extra?: Record<string, string>;
}

export class ChannelTokens {
  private keys?: { privateKey: KeyObject; publicPem: string; jwk: Record<string, unknown> };
  private stranger?: KeyObject;

  /** Made on first use: most tests never sign anything. */
  private signing() {
    if (!this.keys) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const exported = publicKey.export({ format: 'jwk' });
      const publicPem = String(publicKey.export({ format: 'pem', type: 'spki' }));
      this.keys = { privateKey, publicPem, jwk: { kty: 'RSA', use: 'sig', kid: KEY_ID, n: exported.n ?? '', e: exported.e ?? '', endorsements: ['msteams'] } };
    }
    return this.keys;
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [this.signing().jwk] };
  }

  sign(claims: ChannelTokenClaims): string {
    const now = Math.floor(Date.now() / 1000);
    const alg = claims.alg ?? 'RS256';
    const header = base64url(JSON.stringify({ alg, typ: 'JWT', kid: KEY_ID }));
    const payload = base64url(
      JSON.stringify({
        iss: claims.issuer ?? BOT_FRAMEWORK_ISSUER,
        aud: claims.audience ?? claims.appId,
        serviceurl: claims.serviceUrl,
        nbf: now - 60,
        iat: now - 60,
        exp: now + (claims.expiresInSec ?? 3600),
        ...claims.extra,
      }),
    );
    const input = Buffer.from(`${header}.${payload}`);
    if (alg === 'none') return `${header}.${payload}.`;
    // The classic algorithm-confusion forgery: an HMAC keyed with the published public key.
    if (alg === 'HS256') return `${header}.${payload}.${base64url(createHmac('sha256', this.signing().publicPem).update(input).digest())}`;
    const key = claims.unpublishedKey ? (this.stranger ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) : this.signing().privateKey;
    return `${header}.${payload}.${base64url(sign('RSA-SHA256', input, key))}`;
  }
}

/** A single-tenant Azure Bot's registration, as Entra knows it. */
export interface BotRegistration {
  appId: string;
  secret: string;
  tenantId: string;
}

export interface TokenRequest {
  tenant: string;
  clientId: string;
  scope: string;
  grantType: string;
}

/** Entra's client-credentials endpoint for one registration, and the tokens it has issued. */
export class FakeEntra {
  readonly requests: TokenRequest[] = [];
  private readonly issued = new Map<string, number>();

  constructor(readonly registration: BotRegistration) {}

  /** POST /{tenant}/oauth2/v2.0/token (form body), answered as Entra would. */
  token(tenant: string, form: URLSearchParams, lifetimeSec = 3599): { status: number; body: Record<string, unknown> } {
    const request = { tenant, clientId: form.get('client_id') ?? '', scope: form.get('scope') ?? '', grantType: form.get('grant_type') ?? '' };
    this.requests.push(request);
    const r = this.registration;
    if (request.grantType !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (tenant !== r.tenantId) return { status: 400, body: { error: 'invalid_request', error_description: 'AADSTS90002: Tenant not found.' } };
    if (request.clientId !== r.appId || form.get('client_secret') !== r.secret) return { status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } };
    if (request.scope !== BOT_FRAMEWORK_SCOPE) return { status: 400, body: { error: 'invalid_scope' } };
    const exp = Math.floor(Date.now() / 1000) + lifetimeSec;
    const payload = { aud: BOT_FRAMEWORK_ISSUER, iss: `https://login.microsoftonline.com/${tenant}/v2.0`, appid: r.appId, tid: tenant, exp, jti: randomUUID() };
    const token = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}.${base64url('entra')}`;
    this.issued.set(token, exp);
    return { status: 200, body: { token_type: 'Bearer', expires_in: lifetimeSec, ext_expires_in: lifetimeSec, access_token: token } };
  }

  /** Whether an Authorization header carries a live token this Entra issued. */
  accepts(authorization: string | undefined): boolean {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
    const exp = token === undefined ? undefined : this.issued.get(token);
    return exp !== undefined && exp > Date.now() / 1000;
  }
}

export const ENTRA_LOGIN = 'https://login.microsoftonline.com';

/** A fetch that sends Entra's login host to `origin` + "/login" (everything else goes where it was going). */
export function routeEntraTo(origin: string, fetchImpl: typeof fetch = globalThis.fetch): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return url.startsWith(`${ENTRA_LOGIN}/`) ? fetchImpl(`${origin}/login/${url.slice(ENTRA_LOGIN.length + 1)}`, init) : fetchImpl(input, init);
  };
}
