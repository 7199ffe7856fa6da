// What Rollcall says when its own messages are in trouble. A message held because Rollcall is not yet
// where it must post: the school's admins are told once per school and platform what to do, on stderr
// and by direct message on each platform the school is on (a direct message that cannot go yet either
// waits too, so it is worded to stay true when it arrives late). A message that dies: one log line with
// its code and reference (never its content: it may name a child); so does a safeguarding message the
// platform refused, which is kept and tried again.
import { context, header, message, platformName, text } from '../chat/model.js';
import type { DeliveryLog } from '../chat/port.js';
import type { OutboxMessage } from '../db/generated/client.js';
import type { ClassifiedError, Db } from '../jobs/index.js';
import type { Notifier } from './notifier.js';
import type { SchoolWithPolicy } from '../register/schools.js';
import { ADMIN_ROLES } from '../policy/roles.js';


export interface DeliveryNoticeDeps {
  prisma: { $transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> };
  notify: Notifier;
  deliveryLog: DeliveryLog;
  school(id: string): Promise<SchoolWithPolicy>;
  /** Where operators look: stderr by default. */
  log?: (line: string) => void;
}

/** Everything after the cause code, which is the port's hint for an admin (it names no person). */
function hintOf(lastError: string): string {
  const hint = lastError.replace(/^held: /, '').replace(/^[a-z_0-9]+: /, '');
  return hint.replace(/^NotConnectedYet: /, '');
}

export function createDeliveryNotices(deps: DeliveryNoticeDeps) {
  const log = deps.log ?? ((line: string) => console.error(line));

  async function held(row: OutboxMessage, verdict: ClassifiedError, lastError: string): Promise<void> {
    const reason = verdict.reason ?? 'held';
    if (!(await deps.deliveryLog.firstTime(`held-notice:${row.schoolId}:${row.platform}`))) return;
    const school = await deps.school(row.schoolId);
    const where = platformName(row.platform);
    const hint = hintOf(lastError);
    log(`[rollcall] ${school.slug}: messages for ${where} are waiting (${reason}): ${hint}. They are sent as soon as Rollcall can post there.`);
    await deps.prisma.$transaction((tx) =>
      deps.notify.direct(tx, {
        school,
        key: `held-notice:${row.platform}`,
        roles: ADMIN_ROLES,
        message: message(
          `Rollcall could not post in ${where}`,
          header(`Rollcall could not post in ${where}`),
          text(`Messages for ${school.name} had to wait: ${hint}.`),
          context('They are kept and sent as soon as Rollcall can post there. You are told this once.'),
        ),
      }),
    );
  }

  function dead(row: OutboxMessage, verdict: ClassifiedError): void {
    log(`[rollcall] outbox message ${row.id} (${row.platform} ${row.op}, school ${row.schoolId}) gave up after ${row.attempts} attempt(s): ${verdict.reason ?? 'unknown'}`);
  }

  function refused(row: OutboxMessage, verdict: ClassifiedError): void {
    log(`[rollcall] outbox message ${row.id} (${row.platform} ${row.op}, school ${row.schoolId}) was refused: ${verdict.reason ?? 'unknown'}; kept and tried again every few minutes while its incident is open`);
  }

  return { held, dead, refused };
}
