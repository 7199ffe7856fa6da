// What the platforms actually accepted of the messages the procedure depends on, for the written report:
// a record says "delivered" only for what Slack or Teams took (OutboxMessage.sentAt), never for what was
// merely queued. `parentAlertAt` is when the alert was raised; this is when, and whether, people got it.
import type { Db } from '../../jobs/index.js';
import { cardKey } from './ids.js';

export interface Delivered {
  /** The thread post: when the first platform accepted it, or why it is still waiting. */
  posted: Date | null;
  waiting: string | null;
  /** Direct messages accepted, of those queued. */
  dmsSent: number;
  dms: number;
}

export interface DeliveryFacts {
  parentAlert?: Delivered;
  policePrompt?: Delivered;
}

const PURPOSES = { parentAlert: 'parent-alert', policePrompt: 'police-prompt' } as const;

export async function loadDeliveryFacts(tx: Db, incidentId: string): Promise<DeliveryFacts> {
  const rows = await tx.outboxMessage.findMany({
    where: { subject: cardKey(incidentId), purpose: { in: Object.values(PURPOSES).flatMap((p) => [p, `${p}-dm`]) } },
    select: { purpose: true, status: true, sentAt: true, lastError: true },
  });
  const facts: DeliveryFacts = {};
  for (const [field, purpose] of Object.entries(PURPOSES) as [keyof DeliveryFacts, string][]) {
    const posts = rows.filter((r) => r.purpose === purpose);
    const dms = rows.filter((r) => r.purpose === `${purpose}-dm`);
    if (posts.length === 0 && dms.length === 0) continue;
    const sent = posts.flatMap((r) => (r.sentAt ? [r.sentAt] : [])).sort((a, b) => a.getTime() - b.getTime());
    const stuck = posts.find((r) => r.status !== 'sent');
    facts[field] = {
      posted: sent[0] ?? null,
      waiting: sent.length > 0 || !stuck ? null : `${stuck.status === 'dead' ? 'failed' : 'not delivered yet'}: ${(stuck.lastError ?? 'queued').replace(/^held: /, '').split(':')[0]}`,
      dmsSent: dms.filter((r) => r.status === 'sent').length,
      dms: dms.length,
    };
  }
  return facts;
}

/** "posted 10:40:03, 2 of 2 direct messages delivered", or why not. */
export function deliveredText(d: Delivered | undefined, time: (at: Date) => string): string {
  if (!d) return 'delivery not recorded';
  const post = d.posted ? `posted ${time(d.posted)}` : `NOT posted (${d.waiting ?? 'not delivered yet'})`;
  return d.dms > 0 ? `${post}; ${d.dmsSent} of ${d.dms} direct messages delivered` : post;
}
