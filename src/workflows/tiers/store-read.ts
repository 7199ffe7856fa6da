// What the weekly tier run reads before deciding anything: the previous snapshot, the tier work already
// recorded, the latest trigger hits and dates of birth. All through the raw SQL driver, before the write
// transaction opens (PGlite has one session: no reads on the side while a Prisma transaction is open).

import type { SqlDriver } from '../../db/client.js';
import type { IsoDate } from '../../rules/index.js';
import { TIER_ACTION, TIER_MONITORING, type ExistingTierTask, type SnapshotMetrics } from './plan-types.js';
import { readMetrics, readTierTaskData } from './stored-json.js';

export interface StoredSnapshot {
  tier: string | null;
  rule: string;
  metrics: SnapshotMetrics | null;
}

/** The latest week before `weekStart` with stored snapshots. */
export async function previousSnapshotWeek(sql: SqlDriver, schoolId: string, weekStart: IsoDate): Promise<IsoDate | null> {
  const rows = await sql.query<{ week: string | null }>(
    `SELECT to_char(max("weekStart"), 'YYYY-MM-DD') AS week FROM "TierSnapshot" WHERE "schoolId" = $1 AND "weekStart" < $2::date`,
    [schoolId, weekStart],
  );
  return rows[0]?.week ?? null;
}

export async function loadSnapshots(sql: SqlDriver, schoolId: string, weekStart: IsoDate): Promise<Map<string, StoredSnapshot>> {
  const rows = await sql.query<{ pupilId: string; tier: string | null; rule: string | null; metrics: unknown }>(
    `SELECT "pupilId", tier, rule, metrics FROM "TierSnapshot" WHERE "schoolId" = $1 AND "weekStart" = $2::date`,
    [schoolId, weekStart],
  );
  return new Map(rows.map((r) => [r.pupilId, { tier: r.tier, rule: r.rule ?? '', metrics: readMetrics(r.metrics) }]));
}

/** Open tier actions and monitoring periods, plus every one (done too) of each pupil's episode at `previousWeek`. */
export async function loadTierTasks(sql: SqlDriver, schoolId: string, previousWeek: IsoDate | null): Promise<Map<string, ExistingTierTask[]>> {
  const rows = await sql.query<{ id: string; key: string; kind: string; pupilId: string; status: string; data: unknown }>(
    `SELECT t.id, t.key, t.kind, t."pupilId", t.status, t.data
       FROM "Task" t
      WHERE t."schoolId" = $1 AND t.kind IN ($2, $3) AND t."pupilId" IS NOT NULL
        AND (t.status = 'open' OR EXISTS (
              SELECT 1 FROM "TierSnapshot" s
               WHERE s."pupilId" = t."pupilId" AND s."weekStart" = $4::date
                 AND s.metrics->>'episodeStart' = t.data->>'episodeStart'))`,
    [schoolId, TIER_ACTION, TIER_MONITORING, previousWeek ?? '0001-01-01'],
  );
  const byPupil = new Map<string, ExistingTierTask[]>();
  for (const r of rows) {
    const data = readTierTaskData(r.data);
    if (!data) continue;
    const kind = r.kind === TIER_MONITORING ? TIER_MONITORING : TIER_ACTION;
    const status = r.status === 'done' || r.status === 'cancelled' ? r.status : 'open';
    const list = byPupil.get(r.pupilId) ?? [];
    list.push({ id: r.id, key: r.key, kind, pupilId: r.pupilId, status, data });
    byPupil.set(r.pupilId, list);
  }
  return byPupil;
}

/** pupilId -> trigger kind -> latest firstMetOn, from hits recorded by runs of earlier weeks. */
export async function loadLastHits(sql: SqlDriver, schoolId: string, weekStart: IsoDate): Promise<Map<string, Map<string, IsoDate>>> {
  const rows = await sql.query<{ pupilId: string; kind: string; metOn: string }>(
    `SELECT "pupilId", kind, to_char(max("firstMetOn"), 'YYYY-MM-DD') AS "metOn"
       FROM "TriggerHit"
      WHERE "schoolId" = $1 AND coalesce(detail->>'weekStart', '0000-00-00') < $2
      GROUP BY "pupilId", kind`,
    [schoolId, weekStart],
  );
  const out = new Map<string, Map<string, IsoDate>>();
  for (const r of rows) {
    const kinds = out.get(r.pupilId) ?? new Map<string, IsoDate>();
    kinds.set(r.kind, r.metOn);
    out.set(r.pupilId, kinds);
  }
  return out;
}

export async function loadDatesOfBirth(sql: SqlDriver, schoolId: string): Promise<Map<string, IsoDate | null>> {
  const rows = await sql.query<{ id: string; dob: string | null }>(
    `SELECT id, to_char("dateOfBirth", 'YYYY-MM-DD') AS dob FROM "Pupil" WHERE "schoolId" = $1`,
    [schoolId],
  );
  return new Map(rows.map((r) => [r.id, r.dob]));
}

/** 'pupilId|kind|periodKey' of every trigger hit recorded for the school. */
export async function loadKnownHits(sql: SqlDriver, schoolId: string): Promise<Set<string>> {
  const rows = await sql.query<{ k: string }>(
    `SELECT "pupilId" || '|' || kind || '|' || "periodKey" AS k FROM "TriggerHit" WHERE "schoolId" = $1`,
    [schoolId],
  );
  return new Set(rows.map((r) => r.k));
}
