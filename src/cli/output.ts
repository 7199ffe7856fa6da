// Shared exits for CLI commands: errors go to stderr with exit code 1, never a stack trace for bad input.
import type { Outcome } from './operation.js';

export function fail(message: string, code = 1): void {
  console.error(message);
  process.exitCode = code;
}

export function print(outcome: Outcome): void {
  if (outcome.stdout) process.stdout.write(outcome.stdout);
  if (outcome.stderr) process.stderr.write(outcome.stderr);
  process.exitCode = outcome.exitCode;
}

/**
 * Ends the process once everything printed has reached the reader: a write to a pipe is queued when the
 * reader is slower (`rollcall report pupils --format json | jq` for a big school), and process.exit()
 * alone would cut the output there.
 */
export async function exitWhenWritten(code: number): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
  process.exit(code);
}
