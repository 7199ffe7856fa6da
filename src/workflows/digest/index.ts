// The digest workflow as the app plugs it in: `/digest` on the router and the weekly digest job on the
// policy's schedule (the leadership channel, with the chart uploaded after the post). A school whose
// policy says it posts its trust's digest also gets the trust-wide one, on the same schedule.

import type { AppServices, Workflow } from '../../core/workflow.js';
import { weeklyCron, type SchoolJob } from '../../jobs/index.js';
import { loadAllSchools, type SchoolWithPolicy } from '../../register/schools.js';
import { registerDigestRoutes } from './commands.js';
import { weeklyDigestJob, weeklyTrustDigestJob } from './jobs.js';

export function digestJobs(school: SchoolWithPolicy, services: AppServices): SchoolJob[] {
  const jobs: SchoolJob[] = [{
    name: 'weekly-digest',
    cron: weeklyCron(school.policy.schedule.digest),
    run: (occurrence) => weeklyDigestJob(services, school, occurrence),
  }];
  const trust = school.policy.trust;
  if (trust?.postsTrustDigest) {
    jobs.push({
      name: 'weekly-trust-digest',
      cron: weeklyCron(school.policy.schedule.digest),
      run: async (occurrence) => {
        // The trust's schools are read when the job runs, so a school joining the trust is included
        // without restarting anything.
        const schools = (await loadAllSchools(services.db.prisma)).filter((s) => s.policy.trust?.name === trust.name);
        return weeklyTrustDigestJob(services, school, { schools, title: `${trust.name}: attendance digest` }, occurrence);
      },
    });
  }
  return jobs;
}

export const digestWorkflow: Workflow = {
  name: 'digest',
  register: registerDigestRoutes,
  jobs: digestJobs,
};
