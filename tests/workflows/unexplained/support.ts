// A small Lutley school for the unexplained-absence end-to-end tests (Monday 23 Nov 2026, London = UTC):
// Kai Reed (CP plan, social worker) absent Thu, Fri and this morning (N); Amy Brown absent this morning
// (N) with two contacts; Lily Evans with no AM mark at all; Amy Browning present (so "Amy" is ambiguous);
// Mo Khan with an N last Tuesday (4 school days old today) and Ben Ode an N last Monday PM, 40 minutes
// late (5 school days old: overdue, U). Staff: head/DSL, two office, attendance officer, class teacher.
import { readFileSync } from 'node:fs';
import type { AppServices, Workflow } from '../../../src/core/workflow.js';
import type { Database } from '../../../src/db/client.js';
import { importFile } from '../../../src/register/import.js';
import { addOrUpdateSchool } from '../../../src/register/schools.js';
import type { ImportKind } from '../../../src/register/types.js';
import type { JobContext, SchoolJob } from '../../../src/jobs/index.js';
import { JOBS, unexplainedWorkflow } from '../../../src/workflows/unexplained/index.js';
import { startLocalHarness, type LocalHarness } from '../../support/local-harness.js';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

export const SLUG = 'lutley-test';

export const STAFF = `staff_id,name,email,roles,slack_user_id,teams_user_id
S001,Helen Carter,,headteacher;dsl,UHEAD,
S002,Clare Fell,,office,UOFFICE,
S003,Anita Shah,,office,UOFFICE2,
S004,Rachel Ashton,,attendance-officer,UATT,
S005,Lucy Hart,,class-teacher,UTEACH,
`;

export const PUPILS = `upn,first_name,last_name,preferred_name,year_group,class,date_of_birth,gender,admission_date,leaving_date,sen_status,ehcp,fsm,eal,looked_after,child_protection_plan,social_worker,young_carer
A100000000001,Amy,Brown,,Y3,3B,2018-03-14,F,2022-09-05,,N,N,N,N,N,N,N,N
A100000000002,Amy,Browning,,Y3,3B,2018-06-02,F,2022-09-05,,N,N,N,N,N,N,N,N
A100000000003,Kai,Reed,,Y5,5H,2016-04-01,M,2021-09-06,,N,N,N,N,N,Y,Y,N
A100000000004,Mohammed,Khan,Mo,Y5,5H,2016-11-11,M,2021-09-06,,N,N,N,N,N,N,N,N
A100000000005,Lily,Evans,,Y1,1R,2020-01-10,F,2024-09-04,,N,N,N,N,N,N,N,N
A100000000006,Ben,Ode,,Y1,1R,2020-03-03,M,2024-09-04,,N,N,N,N,N,N,N,N
`;

export const CONTACTS = `upn,priority,name,relationship,phone,email,lives_with_pupil,parental_responsibility
A100000000001,1,Jane Brown,Mother,07700 900001,jane@example.org,Y,Y
A100000000001,2,Tom Brown,Father,07700 900002,,N,Y
A100000000003,1,Sara Reed,Mother,07700 900031,,Y,Y
A100000000003,2,Dan Reed,Uncle,07700 900032,,N,N
A100000000005,1,Kim Evans,Mother,07700 900051,,Y,Y
`;

const WEEK = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];

export function marks(): string {
  const lines = ['upn,date,session,code,minutes_late'];
  const upns = ['A100000000001', 'A100000000002', 'A100000000003', 'A100000000004', 'A100000000005', 'A100000000006'];
  for (const upn of upns) {
    for (const date of WEEK) {
      for (const session of ['AM', 'PM']) {
        let code = session === 'AM' ? '/' : '\\';
        let late = '';
        if (upn === 'A100000000003' && date >= '2026-11-19') code = 'N';
        if (upn === 'A100000000004' && date === '2026-11-17' && session === 'AM') code = 'N';
        if (upn === 'A100000000006' && date === '2026-11-16' && session === 'PM') [code, late] = ['N', '40'];
        lines.push(`${upn},${date},${session},${code},${late}`);
      }
    }
  }
  // This morning: Amy and Kai N, Lily not marked, everyone else present.
  lines.push('A100000000001,2026-11-23,AM,N,', 'A100000000002,2026-11-23,AM,/,', 'A100000000003,2026-11-23,AM,N,', 'A100000000004,2026-11-23,AM,/,', 'A100000000006,2026-11-23,AM,/,');
  return `${lines.join('\n')}\n`;
}

export async function seedSmallSchool(db: Database, policyYaml = readFileSync('policies/lutley.yaml', 'utf8')): Promise<string> {
  const saved = await addOrUpdateSchool(db.prisma, { slug: SLUG, policyYaml }, { name: 'test', role: 'system' });
  const files: [ImportKind, string][] = [['staff', STAFF], ['pupils', PUPILS], ['contacts', CONTACTS], ['marks', marks()]];
  for (const [kind, csvText] of files) {
    const result = await importFile(db, { receivedAt: new Date(), schoolSlug: SLUG, kind, csvText, actor: { name: 'test', role: 'system' } });
    if (result.errors.length) throw new Error(`${kind}: ${JSON.stringify(result.errors)}`);
  }
  return saved.school.id;
}

export interface SmallSchool {
  h: SlackHarness;
  schoolId: string;
  job(name: (typeof JOBS)[keyof typeof JOBS]): Promise<SchoolJob>;
  runJob(name: (typeof JOBS)[keyof typeof JOBS], at: string): Promise<unknown>;
}

/** One of the workflow's scheduled jobs for the school, as the scheduler would run it. */
export async function unexplainedJob(services: AppServices, schoolId: string, name: string): Promise<SchoolJob> {
  const found = unexplainedWorkflow.jobs!(await services.school(schoolId), services).find((j) => j.name === name);
  if (!found) throw new Error(`no job ${name}`);
  return found;
}

export async function runUnexplainedJob(services: AppServices, schoolId: string, name: string, at: string): Promise<unknown> {
  const context: JobContext = { schoolId, timezone: 'Europe/London', name };
  return (await unexplainedJob(services, schoolId, name)).run(new Date(at), context);
}

/** The small school on the local port just after the AM register closed on Mon 23 Nov 2026: the list is posted. */
export async function localAfterAmClose(workflows: readonly Workflow[] = [unexplainedWorkflow]): Promise<LocalHarness> {
  const h = await startLocalHarness({ workflows, now: new Date('2026-11-23T09:15:00Z'), seed: (db) => seedSmallSchool(db) });
  await runUnexplainedJob(h.rollcall.services, h.schoolId, JOBS.amClose, '2026-11-23T09:15:00Z');
  await h.drain();
  return h;
}

export async function startSmallSchool(now: string, workflows: readonly Workflow[] = [unexplainedWorkflow]): Promise<SmallSchool> {
  let schoolId = '';
  const h = await startSlackHarness({ workflows, now: new Date(now), seed: async (db) => { schoolId = await seedSmallSchool(db); } });
  return {
    h,
    schoolId,
    job: (name) => unexplainedJob(h.rollcall.services, schoolId, name),
    runJob: (name, at) => runUnexplainedJob(h.rollcall.services, schoolId, name, at),
  };
}

/** Everything a Slack message or call body says, as one string, for "contains" checks. */
export function textOf(value: unknown): string {
  return JSON.stringify(value);
}
