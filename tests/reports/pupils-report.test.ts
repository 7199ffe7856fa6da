// The `report pupils` JSON contract on a hand-made school whose figures are worked out by hand below.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { createTestDatabase } from '../support/db.js';
import type { Database } from '../../src/db/client.js';
import { addOrUpdateSchool } from '../../src/register/schools.js';
import { importFile } from '../../src/register/import.js';
import { loadSchool } from '../../src/register/schools.js';
import { schoolFacts } from '../../src/reports/pupil-facts.js';
import { leanSchoolFacts } from '../../src/reports/lean-facts.js';
import { pupilsReport } from '../../src/reports/pupils-report.js';

const ACTOR = { name: 'Test', role: 'data-manager' };
// Autumn 2026 under the Lutley preset: INSET 1-2 Sep, so 3 Sep to 18 Sep is 12 school days, 24 sessions.
const DAYS = ['2026-09-03', '2026-09-04', '2026-09-07', '2026-09-08', '2026-09-09', '2026-09-10', '2026-09-11', '2026-09-14', '2026-09-15', '2026-09-16', '2026-09-17', '2026-09-18'];
const special: Record<string, Record<string, string>> = {
  // Ben: a week's holiday and the Monday after (12 G sessions): national threshold on the 10th, Fri 11 Sep PM.
  A100000000002: Object.fromEntries(['2026-09-07', '2026-09-08', '2026-09-09', '2026-09-10', '2026-09-11', '2026-09-14'].flatMap((d) => [[`${d}AM`, 'G'], [`${d}PM`, 'G']])),
  // Cal: late (present), ill (2 authorised), medical (authorised), two open Ns and a U (unauthorised),
  // an approved activity (present) and a dual-registration session (not possible).
  A100000000003: { '2026-09-03AM': 'L', '2026-09-04AM': 'I', '2026-09-04PM': 'I', '2026-09-07AM': 'M', '2026-09-08AM': 'U', '2026-09-09PM': 'B', '2026-09-10AM': 'D', '2026-09-17AM': 'N', '2026-09-18AM': 'N' },
};

function marksCsv(): string {
  const lines = ['upn,date,session,code,minutes_late,note'];
  for (const upn of ['A100000000001', 'A100000000002', 'A100000000003', 'A100000000004']) {
    for (const d of DAYS) {
      for (const s of ['AM', 'PM'] as const) {
        const code = special[upn]?.[`${d}${s}`] ?? (s === 'AM' ? '/' : '\\');
        const late = code === 'L' ? '12' : code === 'U' ? '50' : '';
        const note = code === 'B' ? 'Swimming gala at the county pool' : '';
        lines.push(`${upn},${d},${s},${code === '\\' ? '\\' : code},${late},${note}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

let db: Database;
let schoolId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  const saved = await addOrUpdateSchool(db.prisma, { slug: 'report-school', policyYaml: readFileSync('policies/lutley.yaml', 'utf8') }, ACTOR);
  schoolId = saved.school.id;
  const pupils = await importFile(db, { receivedAt: new Date(), schoolSlug: 'report-school', kind: 'pupils', csvText: readFileSync('tests/fixtures/report-school/pupils.csv', 'utf8'), actor: ACTOR });
  expect(pupils.errors).toEqual([]);
  const marks = await importFile(db, { receivedAt: new Date(), schoolSlug: 'report-school', kind: 'marks', csvText: marksCsv(), actor: ACTOR });
  expect(marks.errors).toEqual([]);
}, 120_000);
afterAll(async () => db?.close());

async function report(date: string) {
  const school = await loadSchool(db.prisma, { id: schoolId });
  // The command line reports from the lean facts; the full facts must give the same rows.
  const [full, lean] = await Promise.all([schoolFacts(db.sql, schoolId, school.policy, date), leanSchoolFacts(db.sql, schoolId, school.policy, date)]);
  expect(pupilsReport(lean)).toEqual(pupilsReport(full));
  return pupilsReport(lean);
}

describe('report pupils (JSON contract)', () => {
  it('lists the pupils on roll on the date with figures worked out by hand', async () => {
    const rows = await report('2026-09-18');
    const byUpn = Object.fromEntries(rows.map((r) => [r.upn, r]));
    expect(Object.keys(byUpn).sort()).toEqual(['A100000000001', 'A100000000002', 'A100000000003', 'A100000000004']);
    expect(byUpn.A100000000001).toEqual({
      upn: 'A100000000001', possibleSessions: 24, presentSessions: 24, authorisedSessions: 0, unauthorisedSessions: 0,
      attendancePct: 100, persistentAbsence: false, severeAbsence: false, nationalThresholdMetOn: null, openNCodes: 0, tier: null,
    });
    // 12 of 24 absent: exactly 50% is severe absence; 6 days absent this autumn term is Lutley's Tier 1.
    expect(byUpn.A100000000002).toEqual({
      upn: 'A100000000002', possibleSessions: 24, presentSessions: 12, authorisedSessions: 0, unauthorisedSessions: 12,
      attendancePct: 50, persistentAbsence: true, severeAbsence: true, nationalThresholdMetOn: '2026-09-11', openNCodes: 0, tier: 'Tier 1 Initial Support',
    });
    // D is not a possible session (23); L and B count as present (17); I, I, M authorised; N, N, U unauthorised.
    expect(byUpn.A100000000003).toEqual({
      upn: 'A100000000003', possibleSessions: 23, presentSessions: 17, authorisedSessions: 3, unauthorisedSessions: 3,
      attendancePct: 73.9, persistentAbsence: true, severeAbsence: false, nationalThresholdMetOn: null, openNCodes: 2, tier: null,
    });
  });

  it('counts the year to date only up to the date, and the threshold only once met', async () => {
    const byUpn = Object.fromEntries((await report('2026-09-10')).map((r) => [r.upn, r]));
    // To Thu 10 Sep: 6 school days, 12 sessions; Ben has 8 G sessions, not yet the threshold.
    expect(byUpn.A100000000002).toMatchObject({ possibleSessions: 12, unauthorisedSessions: 8, nationalThresholdMetOn: null, attendancePct: 33.3 });
  });

  it('leaves out pupils who have left or not yet started', async () => {
    const later = (await report('2026-10-05')).map((r) => r.upn);
    expect(later).not.toContain('A100000000004'); // left 1 Oct
    expect(later).not.toContain('A100000000005'); // starts 1 Dec
    expect(later).toContain('A100000000001');
  });
});
