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

export async function findPupil(
  prisma: Prisma.TransactionClient,
  schoolId: string,
  query: string,
  options: PupilLookupOptions = {},
): Promise<PupilLookup> {
  const wanted = normalise(query);
  if (wanted === '') return { kind: 'unknown' };
  const day = options.onRollOn ? toDbDate(options.onRollOn) : undefined;
  const pupils = await prisma.pupil.findMany({
    where: {
      schoolId,
      ...(day ? { admissionDate: { lte: day }, OR: [{ leavingDate: null }, { leavingDate: { gte: day } }] } : {}),
    },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { upn: 'asc' }],
  });
  const byUpn = pupils.filter((p) => p.upn.toUpperCase() === wanted.replace(/\s+/g, '').toUpperCase());
  if (byUpn.length === 1) return { kind: 'found', pupil: byUpn[0]! };

  // An exact full name beats a prefix: "Amy Brown" is found even when "Amy Browning" exists.
  for (const matches of [(names: string[]) => names.includes(wanted), (names: string[]) => names.some((n) => n.startsWith(wanted))]) {
    const hits = pupils.filter((p) => matches(namesOf(p)));
    if (hits.length === 1) return { kind: 'found', pupil: hits[0]! };
    if (hits.length > 1) return { kind: 'ambiguous', candidates: hits.slice(0, MAX_CANDIDATES), total: hits.length };
  }
  return { kind: 'unknown' };
}

/** How the pupil is written in lists: preferred first name when they have one, then last name. */
export function pupilDisplayName(pupil: Pick<Pupil, 'firstName' | 'preferredName' | 'lastName'>): string {
  return `${pupil.preferredName ?? pupil.firstName} ${pupil.lastName}`;
}

/** Every way staff might write the pupil's name: first/preferred then last, and last then first. */
function namesOf(p: Pupil): string[] {
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
