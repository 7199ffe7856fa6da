// The weekly tier run for one school: compute every pupil's tier as of the end of the last school week,
// compare with the previous stored snapshot, record the work and triggers, and build the post.
//
// Decisions:
// - weekStart is the Monday of the post. Facts are as of the last school day before it (normally the
//   Friday; the Thursday when Friday is an INSET day). If the school did not meet at all in the week
//   before weekStart (a holiday), there is nothing new: no snapshot and no post ('no-school-week').
// - A week is computed once. Re-running a computed week (a retry, a second replica, `rollcall report
//   tiers --week`) rebuilds the same post from what was stored and writes nothing new.
// - Everything the run writes goes in one transaction, with `withPost` called inside it so the caller can
//   enqueue the post in the outbox atomically with the change it reports.

import type { Database } from '../../db/client.js';
import type { Prisma } from '../../db/generated/client.js';
import type { ChatMessage } from '../../chat/model.js';
import type { Policy } from '../../policy/schema.js';
import { tierModelOf } from '../../policy/schema.js';
import { leanSchoolFacts, type LeanPupilFacts } from '../../reports/lean-facts.js';
import { loadMarks } from '../../reports/load-register.js';
import { lookbackStart } from '../../reports/pupil-facts.js';
import { calendarOf, SchoolCalendar, addDays, countedMarks, mondayOf, type IsoDate, type Mark } from '../../rules/index.js';
import { tierOrder } from './movements.js';
import { planWeek, type PupilWeekFacts } from './plan-week.js';
import { loadDatesOfBirth, loadKnownHits, loadLastHits, loadSnapshots, loadTierTasks, previousSnapshotWeek, type StoredSnapshot } from './store-read.js';
import { findWeekMarker, writeWeek, type WriteWeekResult } from './store-write.js';
import { policyCountsPlainMarks, triggersNeedEveryMark } from './trigger-marks.js';
import { tiersWeekPost } from './week-post.js';
import { driverQuery, loadWeekView, txQuery } from './week-view.js';

export interface WeeklyTiersOptions {
  schoolId: string;
  policy: Policy;
  /** The Monday of the post. */
  weekStart: IsoDate;
  now: Date;
  /** Who to name in the audit trail (default 'system'; the CLI passes 'cli'). */
  actor?: string;
  /** Called with the post inside the write transaction (or a small one on a re-run): enqueue it here. */
  withPost?: (tx: Prisma.TransactionClient, post: ChatMessage) => Promise<void>;
}

export type WeeklyTiersResult =
  | { status: 'no-school-week'; weekStart: IsoDate }
  | { status: 'computed' | 'already-computed'; weekStart: IsoDate; asOf: IsoDate; previousWeek: IsoDate | null; post: ChatMessage; written?: WriteWeekResult };

export const TRANSACTION_OPTIONS = { timeout: 300_000, maxWait: 60_000 };

/** The last school day before weekStart, if the school met in the week before it. */
export function tiersAsOf(calendar: SchoolCalendar, weekStart: IsoDate): IsoDate | null {
  const day = calendar.previousSchoolDay(weekStart);
  return day !== undefined && day >= addDays(weekStart, -7) ? day : null;
}

