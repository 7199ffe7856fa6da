// The figures count a mark only on a session the school's calendar says was held, and only while the pupil
// was on roll; the import refuses marks that break either rule (line number, the day's status). A school
// year starts with the school's own first term. Checked on the pupils report, the weekly run's lean read
// (plain marks counted by the database) and the digest, with a St Luke's CofE preset that also has a
// closure day (the preset's own calendar has none).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Database } from '../../src/db/client.js';
import { importFile } from '../../src/register/import.js';
import { parsePolicy } from '../../src/policy/load.js';
import { addOrUpdateSchool, loadSchool } from '../../src/register/schools.js';
import type { ImportKind } from '../../src/register/types.js';
import { leanSchoolFacts } from '../../src/reports/lean-facts.js';
import { schoolFacts } from '../../src/reports/pupil-facts.js';
import { pupilsReport, type PupilReportRow } from '../../src/reports/pupils-report.js';
import { calendarOf, type IsoDate } from '../../src/rules/index.js';
import { digestFiguresFor } from '../../src/workflows/digest/build.js';
import { PUPIL_HEADER } from '../register/helpers.js';
import { createTestDatabase } from '../support/db.js';

const ACTOR = { name: 'Data Manager', role: 'office' };
const PRESET = readFileSync('policies/st-lukes-cofe.yaml', 'utf8');
const WITH_CLOSURE = PRESET.replace('  closures: []', '  closures: [{ date: "2025-11-12", reason: "polling station", planned: true }]');
const AUGUST = PRESET.replace('start: "2025-09-01", end: "2025-12-19"', 'start: "2025-08-28", end: "2025-12-19"');

let db: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  expect(WITH_CLOSURE).not.toBe(PRESET);
  expect(AUGUST).not.toBe(PRESET);
}, 60_000);
afterAll(async () => db?.close());

async function school(slug: string, yaml: string, pupils: string[]): Promise<string> {
  const saved = await addOrUpdateSchool(db.prisma, { slug, policyYaml: yaml }, ACTOR);
  const result = await load(slug, 'pupils', [PUPIL_HEADER, ...pupils]);
  expect(result.errors).toEqual([]);
  return saved.school.id;
}

function pupil(upn: string, admission: IsoDate, leaving = ''): string {
  return `${upn},Pat,${upn.slice(-2)},,3,3A,2017-01-01,F,${admission},${leaving},N,N,N,N,N,N,N,N`;
}

function load(slug: string, kind: ImportKind, lines: string[]) {
  return importFile(db, { receivedAt: new Date(), schoolSlug: slug, kind, csvText: `${lines.join('\n')}\n`, actor: ACTOR });
}

/** A present mark (or `code`) for every held session of every school day in [from, to]. */
function register(yaml: string, upn: string, from: IsoDate, to: IsoDate, code?: string): string[] {
  const parsed = parsePolicy(yaml);
  if (!parsed.ok) throw new Error('policy does not load');
  const calendar = calendarOf(parsed.policy.calendar);
  return calendar.schoolDaysBetween(from, to).flatMap((d) => calendar.sessionsOn(d).map((s) => `${upn},${d},${s},${code ?? (s === 'AM' ? '/' : '\\')}`));
}

async function rows(schoolId: string, date: IsoDate): Promise<{ full: Record<string, PupilReportRow>; leanEqual: boolean }> {
  const { policy } = await loadSchool(db.prisma, { id: schoolId });
  const [full, lean] = await Promise.all([schoolFacts(db.sql, schoolId, policy, date), leanSchoolFacts(db.sql, schoolId, policy, date)]);
  const same = JSON.stringify(lean.pupils.map(({ otherMarks: _, ...f }) => f)) === JSON.stringify(full.pupils.map(({ marks: _, ...f }) => f));
  return { full: Object.fromEntries(pupilsReport(full).map((r) => [r.upn, r])), leanEqual: same };
}

