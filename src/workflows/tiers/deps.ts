// What the tier and digest handlers and jobs need from the app: the database, each school's policy and,
// optionally, a way to publish (so a recorded action can update the weekly post in place).
// policyFromSchoolRow reads School.policyYaml; the app may pass a cached lookup instead.

import type { Database } from '../../db/client.js';
import type { Policy } from '../../policy/schema.js';
import type { Publisher } from './jobs.js';
import { loadSchool } from '../../register/schools.js';

export interface WorkflowDeps {
  db: Database;
  policyFor(schoolId: string): Promise<Policy>;
  /** Without it the weekly post is not updated when an action is recorded (the CLI, unit tests). */
  publisherFor?(schoolId: string): Promise<Publisher>;
}

export function policyFromSchoolRow(db: Database): (schoolId: string) => Promise<Policy> {
  return async (schoolId) => (await loadSchool(db.prisma, { id: schoolId })).policy;
}
