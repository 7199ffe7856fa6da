// The one error type Rollcall's code throws when a person asked for something that cannot be done,
// and the one table that turns it into a private answer. Adapters map platform errors themselves
// (slack/errors.ts); anything that is not a RollcallError is answered as an internal error and logged.
//
// Codes:
//   UNKNOWN_PUPIL    no pupil matches the name/UPN given
//   AMBIGUOUS_PUPIL  several pupils match; `matches` lists them so the person can pick
//   FORBIDDEN        the person's role does not allow this (or they are not set up as staff)
//   INVALID_INPUT    arguments or form values are wrong; `fields` names modal inputs to flag
//   NOT_FOUND        the case/incident/task/command does not exist (or not in this school)
//   CONFLICT         someone else changed it first (claimed, closed, already recorded)

import { message, text, context, type ChatMessage, type Block } from './model.js';

export const ROLLCALL_ERROR_CODES = [
  'UNKNOWN_PUPIL',
  'AMBIGUOUS_PUPIL',
  'FORBIDDEN',
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
] as const;

export type RollcallErrorCode = (typeof ROLLCALL_ERROR_CODES)[number];

export interface RollcallErrorDetails {
  /** For AMBIGUOUS_PUPIL (and UNKNOWN_PUPIL suggestions): names to offer. */
  matches?: string[];
  /** For INVALID_INPUT from a modal: input id -> what is wrong, shown beside the input. */
  fields?: Record<string, string>;
  /** A usage line to remind the person how the command is written. */
  usage?: string;
}

export class RollcallError extends Error {
  override readonly name = 'RollcallError';
  constructor(
    readonly code: RollcallErrorCode,
    /** Shown to the person as-is: write it for them, in the school's words. */
    message: string,
    readonly details: RollcallErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isRollcallError(error: unknown): error is RollcallError {
  return error instanceof RollcallError;
}

const TITLES: Record<RollcallErrorCode, string> = {
  UNKNOWN_PUPIL: 'No pupil found',
  AMBIGUOUS_PUPIL: 'More than one pupil matches',
  FORBIDDEN: 'Not allowed',
  INVALID_INPUT: 'That needs another look',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Someone got there first',
};

/** The private answer for an error. `reference` ties an internal error to its log line. */
export function answerForError(error: unknown, reference: string): ChatMessage {
  if (!isRollcallError(error)) {
    return message(
      'Something went wrong',
      text('**Something went wrong** and nothing was changed. Please try again in a minute.'),
      context(`If it keeps happening, give this reference to your data manager: ${reference}`),
    );
  }
  const blocks: Block[] = [text(`**${TITLES[error.code]}.** ${error.message}`)];
  const { matches, fields, usage } = error.details;
  if (matches && matches.length > 0) {
    blocks.push(text(matches.map((m) => `- ${m}`).join('\n')));
  }
  if (fields) {
    const lines = Object.entries(fields).map(([id, problem]) => `- ${id}: ${problem}`);
    if (lines.length > 0) blocks.push(text(lines.join('\n')));
  }
  if (usage) blocks.push(context(`Usage: \`${usage}\``));
  return message(`${TITLES[error.code]}: ${error.message}`, ...blocks);
}
