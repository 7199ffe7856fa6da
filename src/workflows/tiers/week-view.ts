// Everything stored about one computed week, read back to build its post: the week's snapshots and the
// previous ones, the tasks the run created or closed, and the triggers it recorded. The post is always
// built from this, on the first run and on any re-creation, so a past week's post comes out the same
// (with task states as they are now). Reads through a query function so it works inside the run's
// transaction (tx.$queryRawUnsafe) or outside it (the SQL driver).

import type { SqlDriver } from '../../db/client.js';
import type { Prisma } from '../../db/generated/client.js';
import type { IsoDate } from '../../rules/index.js';
import type { PupilName } from './labels.js';
import { TIER_ACTION, TIER_DECISION, TIER_MONITORING, type DecisionTaskData, type TierTaskData } from './plan-types.js';
import type { StoredSnapshot } from './store-read.js';
import { readDecisionData, readHitDetail, readMetrics, readTierTaskData, type HitDetail } from './stored-json.js';
import type { WeekMarker } from './store-write.js';

export type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

export function driverQuery(sql: SqlDriver): Query {
  return <T>(text: string, params: unknown[]) => sql.query<T>(text, params);
}

export function txQuery(tx: Prisma.TransactionClient): Query {
  return <T>(text: string, params: unknown[]) => tx.$queryRawUnsafe<T[]>(text, ...params);
}

export interface ViewTask {
  id: string;
  key: string;
  kind: string;
  title: string;
  ownerRole: string | null;
  status: string;
  pupilId: string;
  tier: TierTaskData | null;
  decision: DecisionTaskData | null;
}

export interface ViewHit {
  pupilId: string;
  kind: string;
  periodKey: string;
  firstMetOn: IsoDate;
  detail: HitDetail;
  task: ViewTask | undefined;
}

export interface WeekView {
  weekStart: IsoDate;
  asOf: IsoDate;
  previousWeek: IsoDate | null;
  current: Map<string, StoredSnapshot>;
  previous: Map<string, StoredSnapshot>;
  pupils: Map<string, PupilName>;
  tasks: ViewTask[];
  hits: ViewHit[];
}

interface SnapshotRow extends PupilName {
  pupilId: string;
  tier: string | null;
  rule: string | null;
  metrics: unknown;
}

async function snapshotsOf(q: Query, schoolId: string, week: IsoDate): Promise<SnapshotRow[]> {
  return q<SnapshotRow>(
    `SELECT s."pupilId", s.tier, s.rule, s.metrics, p."firstName", p."lastName", p."preferredName", p."className", p."yearGroup"
       FROM "TierSnapshot" s JOIN "Pupil" p ON p.id = s."pupilId"
      WHERE s."schoolId" = $1 AND s."weekStart" = $2::date`,
    [schoolId, week],
  );
}

export async function loadWeekView(q: Query, schoolId: string, weekStart: IsoDate, marker: WeekMarker): Promise<WeekView> {
  const pupils = new Map<string, PupilName>();
  const toMap = (rows: SnapshotRow[]) => {
    const map = new Map<string, StoredSnapshot>();
    for (const r of rows) {
      map.set(r.pupilId, { tier: r.tier, rule: r.rule ?? '', metrics: readMetrics(r.metrics) });
      pupils.set(r.pupilId, { firstName: r.firstName, lastName: r.lastName, preferredName: r.preferredName, className: r.className, yearGroup: r.yearGroup });
    }
    return map;
  };
  const previous = toMap(marker.previousWeek ? await snapshotsOf(q, schoolId, marker.previousWeek) : []);
  const current = toMap(await snapshotsOf(q, schoolId, weekStart));

  const taskRows = await q<{ id: string; key: string; kind: string; title: string; ownerRole: string | null; status: string; pupilId: string; data: unknown }>(
    `SELECT id, key, kind, title, "ownerRole", status, "pupilId", data FROM "Task"
      WHERE "schoolId" = $1 AND kind IN ($2, $3, $4) AND "pupilId" IS NOT NULL
        AND (data->>'weekStart' = $5 OR data->>'closedWeek' = $5)
      ORDER BY "createdAt", kind, key`,
    [schoolId, TIER_ACTION, TIER_MONITORING, TIER_DECISION, weekStart],
  );
  const tasks: ViewTask[] = taskRows.map((r) => ({
    id: r.id, key: r.key, kind: r.kind, title: r.title, ownerRole: r.ownerRole, status: r.status, pupilId: r.pupilId,
    tier: r.kind === TIER_DECISION ? null : readTierTaskData(r.data),
    decision: r.kind === TIER_DECISION ? readDecisionData(r.data) : null,
  }));
  const byKey = new Map(tasks.map((t) => [t.key, t]));

  const hitRows = await q<{ pupilId: string; kind: string; periodKey: string; firstMetOn: string; detail: unknown }>(
    `SELECT "pupilId", kind, "periodKey", to_char("firstMetOn", 'YYYY-MM-DD') AS "firstMetOn", detail FROM "TriggerHit"
      WHERE "schoolId" = $1 AND detail->>'weekStart' = $2 ORDER BY "firstMetOn", kind`,
    [schoolId, weekStart],
  );
  const hits: ViewHit[] = [];
  for (const r of hitRows) {
    const detail = readHitDetail(r.detail);
    if (!detail) continue;
    hits.push({ ...r, detail, task: byKey.get(`trigger:${r.pupilId}:${r.kind}:${r.periodKey}`) });
  }
  await addMissingPupils(q, pupils, [...tasks.map((t) => t.pupilId), ...hits.map((h) => h.pupilId)]);
  return { weekStart, asOf: marker.asOf, previousWeek: marker.previousWeek, current, previous, pupils, tasks, hits };
}

async function addMissingPupils(q: Query, pupils: Map<string, PupilName>, ids: string[]): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !pupils.has(id));
  if (missing.length === 0) return;
  const rows = await q<PupilName & { id: string }>(
    `SELECT id, "firstName", "lastName", "preferredName", "className", "yearGroup" FROM "Pupil" WHERE id = ANY($1::text[])`,
    [missing],
  );
  for (const r of rows) pupils.set(r.id, r);
}
