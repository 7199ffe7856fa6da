// The register-close job: at the AM close (and again after the PM close) each school posts that session's
// unexplained absences. Cases are opened idempotently with their ladder timers in the same transaction as
// the post, so re-running an occurrence adds nothing. Only pupils coded N, or left unmarked in a class
// register that was taken, get a case: a class whose register is not taken yet is listed apart (with its
// teachers), and a session with no marks at all posts "no register data yet" and opens nothing. As
// registers arrive the same run refreshes the list in place: new cases for the new registers, cases the
// register now explains closed.
import type { AppServices } from '../../core/workflow.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import type { Prisma } from '../../db/generated/client.js';
import { toDbDate } from '../../register/db-dates.js';
import { freshness, registerReceivedAt, staleAfterMinutes } from '../../register/register-feed.js';
import { localDateOf, localTimeOf } from '../../rules/local-time.js';
import { calendarOf, type IsoDate, type Session } from '../../rules/index.js';
import { context, header, message } from '../../chat/index.js';
import { openCases } from './cases.js';
import { dayLabel } from './list-message.js';
import { publishList } from './publish-list.js';
import { closeCase } from './resolve.js';
import { sessionRows } from './session-rows.js';

export interface SessionCloseResult {
  date: IsoDate;
  session: Session;
  /** False on a day without that session (weekend, holiday, closure). */
  held: boolean;
  listed: number;
  opened: number;
  /** Open cases the register now explains (a late register, a mark changed in the MIS). */
  closed: number;
}

export interface SessionCloseOptions {
  /** Set when registers arrived after the close: names the list update (its idempotency key). */
  refresh?: string;
}

export async function runSessionClose(
  services: AppServices, schoolId: string, session: Session, occurrence: Date, options: SessionCloseOptions = {},
): Promise<SessionCloseResult> {
  const school = await services.school(schoolId);
  const date = localDateOf(occurrence, school.timezone);
  if (!calendarOf(school.policy.calendar).sessionsOn(date).includes(session)) return { date, session, held: false, listed: 0, opened: 0, closed: 0 };
  const rows = await sessionRows(services.db.sql, school.id, school.policy, date, session);
  const now = services.clock.now();
  return services.db.prisma.$transaction(
    async (tx) => {
      const ids = await openCases(tx, services.timers, school.policy, school.id, rows, now, occurrence);
      const closed = await closeExplainedCases(tx, services, school, date, session, now);
      await publishList(tx, services, school, date, session, options.refresh ?? `close:${occurrence.toISOString()}`);
      if (!options.refresh) await tellIfStale(tx, services, school, date, session, now);
      return { date, session, held: true, listed: rows.length, opened: ids.length, closed };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

async function closeExplainedCases(tx: Prisma.TransactionClient, services: AppServices, school: SchoolWithPolicy, date: IsoDate, session: Session, now: Date): Promise<number> {
  const day = toDbDate(date);
  const explained = await tx.unexplainedAbsence.findMany({
    where: { schoolId: school.id, date: day, session, status: 'open', pupil: { marks: { some: { date: day, session, code: { notIn: ['N', '-'] } } } } },
    select: { id: true, pupil: { select: { marks: { where: { date: day, session }, select: { code: true } } } } },
  });
  for (const c of explained) {
    await closeCase(tx, {
      schoolId: school.id, caseId: c.id, session, code: c.pupil.marks[0]!.code, note: null, policy: school.policy, timers: services.timers, now, by: 'register', audit: { actor: 'system' },
    });
  }
  return explained.length;
}

/** At register close, data older than the policy allows is told to the first-day callers once (the list says it too). */
async function tellIfStale(tx: Prisma.TransactionClient, services: AppServices, school: SchoolWithPolicy, date: IsoDate, session: Session, now: Date): Promise<void> {
  const received = await registerReceivedAt(tx, school.id);
  const fresh = freshness(received, now, school.timezone, staleAfterMinutes(school.policy));
  if (!fresh.stale) return;
  const since = received ? `since ${localTimeOf(received, school.timezone)}` : 'at all';
  const title = `Register data is stale at the ${session} close`;
  await services.notify.direct(tx, {
    school, key: `register-stale:${school.id}:${date}:${session}`, roles: school.policy.roles.duties.firstDayCalling,
    message: message(title, header(title), context(`No register data has arrived from the MIS ${since}. The ${session} list for ${dayLabel(date)} may be missing marks; it updates itself when data arrives. Check \`rollcall mis status\` or the MIS connection.`)),
  });
}

