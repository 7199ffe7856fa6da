// A Lutley school of many pupils, every one absent without a reason this morning (AM N), each with one
// contact, and the small school's five staff on Teams: the 90-pupil lists and catch-ups of issue 16.
import { readFileSync } from 'node:fs';
import type { Database } from '../../../src/db/client.js';
import { FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES } from '../../../src/demo/names.js';
import { importFile } from '../../../src/register/import.js';
import type { ImportKind } from '../../../src/register/types.js';
import { addOrUpdateSchool } from '../../../src/register/schools.js';
import type { TeamsUser } from '../../support/teams-activity.js';

export const BIG_SLUG = 'lutley-big';
export const TODAY = '2026-11-23';

export const STAFF: Record<string, TeamsUser> = {
  head: { id: '29:helen-teams', aadObjectId: 'aad-helen-0001', name: 'Helen Carter' },
  office: { id: '29:clare-teams', aadObjectId: 'aad-clare-0002', name: 'Clare Fell' },
  office2: { id: '29:anita-teams', aadObjectId: 'aad-anita-0003', name: 'Anita Shah' },
  officer: { id: '29:rachel-teams', aadObjectId: 'aad-rachel-0004', name: 'Rachel Ashton' },
  teacher: { id: '29:lucy-teams', aadObjectId: 'aad-lucy-0005', name: 'Lucy Hart' },
};

const STAFF_CSV = `staff_id,name,email,roles,slack_user_id,teams_user_id
S001,Helen Carter,,headteacher;dsl,,aad-helen-0001
S002,Clare Fell,,office,,aad-clare-0002
S003,Anita Shah,,office,,aad-anita-0003
S004,Rachel Ashton,,attendance-officer,,aad-rachel-0004
S005,Lucy Hart,,class-teacher,,aad-lucy-0005
`;

const upn = (i: number) => `B${String(100000000000 + i)}`;

function files(pupils: number): [ImportKind, string][] {
  const rows = Array.from({ length: pupils }, (_, i) => {
    const first = (i % 2 ? FIRST_NAMES_M : FIRST_NAMES_F)[i % 20]!;
    const last = LAST_NAMES[(i * 7) % LAST_NAMES.length]!;
    const year = 1 + (i % 6);
    return { upn: upn(i), first, last, year };
  });
  const pupilsCsv = ['upn,first_name,last_name,preferred_name,year_group,class,date_of_birth,gender,admission_date,leaving_date,sen_status,ehcp,fsm,eal,looked_after,child_protection_plan,social_worker,young_carer',
    ...rows.map((p) => `${p.upn},${p.first},${p.last},,Y${p.year},${p.year}A,${2020 - p.year}-03-14,F,2022-09-05,,N,N,N,N,N,N,N,N`)].join('\n');
  const contactsCsv = ['upn,priority,name,relationship,phone,email,lives_with_pupil,parental_responsibility',
    ...rows.map((p, i) => `${p.upn},1,Parent ${p.last},Mother,07700 9${String(10000 + i).slice(1)},,Y,Y`)].join('\n');
  const week = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
  const marks = ['upn,date,session,code,minutes_late'];
  for (const p of rows) {
    for (const date of week) marks.push(`${p.upn},${date},AM,/,`, `${p.upn},${date},PM,\\,`);
    marks.push(`${p.upn},${TODAY},AM,N,`);
  }
  return [['staff', STAFF_CSV], ['pupils', `${pupilsCsv}\n`], ['contacts', `${contactsCsv}\n`], ['marks', `${marks.join('\n')}\n`]];
}

export async function seedBigSchool(db: Database, pupils: number): Promise<string> {
  const saved = await addOrUpdateSchool(db.prisma, { slug: BIG_SLUG, policyYaml: readFileSync('policies/lutley.yaml', 'utf8') }, { name: 'test', role: 'system' });
  for (const [kind, csvText] of files(pupils)) {
    const result = await importFile(db, { receivedAt: new Date(), schoolSlug: BIG_SLUG, kind, csvText, actor: { name: 'test', role: 'system' } });
    if (result.errors.length) throw new Error(`${kind}: ${JSON.stringify(result.errors.slice(0, 3))}`);
  }
  return saved.school.id;
}
