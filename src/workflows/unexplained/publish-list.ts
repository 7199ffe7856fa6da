// Puts a session's list in the attendance channel: the first time as a post, afterwards as an in-place
// update of the same logical message (messageKey), always inside the transaction of the change it shows.
import type { AppServices } from '../../core/workflow.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import type { Prisma } from '../../db/generated/client.js';
import { toDbDate } from '../../register/db-dates.js';
import type { IsoDate, Session } from '../../rules/types.js';
import { byConcern, contactView, loadCaseViews, type ContactView } from './case-views.js';
import { listMessageKey } from './keys.js';
import { listMessage, type RegisterState } from './list-message.js';
import { queryIn, sessionCompleteness } from '../../register/completeness.js';
import { freshness, registerReceivedAt, staleAfterMinutes } from '../../register/register-feed.js';

type Tx = Prisma.TransactionClient;

/**
 * Posts the list, or updates it in place when it was posted before. `cause` names the change being shown
 * (e.g. `claim:<caseId>`): the update's idempotency key, so one change never enqueues two updates.
 */
export async function publishList(tx: Tx, services: AppServices, school: SchoolWithPolicy, date: IsoDate, session: Session, cause: string): Promise<void> {
  const { policy } = school;
  const cases = (await loadCaseViews(tx, policy, { schoolId: school.id, date: toDbDate(date), session })).sort(byConcern);
  const contacts = policy.privacy.contactDetailsIn === 'any' ? await contactsOf(tx, cases.map((c) => c.pupil.id)) : undefined;
  const register = await registerState(tx, school, date, session, services.clock.now());
  const content = listMessage(policy, date, session, cases, { audience: 'channel', register, ...(contacts ? { contacts } : {}) });
  const messageKey = listMessageKey(school.id, date, session);
  const posted = await tx.outboxMessage.findFirst({ where: { schoolId: school.id, messageKey, op: 'post' }, select: { id: true } });
  if (!posted) {
    await services.notify.post(tx, { school, channel: 'attendance', key: messageKey, messageKey, message: content });
  } else {
    await services.notify.update(tx, { school, channel: 'attendance', key: `${messageKey}:update:${cause}`, messageKey, message: content });
  }
}

/** Updates every list showing one of these cases (a reason can close the AM and the PM case at once). */
export async function refreshLists(
  tx: Tx, services: AppServices, school: SchoolWithPolicy, sessions: readonly { date: IsoDate; session: Session }[], cause: string,
): Promise<void> {
  const seen = new Set<string>();
  for (const { date, session } of sessions) {
    const key = `${date}:${session}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await publishList(tx, services, school, date, session, cause);
  }
}

/** Which registers are taken and how fresh the data is, read in the caller's transaction. */
export async function registerState(tx: Tx, school: SchoolWithPolicy, date: IsoDate, session: Session, now: Date): Promise<RegisterState> {
  const completeness = await sessionCompleteness(queryIn(tx), school.id, date, session);
  const received = await registerReceivedAt(tx, school.id);
  return { completeness, freshness: freshness(received, now, school.timezone, staleAfterMinutes(school.policy)).text };
}

async function contactsOf(tx: Tx, pupilIds: string[]): Promise<Map<string, ContactView[]>> {
  const rows = await tx.emergencyContact.findMany({ where: { pupilId: { in: pupilIds } }, orderBy: { priority: 'asc' } });
  const byPupil = new Map<string, ContactView[]>();
  for (const r of rows) byPupil.set(r.pupilId, [...(byPupil.get(r.pupilId) ?? []), contactView(r)]);
  return byPupil;
}
