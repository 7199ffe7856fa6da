// The tiers workflow as the app plugs it in: `/tiers` and the action-done button on the router, and the
// weekly tiers job on the policy's schedule, posting through the Notifier.

import type { AppServices, Workflow } from '../../core/workflow.js';
import { weeklyCron, type SchoolJob } from '../../jobs/index.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import { registerTiersRoutes } from './commands.js';
import { weeklyTiersJob } from './jobs.js';

export function tiersJobs(school: SchoolWithPolicy, services: AppServices): SchoolJob[] {
  return [{
    name: 'weekly-tiers',
    cron: weeklyCron(school.policy.schedule.weeklyTiers),
    run: (occurrence) => weeklyTiersJob(services, school, occurrence),
  }];
}

export const tiersWorkflow: Workflow = {
  name: 'tiers',
  register: registerTiersRoutes,
  jobs: tiersJobs,
};