describe('marks on days without a session', () => {
  let schoolId: string;
  beforeAll(async () => {
    schoolId = await school('calendar', WITH_CLOSURE, [pupil('C100000000001', '2025-09-01'), pupil('C100000000002', '2025-09-01')]);
  }, 60_000);

  it('refuses each with its line number and the day\'s status, and writes nothing', async () => {
    const result = await load('calendar', 'marks', [
      'upn,date,session,code',
      'C100000000001,2025-09-08,AM,/',
      'C100000000001,2025-09-06,AM,/',
      'C100000000001,2025-10-28,AM,G',
      'C100000000001,2025-09-02,PM,\\',
      'C100000000001,2026-05-04,AM,/',
      'C100000000001,2025-11-12,AM,O',
      'C100000000001,2025-12-23,AM,/',
      'C100000000001,2025-09-02,AM,#',
      'C100000000001,2025-11-12,PM,Y4',
    ]);
    const fix = "the school's calendar says it did not meet. If it did, the calendar in its policy is wrong: correct it (rollcall school add <school> --policy FILE) and import again";
    expect(result.errors).toEqual([
      { line: 3, reason: `no AM session on 2025-09-06, a Saturday: ${fix}` },
      { line: 4, reason: `no AM session on 2025-10-28, in the autumn half term (27 Oct 2025 to 31 Oct 2025): ${fix}` },
      { line: 5, reason: `no PM session on 2025-09-02, an INSET day: ${fix}` },
      { line: 6, reason: `no AM session on 2026-05-04, a bank holiday: ${fix}` },
      { line: 7, reason: `no AM session on 2025-11-12, a planned closure (polling station): ${fix}` },
      { line: 8, reason: `no AM session on 2025-12-23, in the school holidays (in no term of the calendar): ${fix}` },
    ]);
    expect(await db.prisma.sessionMark.count({ where: { schoolId } })).toBe(0);
  });

  it('accepts # and Y4 on an INSET day and a closure, and counts neither', async () => {
    const result = await load('calendar', 'marks', ['upn,date,session,code', 'C100000000001,2025-09-08,AM,/', 'C100000000001,2025-09-02,AM,#', 'C100000000001,2025-11-12,PM,Y4']);
    expect(result).toMatchObject({ errors: [], inserted: 3 });
    expect((await rows(schoolId, '2025-11-14')).full.C100000000001).toMatchObject({ possibleSessions: 1, presentSessions: 1 });
  });

  it('never counts a mark stored on such a day (a calendar corrected after the import), in the report or the lean read', async () => {
    // Pupil 2: present every held session from 3 Sep to 24 Oct, and G marks the calendar now says fall on a
    // Saturday, in half term, on an INSET day and on the closure (written as an older calendar allowed).
    const held = register(WITH_CLOSURE, 'C100000000002', '2025-09-03', '2025-11-14');
    expect((await load('calendar', 'marks', ['upn,date,session,code', ...held])).errors).toEqual([]);
    const pupilId = (await db.prisma.pupil.findFirstOrThrow({ where: { schoolId, upn: 'C100000000002' } })).id;
    const stray = [['2025-09-06', 'AM', '/'], ['2025-09-06', 'PM', '\\'], ['2025-09-02', 'AM', '/'], ['2025-11-12', 'PM', '\\'],
      ...['2025-10-27', '2025-10-28', '2025-10-29', '2025-10-30', '2025-10-31'].flatMap((d) => [[d, 'AM', 'G'], [d, 'PM', 'G']])];
    await db.prisma.sessionMark.createMany({
      data: stray.map(([date, session, code]) => ({ schoolId, pupilId, date: new Date(`${date}T00:00:00Z`), session: session!, code: code!, source: 'import' })),
    });
    const { full, leanEqual } = await rows(schoolId, '2025-11-14');
    // The pupil: ten half-term G marks made them persistently absent without meeting the threshold.
    expect(full.C100000000002).toMatchObject({
      possibleSessions: held.length, presentSessions: held.length, unauthorisedSessions: 0, persistentAbsence: false, nationalThresholdMetOn: null,
    });
    expect(leanEqual).toBe(true);
  });
});

