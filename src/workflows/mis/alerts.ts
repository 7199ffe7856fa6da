// What the school's admin channel (channels.admin, else the attendance channel) is told about the register
// feed: once when syncs start failing (at once for a failure someone must fix, after a grace period for one
// that may pass by itself), once when they work again; and each write-back the MIS refused, to the person who gave the reason. Keys make every message once-only.
import { context, header, message } from '../../chat/index.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import type { AppServices } from '../../core/workflow.js';
import type { Db } from '../../jobs/index.js';
import type { WriteBackDone } from '../../mis/writeback.js';
import { localTimeOf } from '../../rules/local-time.js';

/** A failure that may clear by itself (429, 5xx) is told only once it has lasted this long. */
export const OUTAGE_GRACE_MS = 10 * 60_000;

const outageKey = (schoolId: string, since: Date) => `mis-outage:${schoolId}:${since.toISOString()}`;

export async function tellOutage(tx: Db, services: AppServices, school: SchoolWithPolicy, since: Date, error: string, retryable: boolean, now: Date): Promise<boolean> {
  if (retryable && now.getTime() - since.getTime() < OUTAGE_GRACE_MS) return false;
  const title = 'Register data is not arriving from the MIS';
  const why = retryable ? 'Rollcall keeps trying.' : 'This needs someone to act: Rollcall keeps trying, but it will not clear by itself.';
  await services.notify.post(tx, {
    school, channel: 'admin', key: outageKey(school.id, since),
    message: message(title, header(title), context(`Since ${localTimeOf(since, school.timezone)}: ${error}. ${why} Lists and reminders use the register as it was before; \`rollcall mis status\` shows more.`)),
  });
  return true;
}

/** Told only when the outage was told. */
export async function tellRecovery(tx: Db, services: AppServices, school: SchoolWithPolicy, since: Date, now: Date): Promise<boolean> {
  const told = await tx.outboxMessage.findFirst({ where: { key: { endsWith: outageKey(school.id, since) } }, select: { id: true } });
  if (!told) return false;
  const title = 'Register data is arriving from the MIS again';
  await services.notify.post(tx, {
    school, channel: 'admin', key: `mis-recovered:${school.id}:${since.toISOString()}`,
    message: message(title, header(title), context(`The MIS connection works again (down from ${localTimeOf(since, school.timezone)} to ${localTimeOf(now, school.timezone)}). The lists are up to date with the register.`)),
  });
  return true;
}

export async function tellRefusal(tx: Db, services: AppServices, school: SchoolWithPolicy, w: WriteBackDone, staffId: string | null): Promise<void> {
  const title = 'The MIS refused a register change';
  await services.notify.direct(tx, {
    school, key: `mis-writeback-refused:${w.id}`, ...(staffId ? { staffIds: [staffId] } : { roles: school.policy.roles.duties.resolveNCodes }),
    message: message(title, header(title), context(`Your reason (${w.code}) for the ${w.session} session on ${w.date} is recorded in Rollcall, but the MIS refused it: ${w.detail ?? 'no reason given'}. Enter it in the MIS by hand (the amendments export lists it).`)),
  });
}
