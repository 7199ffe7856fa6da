// Every operation a command can hand to the database's owner, loaded only when run: `rollcall --help`
// and each command load just what they use.
import type { z } from 'zod';
import type { Operation } from '../operation.js';

type Loader = () => Promise<{ operation: Operation<z.ZodType> }>;

export const OPERATIONS = {
  migrate: () => import('./migrate.js'),
  'school-add': () => import('./school-add.js'),
  import: () => import('./import.js'),
  demo: () => import('./demo.js'),
  report: () => import('./report.js'),
  'export-amendments': () => import('./export-amendments.js'),
  'export-incident': () => import('./export-incident.js'),
  'mis-sync': () => import('./mis-sync.js'),
  'mis-status': () => import('./mis-status.js'),
} satisfies Record<string, Loader>;

export type OperationName = keyof typeof OPERATIONS;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}

export async function loadOperation(name: OperationName): Promise<Operation<z.ZodType>> {
  return (await (OPERATIONS[name] as Loader)()).operation;
}
