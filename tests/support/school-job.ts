// Runs one of a workflow's scheduled jobs for a school at one occurrence, as the scheduler would: the
// tests of the weekly posts start from here instead of waiting for cron.
import type { AppServices, Workflow } from '../../src/core/workflow.js';

export async function runSchoolJob(workflow: Workflow, services: AppServices, schoolId: string, name: string, occurrence: Date): Promise<unknown> {
  const school = await services.school(schoolId);
  const job = workflow.jobs?.(school, services).find((j) => j.name === name);
  if (!job) throw new Error(`the ${workflow.name} workflow has no job ${name}`);
  return job.run(occurrence, { schoolId, timezone: school.timezone, name });
}
