// The digest workflow as the app plugs it in: `/digest` on the router and the weekly digest job on the
// policy's schedule (the leadership channel, with the chart uploaded after the post). A trust digest is
// scheduled by the app for the schools it groups (weeklyTrustDigestJob in jobs.ts).

import type { AppServices, Workflow } from '../../app/workflow.js';
import type { SchoolWithPolicy } from '../../app/school-directory.js';
import type { SchoolJob } from '../../jobs/index.js';
import { depsFrom, notifierPublisher } from '../tiers/index.js';
import { weeklyCron } from '../tiers/jobs.js';
import { registerDigestRoutes } from './commands.js';
import { weeklyDigestJob } from './jobs.js';

export function digestJobs(school: SchoolWithPolicy, services: AppServices): SchoolJob[] {
  return [{
    name: 'weekly-digest',
    cron: weeklyCron(school.policy.schedule.digest),
    run: (occurrence) => weeklyDigestJob(services.db, notifierPublisher(services, school), school, occurrence),
  }];
}

export const digestWorkflow: Workflow = {
  name: 'digest',
  register(router, services) {
    registerDigestRoutes(router, depsFrom(services));
  },
  jobs: digestJobs,
};
