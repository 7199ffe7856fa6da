// `/tiers [class|year|pupil]` and `rollcall report tiers`: who is in which tier now, with the rule and the
// open actions. The argument is read as a class name ("3B"), then a year group ("Year 3", "Y3", "3",
// "R"), then a pupil (name or UPN, as the pupil lookup finds them). Tiers are computed live for the date.

import type { Database } from '../../db/client.js';
import { isRollcallError, RollcallError } from '../../errors/rollcall-error.js';
import type { Policy } from '../../policy/schema.js';
import { tierModelOf } from '../../policy/schema.js';
import type { ChatMessage } from '../../chat/model.js';
import { pupilFromArgs } from '../../core/pupil-args.js';
import { loadNamesOnRoll } from '../../register/pupil-lookup.js';
import { schoolFacts } from '../../reports/pupil-facts.js';
import type { IsoDate } from '../../rules/index.js';
import { fullName, withClass, yearKey } from '../../core/pupil-names.js';
import { tierOrder, tierRank } from './movements.js';
import { TIER_ACTION, TIER_DECISION } from './plan-types.js';
import { readDecisionData, readTierTaskData } from './stored-json.js';
import { byName, triggerTitle } from './week-post.js';

export type TiersFilter =
  | { kind: 'all' }
  | { kind: 'class'; className: string }
  | { kind: 'year'; yearGroup: string }
  | { kind: 'pupil'; pupilId: string; name: string };

export interface OpenAction {
  id: string;
  kind: string;
  actionKind: string | undefined;
  title: string;
  ownerRole: string | null;
  dueDate: IsoDate | null;
  decision: boolean;
}

export interface TiersRow {
  pupilId: string;
  label: string;
  className: string;
  yearGroup: string;
  tier: string | null;
  rule: string;
  attendancePct: number | null;
  open: OpenAction[];
}

export interface TiersQueryResult {
  date: IsoDate;
  filter: TiersFilter;
  /** 'the whole school', 'class 3B', 'Year 3' or the pupil's name. */
  scope: string;
  order: string[];
  pupilsInScope: number;
  counts: { tier: string | null; pupils: number }[];
  /** Pupils in a tier (every pupil in scope for a single-pupil query), most concern first. */
  rows: TiersRow[];
  /** For a single pupil: tier by week and the triggers recorded. */
  history?: { weekStart: IsoDate; tier: string | null }[];
  triggers?: { kind: string; title: string; firstMetOn: IsoDate; what: string }[];
}

/**
 * `/tiers <words>`: a class ("3B"), a year group ("Year 3", "Y3", "3", "R"), or a pupil read by the one
 * pupil-argument parser (a pick list when several fit, which re-runs `/tiers <UPN>`).
 */
export async function resolveTiersFilter(db: Database, schoolId: string, text: string | undefined, date: IsoDate): Promise<TiersFilter | { kind: 'choose'; answer: ChatMessage; candidates: string[] }> {
  const wanted = (text ?? '').trim();
  if (wanted === '' || /^(all|school|whole school)$/i.test(wanted)) return { kind: 'all' };
  const roll = await loadNamesOnRoll(db.prisma, schoolId, { onRollOn: date });
  const cls = roll.find((p) => p.className.toLowerCase() === wanted.toLowerCase());
  if (cls) return { kind: 'class', className: cls.className };
  const year = yearKey(wanted);
  const yearGroup = year === undefined ? undefined : roll.find((p) => yearKey(p.yearGroup) === year);
  if (yearGroup) return { kind: 'year', yearGroup: yearGroup.yearGroup };
  const pick = await pupilFromArgs(db.prisma, schoolId, { command: '/tiers', text: wanted, onRollOn: date, shape: { kind: 'only' } }).catch((e: unknown) => {
    if (isRollcallError(e) && e.code === 'UNKNOWN_PUPIL') throw new RollcallError('UNKNOWN_PUPIL', `No class, year group or pupil on roll matches "${wanted}".`, { usage: '/tiers [class|year|pupil]' });
    throw e;
  });
  if (pick.kind === 'choose') return pick;
  return { kind: 'pupil', pupilId: pick.pupil.id, name: fullName(pick.pupil) };
}

