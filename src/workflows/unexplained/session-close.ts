// The register-close job: at the AM close (and again after the PM close) each school posts that session's
// unexplained absences. Cases are opened idempotently with their ladder timers in the same transaction as
// the post, so re-running an occurrence adds nothing, and a register completed late adds only new rows.
import type { AppServices } from '../../core/workflow.js';
import { localDateOf } from '../../rules/local-time.js';
import { calendarOf, type IsoDate, type Session } from '../../rules/index.js';
import { openCases } from './cases.js';
import { publishList } from './publish-list.js';
import { sessionRows } from './session-rows.js';

export interface SessionCloseResult {
  date: IsoDate;
  session: Session;
  /** False on a day without that session (weekend, holiday, closure). */
  held: boolean;
  listed: number;
  opened: number;
}

export async function runSessionClose(services: AppServices, schoolId: string, session: Session, occurrence: Date): Promise<SessionCloseResult> {
  const school = await services.school(schoolId);
  const date = localDateOf(occurrence, school.timezone);
  if (!calendarOf(school.policy.calendar).sessionsOn(date).includes(session)) return { date, session, held: false, listed: 0, opened: 0 };
  const rows = await sessionRows(services.db.sql, school.id, school.policy, date, session);
  const now = services.clock.now();
  const opened = await services.db.prisma.$transaction(
    async (tx) => {
      const ids = await openCases(tx, services.timers, school.policy, school.id, rows, now);
      await publishList(tx, services, school, date, session, `close:${occurrence.toISOString()}`);
      return ids.length;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { date, session, held: true, listed: rows.length, opened };
}
