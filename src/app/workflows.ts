// Every workflow Rollcall runs, in one list the server and the tests share.
import type { Workflow } from './workflow.js';

export const WORKFLOWS: readonly Workflow[] = [];
