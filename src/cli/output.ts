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
