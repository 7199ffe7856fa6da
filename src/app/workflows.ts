// Every workflow Rollcall runs, in one list the server and the tests share.
import { digestWorkflow } from '../workflows/digest/index.js';
import { missingPupilWorkflow } from '../workflows/missing/index.js';
import { tiersWorkflow } from '../workflows/tiers/index.js';
import { unexplainedWorkflow } from '../workflows/unexplained/index.js';
import type { Workflow } from '../core/workflow.js';

export const WORKFLOWS: readonly Workflow[] = [unexplainedWorkflow, missingPupilWorkflow, tiersWorkflow, digestWorkflow];
