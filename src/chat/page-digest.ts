// A short digest of what one page of a message shows, kept with the message's reference, so an update
// rewrites only the pages whose content changed: a 92-pupil list on Teams is four cards, and a claim or a
// nudge changes one of them (each rewrite counts against the conversation's rate limit).
import { createHash } from 'node:crypto';

export function pageDigest(page: unknown): string {
  return createHash('sha256').update(JSON.stringify(page)).digest('base64url').slice(0, 16);
}
