// Writes one week's tier plan in the caller's transaction: snapshots, new tasks, closed tasks, trigger
// hits, one AuditEvent per change, and the week's marker (the AuditEvent that says the week is computed,
// so a re-run rebuilds the post instead of computing again). Every insert skips rows whose unique key
// exists, so two replicas racing on the same week cannot double anything. Bulk SQL (bulk-sql.ts) keeps
// a 1,000-pupil school's week to a handful of statements.

import type { Prisma } from '../../db/generated/client.js';
import type { IsoDate } from '../../rules/index.js';
import { bulkInsert } from './bulk-sql.js';
import { dueInstant } from './due-dates.js';
import type { WeekPlan } from './plan-week.js';

type Tx = Prisma.TransactionClient;

export const WEEK_COMPUTED = 'tiers.week-computed';
export const WEEK_ENTITY = 'TierWeek';

export interface WeekMarker {
  asOf: IsoDate;
  previousWeek: IsoDate | null;
}

export interface WriteWeekInput {
  schoolId: string;
  weekStart: IsoDate;
  marker: WeekMarker;
  plan: WeekPlan;
  timezone: string;
  now: Date;
  actor: string;
}

export interface WriteWeekResult {
  snapshots: number;
  tasksCreated: number;
  tasksClosed: number;
  hitsRecorded: number;
}

const json = (value: unknown) => JSON.stringify(value);

export async function writeWeek(tx: Tx, input: WriteWeekInput): Promise<WriteWeekResult> {
  const { schoolId, weekStart, plan, now, actor } = input;
  const at = now.toISOString();
  const audits: (string | null)[][] = [];
  const audit = (action: string, entityType: string, entityId: string, data: object) =>
    audits.push([schoolId, at, actor, action, entityType, entityId, json(data)]);

  const snapshots = await bulkInsert<{ id: string }>(tx, 'TierSnapshot',
    [{ name: 'schoolId', type: 'text' }, { name: 'pupilId', type: 'text' }, { name: 'weekStart', type: 'date' }, { name: 'tier', type: 'text' }, { name: 'rule', type: 'text' }, { name: 'metrics', type: 'jsonb' }],
    plan.snapshots.map((s) => [schoolId, s.pupilId, weekStart, s.tier, s.rule, json(s.metrics)]),
    'id');

  // Building a time-zone formatter per row is slow; due dates repeat, so convert each once.
  const dueAt = new Map<IsoDate, string>();
  const dueIso = (date: IsoDate) => {
    let iso = dueAt.get(date);
    if (iso === undefined) dueAt.set(date, (iso = dueInstant(date, input.timezone).toISOString()));
    return iso;
  };
  const created = await bulkInsert<{ id: string; key: string; kind: string; title: string; ownerRole: string | null; pupilId: string }>(tx, 'Task',
    [{ name: 'schoolId', type: 'text' }, { name: 'key', type: 'text' }, { name: 'kind', type: 'text' }, { name: 'title', type: 'text' }, { name: 'ownerRole', type: 'text' },
      { name: 'dueAt', type: 'timestamp(3)' }, { name: 'pupilId', type: 'text' }, { name: 'data', type: 'jsonb' }, { name: 'createdAt', type: 'timestamp(3)' }],
    plan.tasks.map((t) => [schoolId, t.key, t.kind, t.title, t.ownerRole, dueIso(t.dueDate), t.pupilId, json(t.data), at]),
    'id, key, kind, title, "ownerRole", "pupilId"');
  for (const t of created) audit('task.created', 'Task', t.id, { key: t.key, kind: t.kind, title: t.title, ownerRole: t.ownerRole, pupilId: t.pupilId, weekStart });

  const closed = plan.closures.length === 0 ? [] : await tx.$queryRawUnsafe<{ id: string; status: string; reason: string }[]>(
    `UPDATE "Task" t
        SET status = u.status,
            "doneAt" = CASE WHEN u.status = 'done' THEN $4::timestamp(3) ELSE t."doneAt" END,
            "doneBy" = CASE WHEN u.status = 'done' THEN 'system' ELSE t."doneBy" END,
            data = coalesce(t.data, '{}'::jsonb) || jsonb_build_object('closedWeek', $5::text, 'closedReason', u.reason)
       FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, status, reason)
      WHERE t.id = u.id AND t."schoolId" = $6 AND t.status = 'open'
      RETURNING t.id, u.status, u.reason`,
    plan.closures.map((c) => c.taskId), plan.closures.map((c) => c.status), plan.closures.map((c) => c.reason), at, weekStart, schoolId,
  );
  for (const c of closed) audit(c.status === 'done' ? 'task.done' : 'task.cancelled', 'Task', c.id, { reason: c.reason, weekStart, by: 'system' });

  const hits = await bulkInsert<{ id: string; pupilId: string; kind: string; periodKey: string }>(tx, 'TriggerHit',
    [{ name: 'schoolId', type: 'text' }, { name: 'pupilId', type: 'text' }, { name: 'kind', type: 'text' }, { name: 'periodKey', type: 'text' }, { name: 'firstMetOn', type: 'date' }, { name: 'detail', type: 'jsonb' }],
    plan.hits.map((h) => [schoolId, h.pupilId, h.kind, h.periodKey, h.firstMetOn,
      json({ weekStart, what: h.what, decision: h.decision, roles: h.roles, times: h.times, latest: h.latest })]),
    'id, "pupilId", kind, "periodKey"');
  for (const h of hits) audit('trigger.met', 'TriggerHit', h.id, { pupilId: h.pupilId, kind: h.kind, periodKey: h.periodKey, weekStart });

  const result: WriteWeekResult = { snapshots: snapshots.length, tasksCreated: created.length, tasksClosed: closed.length, hitsRecorded: hits.length };
  audit(WEEK_COMPUTED, WEEK_ENTITY, weekStart, { asOf: input.marker.asOf, previousWeek: input.marker.previousWeek, ...result });
  await bulkInsert(tx, 'AuditEvent',
    [{ name: 'schoolId', type: 'text' }, { name: 'at', type: 'timestamp(3)' }, { name: 'actor', type: 'text' }, { name: 'action', type: 'text' },
      { name: 'entityType', type: 'text' }, { name: 'entityId', type: 'text' }, { name: 'data', type: 'jsonb' }],
    audits, 'id');
  return result;
}

export async function findWeekMarker(db: Tx, schoolId: string, weekStart: IsoDate): Promise<WeekMarker | null> {
  const row = await db.auditEvent.findFirst({
    where: { schoolId, action: WEEK_COMPUTED, entityType: WEEK_ENTITY, entityId: weekStart },
    orderBy: { id: 'asc' },
    select: { data: true },
  });
  if (!row) return null;
  const data = row.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { asOf: weekStart, previousWeek: null };
  const asOf = typeof data.asOf === 'string' ? data.asOf : weekStart;
  const previousWeek = typeof data.previousWeek === 'string' ? data.previousWeek : null;
  return { asOf, previousWeek };
}
