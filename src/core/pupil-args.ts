// The one way every command reads "<pupil> ..." from what staff typed, on every platform:
//
//   - the pupil is a UPN, a full name or the start of one (accents and case ignored, register/pupil-lookup),
//     with the class ("5A") and year ("Year 5", "Y5", "Reception") in any order around the name to tell
//     two pupils apart;
//   - a command whose next argument is a word from a fixed set (the outcome of /call, the code of /reason)
//     finds that word first, so the name is everything before it ("Zoë 😀 no-answer" is Zoë, no-answer;
//     "Maja Begum shouted" is "not an outcome", not a pupil to pick);
//   - a command followed by free text (/missing's last-seen note) takes the longest run of words that
//     names someone, and the text after it exactly as typed;
//   - several pupils answer with a pick list (name, year, class, UPN), one button each, that re-runs the
//     command for the chosen pupil (router.ts RERUN_ACTION). Nothing is written until one is chosen.
import { parseArgSpans, type ArgSpan } from '../chat/args.js';
import { RollcallError } from '../errors/rollcall-error.js';
import { actions, context, literal, message, text, type Button, type ChatMessage } from '../chat/model.js';
import { rerunButton } from '../chat/router.js';
import type { Prisma, Pupil } from '../db/generated/client.js';
import { loadNamesOnRoll, matchOnRoll, normalise, type NamedPupil } from '../register/pupil-lookup.js';
import { fromDbDate, fromDbDateOrNull } from '../register/db-dates.js';
import { formatDate } from '../rules/dates.js';
import type { IsoDate } from '../rules/types.js';
import { fullName, yearKey, yearLabel } from './pupil-names.js';

export type PupilArgsShape =
  /** "<pupil> <word> [more]": `word` recognises the outcome/code; `notAWord` explains a token that is not one. */
  | { kind: 'then-word'; isWord: (token: string) => boolean; notAWord: (token: string) => RollcallError }
  /** "<pupil> [free text]". */
  | { kind: 'then-text' }
  /** "<pupil>" and nothing else. */
  | { kind: 'only' };

/** What was read, before any pupil row is fetched (pure, see readPupilArgs). */
export type PupilWords =
  | { kind: 'one'; id: string; word?: string; rest: string }
  | { kind: 'several'; ids: string[]; total: number; typed: string; word?: string; rest: string }
  | { kind: 'none'; typed: string; filters: string[] };

/** A name has at most this many words; longer runs of free text are not tried as names. */
const MAX_NAME_WORDS = 8;
/** Candidates shown in a pick list. */
const MAX_PICKS = 10;
/** The re-run carried by a pick button: Slack and Teams carry 2,000 characters; commands cut notes far shorter. */
const MAX_RERUN_TEXT = 1_500;

type Filter = { label: string; keep: (p: NamedPupil) => boolean };

/** "5A", "Year 5", "Y5", "Yr 5", "Reception" as a filter on the roll, with how many words it took. */
function filterAt(spans: readonly ArgSpan[], i: number, roll: readonly NamedPupil[]): { filter: Filter; words: number } | undefined {
  const one = spans[i]?.value ?? '';
  const two = spans[i + 1] ? `${one} ${spans[i + 1]!.value}` : undefined;
  for (const [typed, words] of [[two, 2], [one, 1]] as const) {
    if (!typed) continue;
    const cls = roll.find((p) => normalise(p.className) === normalise(typed));
    if (cls) return { filter: { label: cls.className, keep: (p) => p.className === cls.className }, words };
    const year = yearKey(typed);
    if (year !== undefined && /^(year|yr|y|reception)/i.test(typed.trim()) && roll.some((p) => yearKey(p.yearGroup) === year)) {
      return { filter: { label: yearLabel(roll.find((p) => yearKey(p.yearGroup) === year)!.yearGroup), keep: (p) => yearKey(p.yearGroup) === year }, words };
    }
  }
  return undefined;
}

/** A word with no letter or digit (an emoji, a dash) is not part of a name. */
const isNameWord = (s: ArgSpan) => /[\p{L}\p{N}]/u.test(s.value);

function lookUp(roll: readonly NamedPupil[], typed: string, filters: readonly Filter[], prefer?: (id: string) => boolean) {
  const within = filters.length ? roll.filter((p) => filters.every((f) => f.keep(p))) : roll;
  const match = matchOnRoll(within, typed);
  if (match.kind !== 'ambiguous' || !prefer) return match;
  // e.g. /found: of the pupils called that, the one being searched for.
  const preferred = match.ids.filter(prefer);
  return preferred.length === 1 ? { kind: 'found' as const, id: preferred[0]! } : match;
}

