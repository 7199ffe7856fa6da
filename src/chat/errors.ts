// The chat answer for an error: the one table that turns a RollcallError's code into a private message.
// Adapters map platform errors themselves (slack/errors.ts); anything that is not a RollcallError is
// answered as an internal error and logged.

import { isRollcallError, type RollcallErrorCode } from '../errors/rollcall-error.js';
import { message, text, context, literal, type ChatMessage, type Block } from './model.js';

const TITLES: Record<RollcallErrorCode, string> = {
  UNKNOWN_PUPIL: 'No pupil found',
  AMBIGUOUS_PUPIL: 'More than one pupil matches',
  FORBIDDEN: 'Not allowed',
  INVALID_INPUT: 'That needs another look',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Someone got there first',
  UNKNOWN_SCHOOL: 'No such school',
  INVALID_POLICY: 'The policy cannot be used',
  INVALID_CODE: 'Not a register code',
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
  // Messages are plain sentences that often repeat what was typed: shown as text, never as markup.
  const blocks: Block[] = [text(`**${TITLES[error.code]}.** ${literal(error.message)}`)];
  const { matches, fields, usage } = error.details;
  if (matches && matches.length > 0) {
    blocks.push(text(matches.map((m) => `- ${literal(m)}`).join('\n')));
  }
  if (fields) {
    const lines = Object.entries(fields).map(([id, problem]) => `- ${id}: ${literal(problem)}`);
    if (lines.length > 0) blocks.push(text(lines.join('\n')));
  }
  if (usage) blocks.push(context(`Usage: \`${usage}\``));
  return message(`${TITLES[error.code]}: ${literal(error.message)}`, ...blocks);
}
