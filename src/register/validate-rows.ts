// Runs a row schema over every row of a file and turns zod's issues into one line-numbered reason per bad
// row, naming the column the school must fix; the lines the reader could not read join them.

import type { z } from 'zod';
import type { ImportRows, RowError } from './types.js';

export interface ValidRow<T> {
  line: number;
  row: T;
}

export function validateRows<S extends z.ZodType>(
  { rows, unreadable, onProgress }: Pick<ImportRows, 'rows' | 'unreadable' | 'onProgress'>,
  schema: S,
): { valid: ValidRow<z.output<S>>[]; errors: RowError[] } {
  const valid: ValidRow<z.output<S>>[] = [];
  const errors: RowError[] = [];
  for (let i = 0; i < rows.length; i++) {
    const { line, values } = rows[i]!;
    const parsed = schema.safeParse(values);
    if (parsed.success) valid.push({ line, row: parsed.data });
    else errors.push({ line, reason: describeIssues(parsed.error.issues) });
    if (onProgress && (i + 1) % 20_000 === 0) onProgress({ phase: 'validating', done: i + 1, total: rows.length });
  }
  onProgress?.({ phase: 'validating', done: rows.length, total: rows.length });
  return { valid, errors: [...errors, ...unreadable] };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')} ${issue.message}` : issue.message)).join('; ');
}

/** Reports the second and later rows that repeat a key, pointing back at the first. */
export function findDuplicates<T>(rows: readonly ValidRow<T>[], keyOf: (row: T) => string, describe: string): RowError[] {
  const first = new Map<string, number>();
  const errors: RowError[] = [];
  for (const { line, row } of rows) {
    const key = keyOf(row);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, line);
    else errors.push({ line, reason: `repeats line ${seen} (same ${describe})` });
  }
  return errors;
}

export function byLine(a: RowError, b: RowError): number {
  return a.line - b.line;
}