/** Reads the pupil words of `spans[from..to)`: class and year anywhere, the other words the name. */
function readRegion(spans: readonly ArgSpan[], roll: readonly NamedPupil[], prefer?: (id: string) => boolean) {
  const filters: Filter[] = [];
  const words: ArgSpan[] = [];
  for (let i = 0; i < spans.length; ) {
    const found = filterAt(spans, i, roll);
    if (found) {
      filters.push(found.filter);
      i += found.words;
    } else {
      if (isNameWord(spans[i]!)) words.push(spans[i]!);
      i += 1;
    }
  }
  const typed = words.map((w) => w.value).join(' ');
  if (typed !== '') {
    const match = lookUp(roll, typed, filters, prefer);
    if (match.kind !== 'unknown') return { match, typed, filters };
  }
  // A class name that is also a name ("Rowan"): read every word as the name.
  const all = spans.filter(isNameWord).map((w) => w.value).join(' ');
  if (filters.length && all !== '') {
    const match = lookUp(roll, all, [], prefer);
    if (match.kind !== 'unknown') return { match, typed: all, filters: [] };
  }
  return { match: { kind: 'unknown' as const }, typed: typed || all, filters };
}

function fromRegion(region: ReturnType<typeof readRegion>, tail: { word?: string; rest: string }): PupilWords {
  const { match, typed, filters } = region;
  if (match.kind === 'found') return { kind: 'one', id: match.id, ...tail };
  if (match.kind === 'ambiguous') return { kind: 'several', ids: match.ids, total: match.total, typed, ...tail };
  return { kind: 'none', typed, filters: filters.map((f) => f.label) };
}

