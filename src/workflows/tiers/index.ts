// The tiers workflow as the app plugs it in (src/core/workflow.ts): `/tiers` and the action-done button
// on the router, and the weekly tiers job on the policy's schedule, publishing through the Notifier
// (src/core/notifier.ts).

import type { AppServices, Workflow } from '../../core/workflow.js';
import type { SchoolWithPolicy } from '../../register/schools.js';
import type { SchoolJob } from '../../jobs/index.js';
import { registerTiersRoutes } from './commands.js';
import type { WorkflowDeps } from './deps.js';
import { weeklyCron, weeklyTiersJob, type Publisher } from './jobs.js';

export function depsFrom(services: AppServices): WorkflowDeps {
  return {
    db: services.db,
    policyFor: async (id) => (await services.school(id)).policy,
    publisherFor: async (id) => notifierPublisher(services, await services.school(id)),
  };
}

/** Publishing through the Notifier (src/core/notifier.ts) (one outbox row per platform the school is served on). */
export function notifierPublisher(services: AppServices, school: SchoolWithPolicy): Publisher {
  return {
    post: (tx, input) => services.notify.post(tx, { school, channel: input.channel, key: input.key, messageKey: input.key, message: input.message }),
    upload: (tx, input) => services.notify.upload(tx, { school, channel: input.channel, key: input.key, filename: input.filename, title: input.title, base64: input.base64 }),
    update: (tx, input) => services.notify.update(tx, { school, channel: input.channel, key: input.key, messageKey: input.messageKey, message: input.message }),
  };
}

export function tiersJobs(school: SchoolWithPolicy, services: AppServices): SchoolJob[] {
  return [{
    name: 'weekly-tiers',
    cron: weeklyCron(school.policy.schedule.weeklyTiers),
    run: (occurrence) => weeklyTiersJob(services.db, notifierPublisher(services, school), school, occurrence),
  }];
}

export const tiersWorkflow: Workflow = {
  name: 'tiers',
  register(router, services) {
    registerTiersRoutes(router, depsFrom(services));
  },
  jobs: tiersJobs,
};
