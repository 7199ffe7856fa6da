// The errors register code throws for requests that cannot be met (an unknown school, a code not valid on
// the date, a bad policy file). Callers in chat/ and cli/ map `code` to their own answers; the register
// folder must not import chat/ (dependencies point inwards).

export type RegisterErrorCode =
  | 'UNKNOWN_SCHOOL'
  | 'INVALID_POLICY'
  | 'INVALID_CODE'
  | 'UNKNOWN_PUPIL'
  | 'INVALID_INPUT';

export class RegisterError extends Error {
  override readonly name = 'RegisterError';
  constructor(
    readonly code: RegisterErrorCode,
    /** Written for the person who asked: says what is wrong and what would be accepted. */
    message: string,
    /** For INVALID_POLICY: each field and why. */
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export function isRegisterError(error: unknown): error is RegisterError {
  return error instanceof RegisterError;
}
