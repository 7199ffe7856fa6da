// A form (modal) travels inside its card's Action.Execute data and comes back from the Teams client
// on submit, unlike a Slack modal that Slack keeps server-side. Its private metadata (a case id) must
// not be editable on the way, so the carried form is signed (HMAC-SHA256 over canonical JSON) and a
// submit whose form does not match its signature is refused.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class FormSigner {
  private readonly key: Buffer;

  /** Without a key, one is made per process: forms posted before a restart then ask to be reopened. */
  constructor(key?: string) {
    this.key = key ? Buffer.from(key, 'utf8') : randomBytes(32);
  }

  sign(form: unknown): string {
    return createHmac('sha256', this.key).update(canonical(form)).digest('base64url');
  }

  verify(form: unknown, signature: unknown): boolean {
    if (typeof signature !== 'string') return false;
    const expected = Buffer.from(this.sign(form));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
