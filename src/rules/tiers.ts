// Tier models: how a school turns a pupil's attendance into a support tier. Schools disagree on the measure
// (most use attendance percentage bands, Lutley counts days absent per term), so the model is data from the
// policy file and this file only applies it. Pure: the caller supplies the facts (percentage, days absent,
// which term); nothing here reads the register or the clock. The policy module's zod schema produces values
// assignable to TierModel, and rules never import policy.

import type { Term } from './types.js';

export type TermName = Term['name'];

/** What kind of work a tier action creates, so workflows can treat referrals and penalty notices specially. */
export type TierActionKind =
  | 'letter' | 'call' | 'conversation' | 'meeting' | 'support-plan' | 'referral'
  | 'penalty-notice' | 'legal' | 'monitoring' | 'recognition' | 'other';

export interface TierAction {
  /** In the school's own words, e.g. 'Letter 1: attendance below expected standard'. */
  action: string;
  ownerRole: string;
  dueWithinSchoolDays: number;
  kind?: TierActionKind;
  /** 1 = on entering the band; 2 = after one review with no improvement; and so on. */
  stage?: number;
}

/** A fixed monitoring spell inside a band (Inspire: 2 weeks, then 4, then 4). */
export interface MonitoringPeriod {
  weeks: number;
  ifNotImproved: TierAction;
  ifImproved?: TierAction;
}

/**
 * An interval of attendance percentage. At most one upper bound (belowPct: strictly below; atOrBelowPct:
 * below or equal) and at most one lower bound (atOrAbovePct / abovePct). A missing bound is open.
 */
export interface PercentageBand {
  name: string;
  belowPct?: number;
  atOrBelowPct?: number;
  atOrAbovePct?: number;
  abovePct?: number;
  actions: TierAction[];
  monitoringPeriods?: MonitoringPeriod[];
}

export interface PercentageTierModel {
  model: 'percentage';
  bands: PercentageBand[];
}

/** Whole days absent within one term (or any term), inclusive on both ends; no maxDays means open. */
export interface TermDaysBand {
  term: TermName | 'any';
  minDays: number;
  maxDays?: number;
  /** The school's risk wording, e.g. 'High risk of persistent absence'. */
  risk: string;
  /** Null where the school names a risk but no support level (Lutley, summer 6-10 days). */
  tier: string | null;
  actions: TierAction[];
}

export interface TermDaysTierModel {
  model: 'term-days';
  bands: TermDaysBand[];
}

export type TierModel = PercentageTierModel | TermDaysTierModel;

/**
 * Attendance as the sessions it is made of: present (attending) over possible. Bands compare this exact
 * fraction with their bounds; a rounded percentage is for display only (332 of 369 is 89.97%, shown as 90.0%
 * in the pupils report, and is below 90%).
 */
export interface AttendanceFraction {
  present: number;
  possible: number;
}

export interface TierFacts {
  /** Null when the pupil has no possible sessions yet. */
  attendance: AttendanceFraction | null;
  /** Days absent in the current term (sessions / 2); half days are rounded down to whole days. */
  daysAbsentThisTerm: number;
  term: TermName;
}

export interface TierResult {
  tier: string | null;
  /** Plain words for staff, e.g. '11 days absent this spring term: High risk ..., Tier 2 Focussed Support'. */
  rule: string;
  band: PercentageBand | TermDaysBand | null;
}

export function evaluateTier(model: TierModel, facts: TierFacts): TierResult {
  return model.model === 'percentage'
    ? evaluatePercentage(model, facts.attendance)
    : evaluateTermDays(model, facts.daysAbsentThisTerm, facts.term);
}

function evaluatePercentage(model: PercentageTierModel, attendance: AttendanceFraction | null): TierResult {
  if (attendance === null || attendance.possible <= 0) return { tier: null, rule: 'No possible sessions yet: no tier', band: null };
  const shown = formatPct(attendance);
  const band = model.bands.find((b) => percentageBandContains(b, attendance));
  if (!band) return { tier: null, rule: `Attendance ${shown}: outside every band, no tier`, band: null };
  return { tier: band.name, rule: `Attendance ${shown} (${describePercentageBand(band)}): ${band.name}`, band };
}

function evaluateTermDays(model: TermDaysTierModel, days: number, term: TermName): TierResult {
  const whole = Math.floor(days);
  const counted = whole === days ? `${plural(whole)} absent` : `${days} days absent (counted as ${plural(whole)})`;
  const band = model.bands.find((b) => termDaysBandContains(b, whole, term));
  const prefix = `${counted} this ${term} term`;
  if (!band) return { tier: null, rule: `${prefix}: below every band, no tier`, band: null };
  const support = band.tier ?? 'no support level stated';
  return { tier: band.tier, rule: `${prefix}: ${band.risk}, ${support}`, band };
}

