// Finds the pupil a member of staff means from what they typed: a UPN, a full name (legal or preferred
// first name), or the start of a name. Accents and case never matter ("zoe" finds Zoë). Chat commands
// (/call, /reason, /missing) use this and offer the candidates when more than one pupil fits.

import type { Prisma, Pupil } from '../db/generated/client.js';
import { toDbDate } from './db-dates.js';
import type { IsoDate } from '../rules/types.js';

export type PupilLookup =
  | { kind: 'found'; pupil: Pupil }
  | { kind: 'ambiguous'; candidates: Pupil[]; total: number }
  | { kind: 'unknown' };

export interface PupilLookupOptions {
  /** Only pupils on roll that day (admitted, not yet left). */
  onRollOn?: IsoDate;
}

export const MAX_CANDIDATES = 10;

/** A pupil on roll as the matcher sees them: the UPN and every way staff might write the name. */
export interface NamedPupil {
  id: string;
  upn: string;
  names: string[];
  className: string;
  yearGroup: string;
}

/**
 * The pupils on roll, light: only what matching needs. A command that tries several readings of what
 * was typed ("amy brown by the gate": four words, three, two...) reads the roll once with this; full
 * rows are fetched for the matches only, which matters in a 2,000-pupil school.
 */
export async function loadNamesOnRoll(prisma: Prisma.TransactionClient, schoolId: string, options: PupilLookupOptions = {}): Promise<NamedPupil[]> {
  const day = options.onRollOn ? toDbDate(options.onRollOn) : undefined;
  const pupils = await prisma.pupil.findMany({
    where: {
      schoolId,
      ...(day ? { admissionDate: { lte: day }, OR: [{ leavingDate: null }, { leavingDate: { gte: day } }] } : {}),
    },
    select: { id: true, upn: true, firstName: true, preferredName: true, lastName: true, className: true, yearGroup: true },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { upn: 'asc' }],
  });
  return pupils.map((p) => ({ id: p.id, upn: p.upn.toUpperCase(), names: namesOf(p), className: p.className, yearGroup: p.yearGroup }));
}

export type RollMatch =
  | { kind: 'found'; id: string }
  | { kind: 'ambiguous'; ids: string[]; total: number }
  | { kind: 'unknown' };

/** Pure: which pupils on the roll `query` names (a UPN, a full name, or the start of one). */
export function matchOnRoll(roll: readonly NamedPupil[], query: string): RollMatch {
  const wanted = normalise(query);
  if (wanted === '') return { kind: 'unknown' };
  const upn = wanted.replace(/\s+/g, '').toUpperCase();
  const byUpn = roll.filter((p) => p.upn === upn);
  if (byUpn.length === 1) return { kind: 'found', id: byUpn[0]!.id };

  // An exact full name beats a prefix: "Amy Brown" is found even when "Amy Browning" exists.
  for (const matches of [(names: string[]) => names.includes(wanted), (names: string[]) => names.some((n) => n.startsWith(wanted))]) {
    const hits = roll.filter((p) => matches(p.names));
    if (hits.length === 1) return { kind: 'found', id: hits[0]!.id };
    if (hits.length > 1) return { kind: 'ambiguous', ids: hits.slice(0, MAX_CANDIDATES).map((p) => p.id), total: hits.length };
  }
  return { kind: 'unknown' };
}

/** matchOnRoll with the full rows of the pupils found, candidates in roll order. */
export async function findOnRoll(prisma: Prisma.TransactionClient, roll: readonly NamedPupil[], query: string): Promise<PupilLookup> {
  const match = matchOnRoll(roll, query);
  if (match.kind === 'unknown') return match;
  const ids = match.kind === 'found' ? [match.id] : match.ids;
  const rows = new Map((await prisma.pupil.findMany({ where: { id: { in: ids } } })).map((p) => [p.id, p]));
  const pupils = ids.map((id) => rows.get(id)).filter((p): p is Pupil => p !== undefined);
  if (match.kind === 'found') return pupils[0] ? { kind: 'found', pupil: pupils[0] } : { kind: 'unknown' };
  return { kind: 'ambiguous', candidates: pupils, total: match.total };
}

export async function findPupil(
  prisma: Prisma.TransactionClient,
  schoolId: string,
  query: string,
  options: PupilLookupOptions = {},
): Promise<PupilLookup> {
  if (normalise(query) === '') return { kind: 'unknown' };
  return findOnRoll(prisma, await loadNamesOnRoll(prisma, schoolId, options), query);
}

/** Every way staff might write the pupil's name: first/preferred then last, and last then first. */
function namesOf(p: Pick<Pupil, 'firstName' | 'preferredName' | 'lastName'>): string[] {
  const firsts = [p.firstName, p.preferredName].filter((n): n is string => !!n).map(normalise);
  const last = normalise(p.lastName);
  return firsts.flatMap((first) => [`${first} ${last}`, `${last} ${first}`, `${last}, ${first}`]);
}

/** Letters NFD does not split into a base letter and an accent. */
const FOLDED: Readonly<Record<string, string>> = { ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ı: 'i', æ: 'ae', œ: 'oe', ß: 'ss', þ: 'th' };

/** Lower case, accents removed, apostrophes and hyphens kept, spaces collapsed. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øłđħıæœßþ]/g, (ch) => FOLDED[ch] ?? ch)
    .replace(/\s+/g, ' ')
    .trim();
}