/** Pure: which pupil(s) `input` names under the command's shape. Throws `notAWord` for a missing outcome/code. */
export function readPupilArgs(input: string, roll: readonly NamedPupil[], shape: PupilArgsShape, prefer?: (id: string) => boolean): PupilWords {
  const spans = parseArgSpans(input);
  const restFrom = (i: number) => {
    const first = spans[i];
    if (!first) return '';
    // Text typed in one pair of quotes is that text; anything else is kept exactly as typed ('round the back).
    const whole = spans.length === i + 1 && first.end - first.start === first.value.length + 2 && /^["'\u201c\u2018]/.test(input[first.start]!);
    return whole ? first.value : input.slice(first.start).trim();
  };

  if (shape.kind === 'only') return fromRegion(readRegion(spans, roll, prefer), { rest: '' });

  if (shape.kind === 'then-word') {
    const at = wordIndex(spans, roll, shape.isWord);
    if (at > 0) return fromRegion(readRegion(spans.slice(0, at), roll, prefer), { word: spans[at]!.value, rest: restFrom(at + 1) });
    // No outcome/code: the whole text may be just the pupil (a command that then opens its form)...
    const whole = readRegion(spans, roll, prefer);
    if (whole.match.kind !== 'unknown') return fromRegion(whole, { rest: '' });
    // ...or the word after the longest name is what was meant as one.
    const named = longestName(spans, 0, roll, prefer);
    if (named && spans[named.end]) throw shape.notAWord(spans[named.end]!.value);
    return fromRegion(whole, { rest: '' });
  }

  // then-text: class/year words, the longest run that names someone, more class/year words, then the text.
  const filters: Filter[] = [];
  let i = 0;
  for (let f = filterAt(spans, i, roll); f; f = filterAt(spans, i, roll)) {
    filters.push(f.filter);
    i += f.words;
  }
  const named = longestName(spans, i, roll, prefer);
  if (!named) {
    const typed = spans.slice(i, i + 2).map((s) => s.value).join(' ');
    return { kind: 'none', typed, filters: filters.map((f) => f.label) };
  }
  let end = named.end;
  for (let f = filterAt(spans, end, roll); f; f = filterAt(spans, end, roll)) {
    filters.push(f.filter);
    end += f.words;
  }
  const match = lookUp(roll, named.typed, filters, prefer);
  if (match.kind === 'unknown') return { kind: 'none', typed: named.typed, filters: filters.map((f) => f.label) };
  return fromRegion({ match, typed: named.typed, filters }, { rest: restFrom(end) });
}

/** The first outcome/code word after at least one word; a year that is also a code ("Y5") counts as the year when a word follows it. */
function wordIndex(spans: readonly ArgSpan[], roll: readonly NamedPupil[], isWord: (t: string) => boolean): number {
  for (let i = 1; i < spans.length; i++) {
    if (!isWord(spans[i]!.value)) continue;
    if (filterAt(spans, i, roll) && spans[i + 1] && isWord(spans[i + 1]!.value)) continue;
    return i;
  }
  return -1;
}

/** The longest run of words from `from` that names at least one pupil. */
function longestName(spans: readonly ArgSpan[], from: number, roll: readonly NamedPupil[], prefer?: (id: string) => boolean): { typed: string; end: number } | undefined {
  for (let n = Math.min(MAX_NAME_WORDS, spans.length - from); n >= 1; n--) {
    const words = spans.slice(from, from + n);
    if (!isNameWord(words[words.length - 1]!)) continue;
    const typed = words.filter(isNameWord).map((w) => w.value).join(' ');
    if (typed !== '' && lookUp(roll, typed, [], prefer).kind !== 'unknown') return { typed, end: from + n };
  }
  return undefined;
}

export interface PupilArgsRequest {
  /** The command to re-run for a picked pupil, e.g. "/missing". */
  command: string;
  /** The command's text as typed. */
  text: string;
  shape: PupilArgsShape;
  onRollOn: IsoDate;
  prefer?: (pupilId: string) => boolean;
  /** What a pick button re-runs after the UPN, when not the rest of `text` (a form's other fields). */
  carry?: string;
}

export type PupilArgs =
  | { kind: 'found'; pupil: Pupil; word?: string; rest: string }
  /** `candidates`: one line per pupil (name, year, class, UPN), for answers without buttons (the command line). */
  | { kind: 'choose'; answer: ChatMessage; candidates: string[] };

/** Reads the pupil from a command's text; UNKNOWN_PUPIL when nobody fits, a pick list when several do. */
export async function pupilFromArgs(prisma: Prisma.TransactionClient, schoolId: string, request: PupilArgsRequest): Promise<PupilArgs> {
  const roll = await loadNamesOnRoll(prisma, schoolId, { onRollOn: request.onRollOn });
  const read = readPupilArgs(request.text, roll, request.shape, request.prefer);
  if (read.kind === 'none') {
    const where = read.filters.length ? ` in ${read.filters.join(', ')}` : '';
    const offRoll = await offRollAnswer(prisma, schoolId, read.typed, request.onRollOn);
    throw new RollcallError('UNKNOWN_PUPIL', offRoll ?? `No pupil on roll${where} matches "${read.typed}". Check the spelling, or use the pupil's UPN.`);
  }
  const ids = read.kind === 'one' ? [read.id] : read.ids.slice(0, MAX_PICKS);
  const rows = new Map((await prisma.pupil.findMany({ where: { id: { in: ids } } })).map((p) => [p.id, p]));
  const pupils = ids.map((id) => rows.get(id)).filter((p): p is Pupil => p !== undefined);
  if (read.kind === 'one' && pupils[0]) return { kind: 'found', pupil: pupils[0], ...(read.word === undefined ? {} : { word: read.word }), rest: read.rest };
  if (pupils.length === 0) throw new RollcallError('UNKNOWN_PUPIL', `No pupil on roll matches "${request.text}".`);
  const after = request.carry ?? [read.word ?? '', read.rest].filter((s) => s !== '').join(' ');
  const typed = read.kind === 'several' ? read.typed : request.text;
  return { kind: 'choose', answer: pickList(request.command, typed, pupils, read.kind === 'several' ? read.total : 1, after), candidates: pupils.map(candidateLine) };
}

/**
 * A leaver (a pupil the MIS deleted, or a CSV leaving date) or a pupil not admitted yet, named exactly:
 * say so, instead of "no pupil matches", so nobody retypes the name thinking it was misspelt.
 */
async function offRollAnswer(prisma: Prisma.TransactionClient, schoolId: string, typed: string, day: IsoDate): Promise<string | undefined> {
  const match = matchOnRoll(await loadNamesOnRoll(prisma, schoolId), typed);
  if (match.kind !== 'found') return undefined;
  const pupil = await prisma.pupil.findUnique({ where: { id: match.id } });
  if (!pupil) return undefined;
  const left = fromDbDateOrNull(pupil.leavingDate);
  if (left !== null && left < day) return `${fullName(pupil)} left on ${formatDate(left)} and is no longer on roll, so nothing was recorded. Their records are kept.`;
  const admitted = fromDbDate(pupil.admissionDate);
  if (admitted > day) return `${fullName(pupil)} is on roll from ${formatDate(admitted)}, so nothing was recorded.`;
  return undefined;
}

/** "Maja Begum, Year 5, 5A, UPN H801...": how a candidate is told apart. */
export function candidateLine(p: Pick<Pupil, 'firstName' | 'preferredName' | 'lastName' | 'yearGroup' | 'className' | 'upn'>): string {
  return `${fullName(p)}, ${yearLabel(p.yearGroup)}, ${p.className}, UPN ${p.upn}`;
}

function pickList(command: string, typed: string, pupils: readonly Pupil[], total: number, after: string): ChatMessage {
  const carried = [...after].length > MAX_RERUN_TEXT ? [...after].slice(0, MAX_RERUN_TEXT).join('') : after;
  const buttons: Button[] = pupils.map((p) => rerunButton(`${fullName(p)} (${p.className}, ${p.upn})`, `${command} ${p.upn}${carried ? ` ${carried}` : ''}`));
  const more = total > pupils.length ? [context(`…and ${total - pupils.length} more: type more of the name, the class or the UPN.`)] : [];
  return message(
    `More than one pupil matches "${literal(typed)}": choose one`,
    text(`**More than one pupil matches "${literal(typed)}".** Choose one; nothing is recorded until you do.\n${pupils.map((p) => `- ${candidateLine(p)}`).join('\n')}`),
    actions(...buttons),
    ...more,
  );
}