export function percentageBandContains(band: PercentageBand, attendance: AttendanceFraction): boolean {
  const { lower, upper } = boundsOf(band);
  const toLower = compareWithPct(attendance, lower.value);
  const toUpper = compareWithPct(attendance, upper.value);
  const aboveLower = lower.inclusive ? toLower >= 0 : toLower > 0;
  const belowUpper = upper.inclusive ? toUpper <= 0 : toUpper < 0;
  return aboveLower && belowUpper;
}

/**
 * -1, 0 or 1 as present/possible is below, equal to or above pct%, decided in whole numbers: the bound is
 * scaled to an integer by its own decimal places (93.5 -> 935 / 10), so 90% of 369 sessions is compared as
 * 100 * 332 against 90 * 369 with no rounding and no floating-point error. Infinite bounds (an open side
 * of a band) compare as such.
 */
export function compareWithPct(attendance: AttendanceFraction, pct: number): -1 | 0 | 1 {
  if (pct === Number.POSITIVE_INFINITY) return -1;
  if (pct === Number.NEGATIVE_INFINITY) return 1;
  let scale = 1;
  while (!Number.isInteger(pct * scale) && scale < 1e6) scale *= 10;
  const left = attendance.present * 100 * scale;
  const right = Math.round(pct * scale) * attendance.possible;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function termDaysBandContains(band: TermDaysBand, wholeDays: number, term: TermName): boolean {
  if (band.term !== 'any' && band.term !== term) return false;
  return wholeDays >= band.minDays && (band.maxDays === undefined || wholeDays <= band.maxDays);
}

/** 'below 90%, at or above 85%': the band's bounds as staff would say them. */
export function describePercentageBand(band: PercentageBand): string {
  const parts: string[] = [];
  if (band.belowPct !== undefined) parts.push(`below ${band.belowPct}%`);
  if (band.atOrBelowPct !== undefined) parts.push(`at or below ${band.atOrBelowPct}%`);
  if (band.atOrAbovePct !== undefined) parts.push(`at or above ${band.atOrAbovePct}%`);
  if (band.abovePct !== undefined) parts.push(`above ${band.abovePct}%`);
  return parts.length > 0 ? parts.join(', ') : 'any attendance';
}

/** True when some percentage falls in both bands. */
export function percentageBandsOverlap(a: PercentageBand, b: PercentageBand): boolean {
  const ba = boundsOf(a);
  const bb = boundsOf(b);
  const lower = stricterLower(ba.lower, bb.lower);
  const upper = stricterUpper(ba.upper, bb.upper);
  if (lower.value < upper.value) return true;
  return lower.value === upper.value && lower.inclusive && upper.inclusive;
}

/** True when a band holds no percentage at all (e.g. at or above 90 and below 90). */
export function percentageBandIsEmpty(band: PercentageBand): boolean {
  return !percentageBandsOverlap(band, band);
}

/** True when some day count in some term falls in both bands. */
export function termDaysBandsOverlap(a: TermDaysBand, b: TermDaysBand): boolean {
  if (a.term !== 'any' && b.term !== 'any' && a.term !== b.term) return false;
  const aMax = a.maxDays ?? Number.POSITIVE_INFINITY;
  const bMax = b.maxDays ?? Number.POSITIVE_INFINITY;
  return Math.max(a.minDays, b.minDays) <= Math.min(aMax, bMax);
}

interface Bound { value: number; inclusive: boolean }

function boundsOf(band: PercentageBand): { lower: Bound; upper: Bound } {
  const lower: Bound = band.atOrAbovePct !== undefined
    ? { value: band.atOrAbovePct, inclusive: true }
    : { value: band.abovePct ?? Number.NEGATIVE_INFINITY, inclusive: band.abovePct === undefined };
  const upper: Bound = band.atOrBelowPct !== undefined
    ? { value: band.atOrBelowPct, inclusive: true }
    : { value: band.belowPct ?? Number.POSITIVE_INFINITY, inclusive: band.belowPct === undefined };
  return { lower, upper };
}

function stricterLower(a: Bound, b: Bound): Bound {
  if (a.value !== b.value) return a.value > b.value ? a : b;
  return a.inclusive ? b : a;
}

function stricterUpper(a: Bound, b: Bound): Bound {
  if (a.value !== b.value) return a.value < b.value ? a : b;
  return a.inclusive ? b : a;
}

/**
 * Two decimals, cut (not rounded) so the figure shown never crosses a bound the exact fraction has not
 * reached: 332 of 369 sessions reads 89.97%, not 90%.
 */
function formatPct(attendance: AttendanceFraction): string {
  const hundredths = Math.floor((attendance.present * 10_000) / attendance.possible);
  return `${Number((hundredths / 100).toFixed(2))}%`;
}

function plural(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}
