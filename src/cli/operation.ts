// A command's database work as an operation: a name, a zod schema for its plain-JSON input, and a run
// on an open database that returns what to print. The command line builds the input (reading any files
// there), then the operation runs either in this process or, when a running Rollcall owns the embedded
// database, in that process (./owner-endpoint.ts), with the same result either way.
import type { z } from 'zod';
import type { Database } from '../db/client.js';
import type { Clock } from '../jobs/index.js';

export interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface OperationContext {
  /** Progress bars may be drawn on this process's terminal (never when forwarded). */
  tty: boolean;
  /** When things happen (e.g. when register data counts as received); default the system clock. Tests step their own. */
  clock?: Clock;
}

export interface Operation<S extends z.ZodType> {
  input: S;
  /** false when the operation applies migrations itself (`rollcall migrate`). */
  migrateOnOpen?: false;
  run(db: Database, input: z.infer<S>, context: OperationContext): Promise<Outcome>;
}

export function defineOperation<S extends z.ZodType>(operation: Operation<S>): Operation<S> {
  return operation;
}

export const printed = (stdout: string): Outcome => ({ exitCode: 0, stdout: stdout.endsWith('\n') || !stdout ? stdout : `${stdout}\n`, stderr: '' });
export const failed = (message: string): Outcome => ({ exitCode: 1, stdout: '', stderr: `${message}\n` });
