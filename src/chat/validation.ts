// Turns zod issues into answers staff can act on: command arguments are numbered as typed,
// modal issues are attached to the input they concern.

import type { z } from 'zod';

export function describeArgumentIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const [first] = issue.path;
      if (issue.path.length === 0 && issue.code === 'too_small' && issue.origin === 'array') {
        return `Not enough arguments (expected at least ${String(issue.minimum)}).`;
      }
      if (issue.path.length === 0 && issue.code === 'too_big' && issue.origin === 'array') {
        return `Too many arguments (expected at most ${String(issue.maximum)}). Put names with spaces in "quotes".`;
      }
      if (typeof first === 'number') return `Argument ${first + 1}: ${issue.message}`;
      if (first !== undefined) return `${String(first)}: ${issue.message}`;
      return issue.message;
    })
    .join(' ');
}

/** Modal input id -> message (first issue per input); issues not tied to an input go under `_form`. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const [first] = issue.path;
    const key = first === undefined ? '_form' : String(first);
    errors[key] ??= issue.message;
  }
  return errors;
}
