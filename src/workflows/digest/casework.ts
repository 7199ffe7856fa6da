// The digest's casework counts from the database: open first-day cases, missing-pupil incidents reported
// in the week, and actions past their due time (tier actions, decisions and any other Task with an owner;
// monitoring periods are closed by the weekly run, not by people, so they are left out).

import type { SqlDriver } from '../../db/client.js';
import { instantAt } from '../../rules/local-time.js';
import { addDays, type IsoDate } from '../../rules/index.js';
import { TIER_MONITORING } from '../tiers/plan-types.js';
import type { Casework } from './figures.js';

export async function loadCasework(
  sql: SqlDriver,
  options: { schoolId: string; weekStart: IsoDate; asOf: IsoDate; timezone: string; now: Date; nCodes: { open: number; overdue: number } },
): Promise<Casework> {
  const { schoolId, weekStart, asOf, timezone, now } = options;
  const [cases] = await sql.query<{ open: number; oldest: string | null }>(
    `SELECT count(*)::int AS open, to_char(min(date), 'YYYY-MM-DD') AS oldest
       FROM "UnexplainedAbsence" WHERE "schoolId" = $1 AND status = 'open' AND date <= $2::date`,
    [schoolId, asOf],
  );
  const from = instantAt(weekStart, '00:00', timezone).toISOString();
  const to = instantAt(addDays(weekStart, 7), '00:00', timezone).toISOString();
  const [incidents] = await sql.query<{ total: number; open: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'searching')::int AS open
       FROM "MissingPupilIncident" WHERE "schoolId" = $1 AND "reportedAt" >= $2::timestamp(3) AND "reportedAt" < $3::timestamp(3)`,
    [schoolId, from, to],
  );
  const overdue = await sql.query<{ role: string | null; count: number }>(
    `SELECT "ownerRole" AS role, count(*)::int AS count FROM "Task"
      WHERE "schoolId" = $1 AND status = 'open' AND kind <> $2 AND "dueAt" IS NOT NULL AND "dueAt" < $3::timestamp(3)
      GROUP BY "ownerRole" ORDER BY count(*) DESC, "ownerRole"`,
    [schoolId, TIER_MONITORING, now.toISOString()],
  );
  return {
    firstDayOpen: cases?.open ?? 0,
    oldestOpenCase: cases?.oldest ?? null,
    nCodesOpen: options.nCodes.open,
    nCodesOverdue: options.nCodes.overdue,
    incidentsThisWeek: incidents?.total ?? 0,
    incidentsOpen: incidents?.open ?? 0,
    actionsOverdue: overdue.reduce((n, r) => n + r.count, 0),
    actionsOverdueByRole: overdue.map((r) => ({ role: r.role ?? 'no owner', count: r.count })),
  };
}