export async function runWeeklyTiers(db: Database, options: WeeklyTiersOptions): Promise<WeeklyTiersResult> {
  const { schoolId, policy, weekStart, now } = options;
  if (mondayOf(weekStart) !== weekStart) throw new RangeError(`weekStart must be a Monday, got ${weekStart}`);
  const calendar = calendarOf(policy.calendar);
  const order = tierOrder(tierModelOf(policy));
  const postOptions = { order, privacy: policy.privacy };

  const marker = await findWeekMarker(db.prisma, schoolId, weekStart);
  if (marker) {
    const post = tiersWeekPost(await loadWeekView(driverQuery(db.sql), schoolId, weekStart, marker), postOptions);
    if (options.withPost) {
      const withPost = options.withPost;
      await db.prisma.$transaction((tx) => withPost(tx, post), TRANSACTION_OPTIONS);
    }
    return { status: 'already-computed', weekStart, asOf: marker.asOf, previousWeek: marker.previousWeek, post };
  }
  const asOf = tiersAsOf(calendar, weekStart);
  if (asOf === null) return { status: 'no-school-week', weekStart };

  // Independent reads: on PostgreSQL they run side by side on the pool's connections.
  const [[previousWeek, previous, tasksByPupil], lastHits, knownHits, births, facts] = await Promise.all([
    loadPreviousWeek(db, schoolId, weekStart),
    loadLastHits(db.sql, schoolId, weekStart),
    loadKnownHits(db.sql, schoolId),
    loadDatesOfBirth(db.sql, schoolId),
    leanSchoolFacts(db.sql, schoolId, policy, asOf),
  ]);
  const everyMark = await everyMarkWhereNeeded(db, schoolId, policy, calendar, asOf, facts.pupils);
  const term = calendar.termOf(asOf)?.name ?? null;
  const pupils: PupilWeekFacts[] = facts.pupils.map((f) => ({
    pupilId: f.pupil.id, tier: f.tier.tier, rule: f.tier.rule, band: f.tier.band, attendancePct: f.yearToDate.attendancePct,
    daysAbsentThisTerm: f.daysAbsentThisTerm, term, marks: everyMark.get(f.pupil.id) ?? f.otherMarks, dateOfBirth: births.get(f.pupil.id) ?? null,
  }));
  const plan = planWeek({ weekStart, asOf, calendar, policy, order, pupils, previous, tasksByPupil, lastHits, knownHits });

  const weekMarker = { asOf, previousWeek };
  return db.prisma.$transaction(async (tx) => {
    const written = await writeWeek(tx, {
      schoolId, weekStart, marker: weekMarker, plan, timezone: policy.school.timezone, now, actor: options.actor ?? 'system',
    });
    const post = tiersWeekPost(await loadWeekView(txQuery(tx), schoolId, weekStart, weekMarker), postOptions);
    if (options.withPost) await options.withPost(tx, post);
    return { status: 'computed' as const, weekStart, asOf, previousWeek, post, written };
  }, TRANSACTION_OPTIONS);
}

/** The latest week before this one with snapshots, its snapshots, and the tier work they refer to. */
async function loadPreviousWeek(db: Database, schoolId: string, weekStart: IsoDate) {
  const previousWeek = await previousSnapshotWeek(db.sql, schoolId, weekStart);
  return Promise.all([
    previousWeek,
    previousWeek ? loadSnapshots(db.sql, schoolId, previousWeek) : new Map<string, StoredSnapshot>(),
    loadTierTasks(db.sql, schoolId, previousWeek),
  ] as const);
}

/** Every mark of the pupils whose triggers need them (trigger-marks.ts); the rest use their other marks. */
async function everyMarkWhereNeeded(
  db: Database, schoolId: string, policy: Policy, calendar: SchoolCalendar, asOf: IsoDate, pupils: readonly LeanPupilFacts[],
): Promise<Map<string, readonly Mark[]>> {
  const all = policyCountsPlainMarks(policy);
  const needed = pupils.filter((f) => all || triggersNeedEveryMark(f.otherMarks, { calendar, asOf, policy }));
  if (needed.length === 0) return new Map();
  const marks = await loadMarks(db.sql, schoolId, lookbackStart(calendar, asOf), asOf, needed.map((f) => f.pupil.id));
  return new Map(needed.map((f) => [f.pupil.id, countedMarks(calendar, f.pupil, marks.get(f.pupil.id) ?? [])]));
}

/** The post of any computed week, rebuilt from its snapshots; null when that week was never computed. */
export async function tiersPostForWeek(db: Database, options: { schoolId: string; policy: Policy; weekStart: IsoDate }): Promise<ChatMessage | null> {
  const marker = await findWeekMarker(db.prisma, options.schoolId, options.weekStart);
  if (!marker) return null;
  const view = await loadWeekView(driverQuery(db.sql), options.schoolId, options.weekStart, marker);
  return tiersWeekPost(view, { order: tierOrder(tierModelOf(options.policy)), privacy: options.policy.privacy });
}
