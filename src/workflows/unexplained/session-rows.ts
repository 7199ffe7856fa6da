// The unexplained absences of one register session, computed from the register as it stands: the roll on
// the date and enough marks before it to count the current absence run. Runs outside any transaction
// (it reads through the SQL driver, which on PGlite shares the one session a transaction would hold).
import type { SqlDriver } from '../../db/client.js';
import type { Policy } from '../../policy/schema.js';
import { sessionCompleteness } from '../../register/completeness.js';
import { loadMarks, loadRoll } from '../../reports/load-register.js';
import { addDays, calendarOf, type IsoDate, type Session } from '../../rules/index.js';
import { unexplainedFor, type UnexplainedRow } from './morning-list.js';

/** How far back runs are counted: a whole autumn term plus the summer holiday. */
export const RUN_LOOKBACK_DAYS = 150;

export async function sessionRows(sql: SqlDriver, schoolId: string, policy: Policy, date: IsoDate, session: Session): Promise<UnexplainedRow[]> {
  const calendar = calendarOf(policy.calendar);
  if (!calendar.sessionsOn(date).includes(session)) return [];
  const roll = await loadRoll(sql, schoolId, date);
  // Only pupils coded N or with no mark for the session can be listed: load history for them alone, so a
  // large school's list costs what its absentees cost, not what its whole register costs.
  const marked = await sql.query<{ pupilId: string }>(
    `SELECT "pupilId" FROM "SessionMark" WHERE "schoolId" = $1 AND date = $2::date AND session = $3 AND code NOT IN ('N', '-')`,
    [schoolId, date, session],
  );
  const present = new Set(marked.map((m) => m.pupilId));
  // A pupil whose class register is not taken yet is not absent: only pupils of taken registers are listed.
  const { taken } = await sessionCompleteness(sql.query.bind(sql), schoolId, date, session);
  const candidates = roll.filter((p) => !present.has(p.id) && taken.has(p.className));
  const marks = await loadMarks(sql, schoolId, addDays(date, -RUN_LOOKBACK_DAYS), date, candidates.map((p) => p.id));
  return unexplainedFor(policy, calendar, candidates.map((pupil) => ({ pupil, marks: marks.get(pupil.id) ?? [] })), date, session);
}
