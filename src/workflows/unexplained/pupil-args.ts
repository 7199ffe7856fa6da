// `<pupil>` in /call and /reason: a UPN, a full name or a unique start of one, possibly several words.
// The longest run of leading words that names a pupil wins ("Amy Brown no-answer" -> Amy Brown, then the
// outcome). Several matches answer privately with the candidates and a select that re-runs the command for
// the chosen pupil; no match says so. Neither writes anything.
import { actions, message, select, text, type ChatMessage } from '../../chat/index.js';
import { RollcallError } from '../../errors/rollcall-error.js';
import type { Prisma, Pupil } from '../../db/generated/client.js';
import { findOnRoll, loadNamesOnRoll, pupilDisplayName } from '../../register/pupil-lookup.js';
import type { IsoDate } from '../../rules/types.js';
import { ACTIONS } from './keys.js';
import { yearLabel } from './list-message.js';

export type PupilVerb = 'call' | 'reason';

export type PupilFromTokens = { kind: 'found'; pupil: Pupil; rest: string[] } | { kind: 'choose'; answer: ChatMessage };

/** Slack caps a select option's value; a longer re-run cannot be carried and the person retypes it. */
const MAX_OPTION_VALUE = 150;

export async function pupilFromTokens(
  prisma: Prisma.TransactionClient,
  schoolId: string,
  tokens: readonly string[],
  options: { verb: PupilVerb; onRollOn: IsoDate; isArgument: (token: string) => boolean },
): Promise<PupilFromTokens> {
  // At least one word is left for the outcome or code.
  const roll = await loadNamesOnRoll(prisma, schoolId, { onRollOn: options.onRollOn });
  for (let n = tokens.length - 1; n >= 1; n--) {
    const query = tokens.slice(0, n).join(' ');
    const found = await findOnRoll(prisma, roll, query);
    if (found.kind === 'found') return { kind: 'found', pupil: found.pupil, rest: tokens.slice(n) };
    if (found.kind === 'ambiguous') {
      return { kind: 'choose', answer: chooseAnswer(query, found.candidates, found.total, options.verb, tokens.slice(n)) };
    }
  }
  const firstArgument = tokens.findIndex((t, i) => i > 0 && options.isArgument(t));
  const typed = tokens.slice(0, firstArgument > 0 ? firstArgument : Math.max(1, tokens.length - 1)).join(' ');
  throw new RollcallError('UNKNOWN_PUPIL', `No pupil on the roll matches "${typed}". Check the spelling, or use the pupil's UPN.`);
}

function quote(token: string): string {
  return /\s/.test(token) ? `"${token.replace(/"/g, '')}"` : token;
}

/** The select's value: the command to re-run, with the pupil's UPN in place of the name. */
export function rerunValue(verb: PupilVerb, upn: string, rest: readonly string[]): string {
  return [verb, upn, ...rest.map(quote)].join(' ');
}

function chooseAnswer(query: string, candidates: Pupil[], total: number, verb: PupilVerb, rest: string[]): ChatMessage {
  const label = (p: Pupil) => `${pupilDisplayName(p)} (${yearLabel(p.yearGroup)}, ${p.className}, UPN ${p.upn})`;
  const more = total > candidates.length ? `\n…and ${total - candidates.length} more: type more of the name.` : '';
  const lines = `More than one pupil matches "${query}": pick one, or type the full name or UPN. Nothing was recorded yet.\n${candidates.map((p) => `- ${label(p)}`).join('\n')}${more}`;
  const opts = candidates.map((p) => ({ label: `${pupilDisplayName(p)} (${p.className})`, value: rerunValue(verb, p.upn, rest) }));
  const fits = opts.every((o) => o.value.length <= MAX_OPTION_VALUE);
  return fits
    ? message(`More than one pupil matches "${query}"`, text(lines), actions(select(ACTIONS.pickPupil, 'Choose the pupil', opts)))
    : message(`More than one pupil matches "${query}"`, text(`${lines}\nThe note is too long to carry over: type the command again with the UPN.`));
}
