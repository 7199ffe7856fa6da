// Shared exits for CLI commands: errors go to stderr with exit code 1, never a stack trace for bad input.
export function fail(message: string, code = 1): void {
  console.error(message);
  process.exitCode = code;
}
