// The one error type Rollcall's code throws when a person asked for something that cannot be done.
// It imports nothing, so every layer can throw it; each transport maps its codes to an answer in its own
// table (chat/errors.ts for chat). Anything that is not a RollcallError is an internal error.
//
// Codes:
//   UNKNOWN_PUPIL    no pupil matches the name/UPN given
//   AMBIGUOUS_PUPIL  several pupils match; `matches` lists them so the person can pick
//   FORBIDDEN        the person's role does not allow this (or they are not set up as staff)
//   INVALID_INPUT    arguments or form values are wrong; `fields` names modal inputs to flag
//   NOT_FOUND        the case/incident/task/command does not exist (or not in this school)
//   CONFLICT         someone else changed it first (claimed, closed, already recorded)
//   UNKNOWN_SCHOOL   no school with that id or slug (the message names the schools there are)
//   INVALID_POLICY   a policy file that does not validate; `issues` gives each field and why
//   INVALID_CODE     a register code that does not exist, or not on that date

export const ROLLCALL_ERROR_CODES = [
  'UNKNOWN_PUPIL',
  'AMBIGUOUS_PUPIL',
  'FORBIDDEN',
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNKNOWN_SCHOOL',
  'INVALID_POLICY',
  'INVALID_CODE',
] as const;

export type RollcallErrorCode = (typeof ROLLCALL_ERROR_CODES)[number];

export interface RollcallErrorDetails {
  /** For AMBIGUOUS_PUPIL (and UNKNOWN_PUPIL suggestions): names to offer. */
  matches?: string[];
  /** For INVALID_INPUT from a modal: input id -> what is wrong, shown beside the input. */
  fields?: Record<string, string>;
  /** A usage line to remind the person how the command is written. */
  usage?: string;
  /** For INVALID_POLICY: each field of the policy file and why it cannot be used. */
  issues?: { path: string; message: string }[];
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
