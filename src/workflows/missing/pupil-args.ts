// Which pupil a slash command means when staff type "/missing amy brown by the gate": the longest run of
// leading words that names exactly one pupil on roll is the pupil, the rest is free text. Quoted names
// and UPNs work too. When several pupils fit, `prefer` (e.g. "has an open incident") may settle it.
import { RollcallError } from '../../errors/rollcall-error.js';
import type { Pupil } from '../../db/generated/client.js';
import type { Db } from '../../jobs/index.js';
import { findOnRoll, loadNamesOnRoll } from '../../register/pupil-lookup.js';
import type { IsoDate } from '../../rules/types.js';

/** Names are rarely longer than this many words; more leading words are never tried. */
const MAX_NAME_WORDS = 4;

export interface PupilArgs {
  pupil: Pupil;
  rest: string[];
}

export async function pupilFromTokens(
  prisma: Db,
  schoolId: string,
  tokens: readonly string[],
  onRollOn: IsoDate,
  prefer?: (p: Pupil) => boolean,
): Promise<PupilArgs> {
  let ambiguous: { candidates: Pupil[]; total: number; typed: string } | undefined;
  const roll = await loadNamesOnRoll(prisma, schoolId, { onRollOn });
  for (let n = Math.min(tokens.length, MAX_NAME_WORDS); n >= 1; n--) {
    const typed = tokens.slice(0, n).join(' ');
    const found = await findOnRoll(prisma, roll, typed);
    if (found.kind === 'found') return { pupil: found.pupil, rest: tokens.slice(n) };
    if (found.kind === 'ambiguous') {
      const preferred = prefer ? found.candidates.filter(prefer) : [];
      if (preferred.length === 1) return { pupil: preferred[0]!, rest: tokens.slice(n) };
      ambiguous ??= { candidates: found.candidates, total: found.total, typed };
    }
  }
  if (ambiguous) {
    const more = ambiguous.total > ambiguous.candidates.length ? ` (${ambiguous.total} in all)` : '';
    throw new RollcallError('AMBIGUOUS_PUPIL', `More than one pupil matches "${ambiguous.typed}"${more}. Type the full name or the UPN.`, {
      matches: ambiguous.candidates.map((p) => `${p.preferredName ?? p.firstName} ${p.lastName} (Year ${p.yearGroup}, ${p.className})`),
    });
  }
  const typed = tokens.slice(0, Math.min(tokens.length, 2)).join(' ');
  throw new RollcallError('UNKNOWN_PUPIL', `No pupil on roll matches "${typed}". Check the spelling, or use the pupil's UPN.`);
}
