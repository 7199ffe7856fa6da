// Every workflow Rollcall runs, in one list the server and the tests share.
import { unexplainedWorkflow } from '../workflows/unexplained/index.js';
import type { Workflow } from './workflow.js';

export const WORKFLOWS: readonly Workflow[] = [unexplainedWorkflow];
