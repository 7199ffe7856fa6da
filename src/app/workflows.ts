// Every workflow Rollcall runs, in one list the server and the tests share.
import { misWorkflow } from '../workflows/mis/index.js';
import { digestWorkflow } from '../workflows/digest/index.js';
import { missingPupilWorkflow } from '../workflows/missing/index.js';
import { tiersWorkflow } from '../workflows/tiers/index.js';
import { unexplainedWorkflow } from '../workflows/unexplained/index.js';
import type { Workflow } from '../core/workflow.js';

// The register feed first: a restarted process syncs before the lists catch up.
export const WORKFLOWS: readonly Workflow[] = [misWorkflow(), unexplainedWorkflow, missingPupilWorkflow, tiersWorkflow, digestWorkflow];