describe("a pupil's dates changed after their marks", () => {
  let schoolId: string;
  const p = (n: number) => `D10000000000${n}`;
  beforeAll(async () => {
    schoolId = await school('dates', WITH_CLOSURE, [pupil(p(1), '2025-09-01'), pupil(p(2), '2025-09-01')]);
    const marks = [...register(WITH_CLOSURE, p(1), '2025-09-03', '2026-01-16'), ...register(WITH_CLOSURE, p(2), '2025-09-03', '2026-01-16')];
    expect((await load('dates', 'marks', ['upn,date,session,code', ...marks])).errors).toEqual([]);
  }, 60_000);

  it('accepts the new dates, names the marks left outside them, and counts from admission', async () => {
    const before = await db.prisma.sessionMark.count({ where: { schoolId } });
    const result = await load('dates', 'pupils', [PUPIL_HEADER, pupil(p(1), '2026-01-05'), pupil(p(2), '2025-09-01', '2026-01-09')]);
    expect(result.errors).toEqual([]);
    expect(result.updated).toBe(2);
    const autumn = register(WITH_CLOSURE, p(1), '2025-09-03', '2025-12-19').length;
    const afterNine = register(WITH_CLOSURE, p(2), '2026-01-12', '2026-01-16').length;
    expect(result.warnings).toEqual([
      `line 2: ${p(1)}'s admission date is now 2026-01-05 (was 2025-09-01): ${autumn} marks outside those dates (2025-09-03 AM /, 2025-09-03 PM \\, 2025-09-04 AM / and ${autumn - 3} more) stay in the register but no longer count in any figure; if the new date is wrong, correct it in the MIS and import again`,
      `line 3: ${p(2)}'s leaving date is now 2026-01-09: ${afterNine} marks outside those dates (2026-01-12 AM /, 2026-01-12 PM \\, 2026-01-13 AM / and ${afterNine - 3} more) stay in the register but no longer count in any figure; if the new date is wrong, correct it in the MIS and import again`,
    ]);
    expect(await db.prisma.sessionMark.count({ where: { schoolId } })).toBe(before);
    const { full, leanEqual } = await rows(schoolId, '2026-01-16');
    // 5 Jan is an INSET day: 6 to 16 Jan is 9 school days.
    expect(full[p(1)]).toMatchObject({ possibleSessions: 18, presentSessions: 18 });
    expect(leanEqual).toBe(true);
    expect((await rows(schoolId, '2026-01-09')).full[p(2)]).toMatchObject({ possibleSessions: register(WITH_CLOSURE, p(2), '2025-09-03', '2026-01-09').length });
  });

  it('then refuses new marks outside the dates, as the figures ignore the old ones', async () => {
    const result = await load('dates', 'marks', ['upn,date,session,code', `${p(1)},2025-12-01,AM,O`]);
    expect(result.errors).toEqual([{ line: 2, reason: `2025-12-01 is before ${p(1)}'s admission date (2026-01-05)` }]);
  });
});

describe('a school year that starts in August', () => {
  it('counts figures for a September date from the autumn term starting on 28 August', async () => {
    const schoolId = await school('august', AUGUST, [pupil('E100000000001', '2025-08-28')]);
    const { policy } = await loadSchool(db.prisma, { id: schoolId });
    // Thu 28 and Fri 29 Aug, then the preset's INSET days (1 and 2 Sep), then 3 to 10 Sep: 8 school days.
    const marks = register(AUGUST, 'E100000000001', '2025-08-28', '2025-09-10', 'O').map((l, i) => (i < 4 ? l : l.replace(/,O$/, i % 2 === 0 ? ',/' : ',\\')));
    expect(marks).toHaveLength(16);
    expect((await load('august', 'marks', ['upn,date,session,code', ...marks])).errors).toEqual([]);
    const { full, leanEqual } = await rows(schoolId, '2025-09-10');
    expect(full.E100000000001).toMatchObject({ possibleSessions: 16, presentSessions: 12, unauthorisedSessions: 4, attendancePct: 75 });
    expect(leanEqual).toBe(true);
    const digest = await digestFiguresFor(db, { schoolId, policy, weekStart: '2025-09-08' });
    expect(digest.yearStart).toBe('2025-08-28');
    expect(digest.yearToDate).toMatchObject({ possible: 16, present: 12 });
  });
});
