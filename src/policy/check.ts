// The text behind `rollcall policy check FILE`: a valid file prints OK and its legal warnings (exit 0); an
// invalid one prints every error as `path: reason` (exit 1). The CLI only prints this and exits.

import type { PolicyIssue } from './issues.js';
import { loadPolicyFile } from './load.js';

export interface PolicyCheckReport {
  exitCode: 0 | 1;
  output: string;
}

export function checkPolicyFile(path: string): PolicyCheckReport {
  const result = loadPolicyFile(path);
  if (!result.ok) {
    const count = result.errors.length === 1 ? '1 error' : `${result.errors.length} errors`;
    return { exitCode: 1, output: [`${path}: not valid (${count})`, ...result.errors.map(line)].join('\n') };
  }
  const { policy, warnings } = result;
  const header = `OK ${path} (${policy.school.name})`;
  if (warnings.length === 0) return { exitCode: 0, output: `${header}\nNo legal warnings.` };
  const count = warnings.length === 1 ? '1 legal warning' : `${warnings.length} legal warnings`;
  return {
    exitCode: 0,
    output: [header, `${count} (the policy loads; Rollcall applies the national rules regardless):`, ...warnings.map(line)].join('\n'),
  };
}

function line(issue: PolicyIssue): string {
  return `  ${issue.path}: ${issue.message}`;
}