/** `filter` as typed (the command line: several pupils fitting is an error naming them), or as resolved. */
export async function tiersQuery(db: Database, options: { schoolId: string; policy: Policy; date: IsoDate; filter?: string | TiersFilter }): Promise<TiersQueryResult> {
  const { schoolId, policy, date } = options;
  const filter = typeof options.filter === 'object' ? options.filter : await resolveTiersFilter(db, schoolId, options.filter, date);
  if (filter.kind === 'choose') throw new RollcallError('AMBIGUOUS_PUPIL', `Several pupils match "${options.filter ?? ''}": say which one (a UPN always works).`, { matches: filter.candidates });
  const facts = await schoolFacts(db.sql, schoolId, policy, date);
  const order = tierOrder(tierModelOf(policy));
  const inScope = facts.pupils.filter((f) =>
    filter.kind === 'all' || (filter.kind === 'class' && f.pupil.className === filter.className)
    || (filter.kind === 'year' && f.pupil.yearGroup === filter.yearGroup) || (filter.kind === 'pupil' && f.pupil.id === filter.pupilId));
  const open = await openActions(db, schoolId);
  const rows = inScope
    .filter((f) => filter.kind === 'pupil' || f.tier.tier !== null)
    .map((f): TiersRow => ({
      pupilId: f.pupil.id, label: withClass(f.pupil, 'private', policy.privacy), className: f.pupil.className, yearGroup: f.pupil.yearGroup,
      tier: f.tier.tier, rule: f.tier.rule, attendancePct: f.yearToDate.attendancePct, open: open.get(f.pupil.id) ?? [],
    }))
    .sort((a, b) => tierRank(order, b.tier) - tierRank(order, a.tier) || byName(a.label, b.label));
  const counts = [...order].reverse().map((tier) => ({ tier: tier as string | null, pupils: inScope.filter((f) => f.tier.tier === tier).length }));
  counts.push({ tier: null, pupils: inScope.filter((f) => f.tier.tier === null).length });
  const scope = filter.kind === 'all' ? 'the whole school' : filter.kind === 'class' ? `class ${filter.className}`
    : filter.kind === 'year' ? `Year ${filter.yearGroup}` : filter.name;
  const result: TiersQueryResult = { date, filter, scope, order, pupilsInScope: inScope.length, counts, rows };
  if (filter.kind === 'pupil') Object.assign(result, await pupilHistory(db, filter.pupilId));
  return result;
}

async function openActions(db: Database, schoolId: string): Promise<Map<string, OpenAction[]>> {
  const tasks = await db.prisma.task.findMany({
    where: { schoolId, status: 'open', kind: { in: [TIER_ACTION, TIER_DECISION] }, pupilId: { not: null } },
    orderBy: [{ dueAt: 'asc' }, { key: 'asc' }],
    select: { id: true, title: true, ownerRole: true, kind: true, pupilId: true, data: true },
  });
  const out = new Map<string, OpenAction[]>();
  for (const t of tasks) {
    if (!t.pupilId) continue;
    const tierData = t.kind === TIER_DECISION ? null : readTierTaskData(t.data);
    const dueDate = (t.kind === TIER_DECISION ? readDecisionData(t.data)?.dueDate : tierData?.dueDate) ?? null;
    const list = out.get(t.pupilId) ?? [];
    list.push({ id: t.id, kind: t.kind, actionKind: tierData?.actionKind, title: t.title, ownerRole: t.ownerRole, dueDate, decision: t.kind === TIER_DECISION });
    out.set(t.pupilId, list);
  }
  return out;
}

async function pupilHistory(db: Database, pupilId: string): Promise<Pick<TiersQueryResult, 'history' | 'triggers'>> {
  const snapshots = await db.prisma.tierSnapshot.findMany({ where: { pupilId }, orderBy: { weekStart: 'desc' }, take: 12, select: { weekStart: true, tier: true } });
  const hits = await db.prisma.triggerHit.findMany({ where: { pupilId }, orderBy: { firstMetOn: 'desc' }, take: 10 });
  return {
    history: snapshots.reverse().map((s) => ({ weekStart: s.weekStart.toISOString().slice(0, 10), tier: s.tier })),
    triggers: hits.map((h) => {
      const detail = h.detail;
      const what = typeof detail === 'object' && detail !== null && !Array.isArray(detail) && typeof detail.what === 'string' ? detail.what : '';
      return { kind: h.kind, title: triggerTitle(h.kind), firstMetOn: h.firstMetOn.toISOString().slice(0, 10), what };
    }),
  };
}
