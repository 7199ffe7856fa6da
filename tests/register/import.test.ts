import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { fromDbDate } from '../../src/register/db-dates.js';
import { importFile } from '../../src/register/import.js';
import { describe as describe_ } from '../../src/register/import-command.js';
import { createTestDatabase } from '../support/db.js';
import { ACTOR, fixture, importText, lines, newSchool, PUPIL_HEADER, schoolWithPupils } from './helpers.js';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const MARK_HEADER = 'upn,date,session,code,minutes_late,note';

async function marksOf(schoolId: string) {
  const marks = await db.prisma.sessionMark.findMany({ where: { schoolId }, include: { pupil: { select: { upn: true } } } });
  return marks
    .map((m) => `${m.pupil.upn} ${fromDbDate(m.date)} ${m.session} ${m.code}${m.minutesLate === null ? '' : ` +${m.minutesLate}`}`)
    .sort();
}

/** Every row this school owns, for "nothing changed" checks. */
async function footprint(schoolId: string) {
  const where = { where: { schoolId } };
  return {
    pupils: await db.prisma.pupil.findMany({ ...where, orderBy: { upn: 'asc' } }),
    contacts: await db.prisma.emergencyContact.findMany({ ...where, orderBy: [{ pupilId: 'asc' }, { priority: 'asc' }] }),
    staff: await db.prisma.staffMember.findMany({ ...where, orderBy: { staffId: 'asc' } }),
    marks: await db.prisma.sessionMark.findMany({ ...where, orderBy: { id: 'asc' } }),
    amendments: await db.prisma.markAmendment.count(where),
    audit: await db.prisma.auditEvent.count(where),
  };
}

describe('each file kind imports', () => {
  it('pupils: every column lands on the Pupil, flags and dates included', async () => {
    const school = await newSchool(db);
    const result = await importText(db, school, 'pupils', fixture('pupils'));
    expect(result).toMatchObject({ kind: 'pupils', rows: 6, inserted: 6, updated: 0, unchanged: 0, errors: [] });
    const mo = await db.prisma.pupil.findUniqueOrThrow({ where: { schoolId_upn: { schoolId: school.id, upn: 'A100000000004' } } });
    expect(mo).toMatchObject({
      firstName: 'Mohammed', preferredName: 'Mo', lastName: 'Khan', yearGroup: 'Y5', className: '5H', gender: 'M',
      senStatus: 'E', ehcp: true, fsm: true, eal: false, lookedAfter: false, childProtectionPlan: false, socialWorker: true, youngCarer: false,
    });
    expect(fromDbDate(mo.admissionDate)).toBe('2021-09-06');
    expect(mo.leavingDate).toBeNull();
    const amelia = await db.prisma.pupil.findUniqueOrThrow({ where: { schoolId_upn: { schoolId: school.id, upn: 'A100000000005' } } });
    expect(amelia.leavingDate && fromDbDate(amelia.leavingDate)).toBe('2026-10-23');
    expect(await db.prisma.auditEvent.count({ where: { schoolId: school.id, action: 'pupil.created' } })).toBe(6);
  });

  it('contacts: in priority order per pupil, with a warning for a pupil with only one', async () => {
    const school = await schoolWithPupils(db);
    const result = await importText(db, school, 'contacts', fixture('contacts'));
    expect(result).toMatchObject({ inserted: 10, updated: 0, removed: 0, errors: [] });
    expect(result.warnings).toEqual(['pupil A100000000006 has 1 emergency contact; the policy expects at least 2']);
    const khan = await db.prisma.emergencyContact.findMany({
      where: { schoolId: school.id, pupil: { upn: 'A100000000004' } },
      orderBy: { priority: 'asc' },
    });
    expect(khan.map((c) => [c.priority, c.name, c.relationship, c.livesWithPupil, c.parentalResponsibility])).toEqual([
      [1, 'Sara Khan', 'Mother', true, true],
      [2, 'Imran Khan', 'Father', true, true],
      [3, 'Ayesha Khan', 'Aunt', false, false],
    ]);
  });

  it('staff: roles split on ";", chat ids kept, extra columns ignored', async () => {
    const school = await newSchool(db);
    const result = await importText(db, school, 'staff', fixture('staff'));
    expect(result).toMatchObject({ inserted: 3, errors: [] });
    const staff = await db.prisma.staffMember.findMany({ where: { schoolId: school.id }, orderBy: { staffId: 'asc' } });
    expect(staff.map((s) => [s.staffId, s.roles, s.slackUserId, s.teamsUserId, s.active])).toEqual([
      ['S001', ['headteacher', 'dsl'], 'U0HEAD1', null, true],
      ['S002', ['office', 'attendance-officer'], 'U0OFFICE2', null, true],
      ['S003', ['class-teacher'], null, '29:1abcTeams', true],
    ]);
  });

  it('marks: codes, sessions and minutes late, with one audit row for the import', async () => {
    const school = await schoolWithPupils(db);
    const result = await importText(db, school, 'marks', fixture('marks'));
    expect(result).toMatchObject({ kind: 'marks', rows: 12, inserted: 12, updated: 0, amended: 0, unchanged: 0, errors: [] });
    expect(await marksOf(school.id)).toContain('A100000000002 2026-11-16 AM L +12');
    expect(await marksOf(school.id)).toContain('A100000000001 2023-10-02 AM H');
    const note = await db.prisma.sessionMark.findFirst({ where: { schoolId: school.id, code: 'L' } });
    expect(note).toMatchObject({ note: 'bus late', source: 'import', recordedBy: 'S002' });
    const audit = await db.prisma.auditEvent.findMany({ where: { schoolId: school.id, action: 'register.import' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'S002', actorRole: 'office', data: { kind: 'marks', inserted: 12, from: '2023-10-02', to: '2026-11-16' } });
  });
});

describe('tolerant spelling', () => {
  it('matches a lower-case UPN and session to the pupil and stores them upper-case', async () => {
    const school = await schoolWithPupils(db);
    const result = await importText(db, school, 'marks', lines('upn,date,session,code', 'a100000000001,2026-11-17,am,/', 'a100000000001,2026-11-17,pm,\\'));
    expect(result).toMatchObject({ inserted: 2, errors: [] });
    expect(await marksOf(school.id)).toEqual(['A100000000001 2026-11-17 AM /', 'A100000000001 2026-11-17 PM \\']);
  });
});

describe('progress', () => {
  it('a marks import reports checking, loading and applying, ending with everything done', async () => {
    const school = await schoolWithPupils(db);
    const seen: string[] = [];
    await importFile(db, {
      receivedAt: new Date(),
      schoolSlug: school.slug, kind: 'marks', csvText: fixture('marks'), actor: ACTOR,
      onProgress: (p) => seen.push(`${p.phase} ${p.done}/${p.total}`),
    });
    expect(seen).toEqual(['validating 12/12', 'loading 12/12', 'applying 0/12', 'applying 12/12']);
  });
});

describe('all or nothing', () => {
  it('a marks file with 3 good rows and 1 bad row writes nothing and names the bad line', async () => {
    const school = await schoolWithPupils(db);
    const before = await footprint(school.id);
    const result = await importText(db, school, 'marks', lines(
      MARK_HEADER,
      'A100000000001,2026-11-17,AM,/,,',
      'A100000000001,2026-11-17,PM,\\,,',
      'A100000000002,2026-11-17,AM,A,,',
      'A100000000002,2026-11-17,PM,\\,,',
    ));
    expect(result.errors).toEqual([{ line: 4, reason: expect.stringMatching(/^code A is not a register code\. Codes allowed on .*: \/ \\ L/) }]);
    expect(result.inserted).toBe(0);
    expect(await footprint(school.id)).toEqual(before);
  });

  it('a pupils file with one bad row writes no pupil at all', async () => {
    const school = await newSchool(db);
    const result = await importText(db, school, 'pupils', lines(
      PUPIL_HEADER,
      'B1,Amy,Brown,,Y3,3B,,F,2022-09-05,,N,N,N,N,N,N,N,N',
      'B2,Ben,Brown,,Y3,3B,,M,2022-09-05,,N,N,N,N,N,N,N,N',
      'B3,Cat,Brown,,Y3,3B,,F,2022-09-31,,N,N,N,N,N,N,N,N',
      'B4,Dan,Brown,,Y3,3B,,M,2022-09-05,,N,N,N,N,N,N,N,N',
    ));
    expect(result.errors).toEqual([{ line: 4, reason: 'admission_date "2022-09-31" is not a real date written YYYY-MM-DD' }]);
    expect(await db.prisma.pupil.count({ where: { schoolId: school.id } })).toBe(0);
  });

  it('a file missing required columns is refused with the columns named', async () => {
    const school = await schoolWithPupils(db);
    const result = await importText(db, school, 'marks', lines('upn,day,code', 'A100000000001,2026-11-17,/'));
    expect(result.errors).toEqual([{ line: 1, reason: expect.stringContaining('missing required columns: date, session') }]);
  });

  it('reports every bad line, in line order, not just the first', async () => {
    const school = await schoolWithPupils(db);
    const result = await importText(db, school, 'marks', lines(
      MARK_HEADER,
      'A100000000001,2026-11-17,AM,/,,',
      'Z999,2026-11-17,AM,/,,',
      'A100000000006,2025-10-01,AM,/,,',
      'A100000000005,2026-11-17,AM,/,,',
      'A100000000001,2026-11-17,AM,L,5,',
    ));
    expect(result.errors).toEqual([
      { line: 3, reason: 'no pupil with UPN Z999 at this school (import pupils.csv first, or check the UPN)' },
      { line: 4, reason: "2025-10-01 is before A100000000006's admission date (2026-09-02)" },
      { line: 5, reason: "2026-11-17 is after A100000000005's leaving date (2026-10-23)" },
      { line: 6, reason: 'repeats line 2: A100000000001 already has a AM mark on 2026-11-17 in this file' },
    ]);
    expect(await db.prisma.sessionMark.count({ where: { schoolId: school.id } })).toBe(0);
  });

  it('refuses repeated UPNs in a pupils file and repeated priorities in a contacts file', async () => {
    const school = await schoolWithPupils(db);
    const pupils = await importText(db, school, 'pupils', lines(
      PUPIL_HEADER,
      'C1,Amy,Brown,,Y3,3B,,F,2022-09-05,,N,N,N,N,N,N,N,N',
      'c1,Amy,Brown,,Y3,3B,,F,2022-09-05,,N,N,N,N,N,N,N,N',
    ));
    expect(pupils.errors).toEqual([{ line: 3, reason: 'repeats line 2 (same UPN)' }]);
    const contacts = await importText(db, school, 'contacts', lines(
      'upn,priority,name,relationship,phone',
      'A100000000001,1,Jane Brown,Mother,0770',
      'A100000000001,1,Tom Brown,Father,0771',
    ));
    expect(contacts.errors).toEqual([{ line: 3, reason: 'repeats line 2 (same UPN and priority)' }]);
  });
});

// A malformed record (a stray quote, the wrong number of fields) used to stop the report there, hiding the
// other bad rows of the file. Every kind now reports every bad row, the malformed ones included.
describe('every bad row, past a malformed one', () => {
  it('pupils: a stray quote, a short row and six bad values, all by line, nothing written', async () => {
    const school = await newSchool(db);
    const ok = (upn: string) => `${upn},Amy,Brown,,Y3,3B,,F,2022-09-05,,N,N,N,N,N,N,N,N`;
    const result = await importText(db, school, 'pupils', lines(
      PUPIL_HEADER,
      ok('P1'),
      'P2,"Amy "Jo" ,Brown,,Y3,3B,,F,2022-09-05,,N,N,N,N,N,N,N,N',
      'P3,Amy,Brown,,Y3,3B,,F,2022-09-05,,N,N,N,N,N,N,N',
      ok('P4').replace('2022-09-05', '2022-09-31'),
      ok('P5').replace(',F,', ',F,').replace('N,N,N,N,N,N,N,N', 'Q,N,N,N,N,N,N,N'),
      ok('P6').replace(',Amy,', ',,'),
      ok('P7').replace('2022-09-05,,', '2022-09-05,2021-01-01,'),
      ok('P 8'),
      ok('P1'),
    ));
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result.errors[0]?.reason).toMatch(/^not valid CSV/);
    expect(result.errors[1]?.reason).toBe('has 17 fields but the header has 18');
    expect(result.errorsNotShown).toBe(0);
    expect(await db.prisma.pupil.count({ where: { schoolId: school.id } })).toBe(0);
  });

  it('contacts: bad values and unknown pupils together, past a short row', async () => {
    const school = await schoolWithPupils(db);
    const result = await importText(db, school, 'contacts', lines(
      'upn,priority,name,relationship,phone',
      'A100000000001,1,Jane Brown,Mother,0770',
      'A100000000001,2,Tom Brown,Father',
      'A100000000002,0,Kate,Mother,0771',
      'Z999,1,Nobody,Aunt,0772',
      'A100000000003,1,,Father,0773',
      'Y888,1,Nobody,Uncle,0774',
    ));
    expect(result.errors).toEqual([
      { line: 3, reason: 'has 4 fields but the header has 5' },
      { line: 4, reason: 'priority "0" must be a whole number from 1 (called first)' },
      { line: 5, reason: 'no pupil with UPN Z999 at this school (import pupils.csv first, or check the UPN)' },
      { line: 6, reason: 'name is blank' },
      { line: 7, reason: 'no pupil with UPN Y888 at this school (import pupils.csv first, or check the UPN)' },
    ]);
    expect(await db.prisma.emergencyContact.count({ where: { schoolId: school.id } })).toBe(0);
  });

  it('staff: a stray quote does not hide bad roles and blank names', async () => {
    const school = await newSchool(db);
    const result = await importText(db, school, 'staff', lines(
      'staff_id,name,roles',
      'S1,Helen,headteacher',
      'S2,"Sam" Lee,office',
      'S3,,office',
      'S4,Kim,wizard',
      'S5,Lee,class-teacher',
    ));
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(result.errors[2]?.reason).toMatch(/"wizard" is not a role/);
    expect(await db.prisma.staffMember.count({ where: { schoolId: school.id } })).toBe(0);
  });

  it('marks: a long row does not hide bad codes, unknown pupils and days with no session', async () => {
    const school = await schoolWithPupils(db);
    const result = await importText(db, school, 'marks', lines(
      MARK_HEADER,
      'A100000000001,2026-11-17,AM,/,,,extra',
      'A100000000001,2026-11-17,PM,H,,',
      'Z999,2026-11-17,AM,/,,',
      'A100000000002,2026-11-21,AM,/,,',
      'A100000000002,2026-11-18,XM,/,,',
      'A100000000003,2026-11-17,AM,/,,',
    ));
    expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);
    expect(result.errors[3]?.reason).toMatch(/^no AM session on 2026-11-21, a Saturday/);
    expect(await db.prisma.sessionMark.count({ where: { schoolId: school.id } })).toBe(0);
  });

  it('lists the first 500 bad rows by line and counts the rest', async () => {
    const school = await schoolWithPupils(db);
    const bad = Array.from({ length: 620 }, (_, i) => `A100000000001,2026-11-${String(16 + (i % 5)).padStart(2, '0')},AM,Q${i},,`);
    const result = await importText(db, school, 'marks', lines(MARK_HEADER, ...bad));
    expect(result.errors).toHaveLength(500);
    expect(result.errors[499]?.line).toBe(501);
    expect(result.errorsNotShown).toBe(120);
    const printed = describe_('marks.csv', result);
    expect(printed[0]).toBe('marks.csv: not imported, 620 problems (nothing from this file was written):');
    expect(printed.at(-1)).toBe('  ...and 570 more');
  });
});

// Reg 10(2) gives / to the morning session and \ to the afternoon.
describe('session symbols', () => {
  it('accepts \\ in a morning and / in an afternoon as present, each with a warning to fix in the MIS', async () => {
    const school = await schoolWithPupils(db);
    const result = await importText(db, school, 'marks', lines(
      MARK_HEADER,
      'A100000000001,2026-11-17,AM,\\,,',
      'A100000000001,2026-11-17,PM,/,,',
      'A100000000002,2026-11-17,AM,/,,',
      'A100000000002,2026-11-17,PM,\\,,',
    ));
    expect(result.errors).toEqual([]);
    expect(result.inserted).toBe(4);
    expect(result.warnings).toEqual([
      'line 2: A100000000001 2026-11-17 AM: \\ is the afternoon present mark; the morning one is /. Imported as present; correct it in the MIS',
      'line 3: A100000000001 2026-11-17 PM: / is the morning present mark; the afternoon one is \\. Imported as present; correct it in the MIS',
    ]);
    expect(await marksOf(school.id)).toEqual([
      'A100000000001 2026-11-17 AM \\', 'A100000000001 2026-11-17 PM /', 'A100000000002 2026-11-17 AM /', 'A100000000002 2026-11-17 PM \\',
    ]);
  });
});

describe('codes are checked against the date of the session', () => {
  it.each([
    ['H', '2026-10-01', /^code H is not a register code since 19 Aug 2024 \(use C for agreed exceptional leave or G for an unagreed holiday\)\. Codes allowed on/],
    ['C2', '2023-10-02', /^code C2 is not a register code before 19 Aug 2024, when the 2024 codes began/],
    ['l', '2026-11-17', /did you mean L\?/],
  ])('%s on %s is refused with the explanation', async (code, date, reason) => {
    const school = await schoolWithPupils(db);
    const result = await importText(db, school, 'marks', lines(MARK_HEADER, `A100000000001,${date},AM,${code},,`));
    expect(result.errors).toEqual([{ line: 2, reason: expect.stringMatching(reason) }]);
  });

  it.each([
    ['H', '2023-10-02'],
    ['C2', '2026-10-01'],
    ['Y4', '2026-11-17'],
  ])('%s on %s is accepted', async (code, date) => {
    const school = await schoolWithPupils(db);
    const result = await importText(db, school, 'marks', lines(MARK_HEADER, `A100000000001,${date},AM,${code},,`));
    expect(result).toMatchObject({ inserted: 1, errors: [] });
  });
});

describe('re-importing', () => {
  it('the same four files a second time changes nothing at all, audit included', async () => {
    const school = await newSchool(db);
    for (const kind of ['staff', 'pupils', 'contacts', 'marks'] as const) {
      expect((await importText(db, school, kind, fixture(kind))).errors).toEqual([]);
    }
    const before = await footprint(school.id);
    for (const kind of ['staff', 'pupils', 'contacts', 'marks'] as const) {
      const again = await importText(db, school, kind, fixture(kind));
      expect(again).toMatchObject({ inserted: 0, updated: 0, amended: 0, removed: 0, errors: [] });
      expect(again.unchanged).toBe(again.rows);
    }
    expect(await footprint(school.id)).toEqual(before);
  });

  it('a changed mark becomes an amendment with the original and new code; new sessions are added', async () => {
    const school = await schoolWithPupils(db);
    await importText(db, school, 'marks', fixture('marks'));
    const result = await importFile(db, {
      receivedAt: new Date(),
      schoolSlug: school.slug,
      fileName: 'marks-week-47.csv',
      actor: { name: 'Priya Patel', role: 'attendance-officer', staffId: 'S002' },
      csvText: lines(
        MARK_HEADER,
        'A100000000004,2026-11-16,AM,I,,',
        'A100000000004,2026-11-16,PM,N,,',
        'A100000000002,2026-11-16,AM,L,20,bus late',
        'A100000000001,2026-11-16,AM,/,,',
        'A100000000002,2026-11-16,PM,\\,,left at 3',
        'A100000000001,2026-11-17,AM,/,,',
      ),
    });
    expect(result).toMatchObject({ rows: 6, inserted: 1, amended: 2, updated: 1, unchanged: 2, errors: [] });
    const amendments = await db.prisma.markAmendment.findMany({ where: { schoolId: school.id }, include: { pupil: true }, orderBy: { reason: 'asc' } });
    expect(amendments.map((a) => [a.pupil.upn, fromDbDate(a.date), a.session, a.originalCode, a.newCode, a.reason, a.amendedBy, a.amendedRole, a.source])).toEqual([
      ['A100000000004', '2026-11-16', 'AM', 'N', 'I', 'MIS import', 'Priya Patel', 'attendance-officer', 'import'],
      ['A100000000002', '2026-11-16', 'AM', 'L', 'L', 'MIS import (minutes late 12 -> 20)', 'Priya Patel', 'attendance-officer', 'import'],
    ]);
    const marks = await marksOf(school.id);
    expect(marks).toContain('A100000000004 2026-11-16 AM I');
    expect(marks).toContain('A100000000002 2026-11-16 AM L +20');
    expect(marks).toContain('A100000000001 2026-11-17 AM /');
    const pm = await db.prisma.sessionMark.findFirst({ where: { schoolId: school.id, pupil: { upn: 'A100000000002' }, session: 'PM' } });
    expect(pm?.note).toBe('left at 3');

    const again = await importFile(db, { receivedAt: new Date(), schoolSlug: school.slug, kind: 'marks', actor: ACTOR, csvText: fixture('marks') });
    expect(again).toMatchObject({ amended: 2, updated: 1, inserted: 0 });
    expect(await db.prisma.markAmendment.count({ where: { schoolId: school.id } })).toBe(4);
  });

  it('a marks file without minutes_late or note columns leaves those fields as they are', async () => {
    const school = await schoolWithPupils(db);
    await importText(db, school, 'marks', fixture('marks'));
    const result = await importText(db, school, 'marks', lines('upn,date,session,code', 'A100000000002,2026-11-16,AM,L', 'A100000000004,2026-11-16,AM,R'));
    expect(result).toMatchObject({ amended: 1, unchanged: 1, updated: 0 });
    const late = await db.prisma.sessionMark.findFirst({ where: { schoolId: school.id, pupil: { upn: 'A100000000002' }, session: 'AM' } });
    expect(late).toMatchObject({ code: 'L', minutesLate: 12, note: 'bus late' });
  });

  it('pupil changes update in place with an audit row naming the fields; pupils not in the file stay', async () => {
    const school = await schoolWithPupils(db);
    const result = await importText(db, school, 'pupils', lines(
      PUPIL_HEADER,
      'A100000000001,Amy,Brown,,Y3,3B,2018-03-14,F,2022-09-05,,N,N,Y,N,N,Y,Y,N',
      'A100000000002,Amy,Browning,,Y3,3B,2018-06-02,F,2022-09-05,,N,N,N,N,N,N,N,N',
    ));
    expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const audit = await db.prisma.auditEvent.findFirst({ where: { schoolId: school.id, action: 'pupil.updated' } });
    expect(audit?.data).toEqual({ upn: 'A100000000001', fields: ['childProtectionPlan', 'socialWorker'] });
    expect(await db.prisma.pupil.count({ where: { schoolId: school.id } })).toBe(6);
  });
});

describe('contacts and staff on re-import', () => {
  it('the file is the whole list for each pupil it names: re-ordered, changed and dropped priorities', async () => {
    const school = await schoolWithPupils(db);
    await importText(db, school, 'contacts', fixture('contacts'));
    const result = await importText(db, school, 'contacts', lines(
      'upn,priority,name,relationship,phone,email,lives_with_pupil,parental_responsibility',
      'A100000000004,1,Imran Khan,Father,07700 900008,,Y,Y',
      'A100000000004,2,Sara Khan,Mother,07700 900007,,Y,Y',
    ));
    expect(result).toMatchObject({ inserted: 0, updated: 2, removed: 1, unchanged: 0, errors: [] });
    const khan = await db.prisma.emergencyContact.findMany({ where: { pupil: { schoolId: school.id, upn: 'A100000000004' } }, orderBy: { priority: 'asc' } });
    expect(khan.map((c) => `${c.priority} ${c.name}`)).toEqual(['1 Imran Khan', '2 Sara Khan']);
    expect(await db.prisma.emergencyContact.count({ where: { pupil: { schoolId: school.id, upn: 'A100000000001' } } })).toBe(2);
  });

  it('contacts for an unknown UPN are refused with the line', async () => {
    const school = await schoolWithPupils(db);
    const result = await importText(db, school, 'contacts', lines('upn,priority,name,relationship,phone', 'A100000000001,1,Jane Brown,Mother,0770', 'Q1,1,Pat Doe,Mother,0771'));
    expect(result.errors).toEqual([{ line: 3, reason: 'no pupil with UPN Q1 at this school (import pupils.csv first, or check the UPN)' }]);
    expect(await db.prisma.emergencyContact.count({ where: { schoolId: school.id } })).toBe(0);
  });

  it('staff roles must be known to the school; roles.extra in the policy adds to the catalogue', async () => {
    const plain = await newSchool(db);
    const refused = await importText(db, plain, 'staff', lines('staff_id,name,roles', 'S1,Helen Carter,headteacher', 'S2,Rob Hall,attendence-officer;community-lead'));
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]).toMatchObject({ line: 3, reason: expect.stringMatching(/^roles: "attendence-officer", "community-lead" are not roles this school uses \(known: .*attendance-officer/) });
    expect(await db.prisma.staffMember.count({ where: { schoolId: plain.id } })).toBe(0);

    const extra = await newSchool(db, ['community-lead']);
    const ok = await importText(db, extra, 'staff', lines('staff_id,name,roles', 'S2,Rob Hall,attendance-officer;community-lead'));
    expect(ok).toMatchObject({ inserted: 1, errors: [] });
  });

  it('a role change is audited with the new roles; active=N takes someone off the list', async () => {
    const school = await newSchool(db);
    await importText(db, school, 'staff', fixture('staff'));
    const result = await importText(db, school, 'staff', lines('staff_id,name,roles,active', 'S002,Priya Patel,office;dsl,Y', 'S003,Sam Lee,class-teacher,N'));
    expect(result).toMatchObject({ updated: 2, unchanged: 0 });
    const priya = await db.prisma.staffMember.findFirstOrThrow({ where: { schoolId: school.id, staffId: 'S002' } });
    expect([priya.roles, priya.slackUserId, priya.email]).toEqual([['office', 'dsl'], 'U0OFFICE2', 'office@example.org']);
    expect((await db.prisma.staffMember.findFirstOrThrow({ where: { schoolId: school.id, staffId: 'S003' } })).active).toBe(false);
    const audit = await db.prisma.auditEvent.findMany({ where: { schoolId: school.id, action: 'staff.updated' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.data)).toEqual([
      { staffId: 'S002', fields: ['roles'], roles: ['office', 'dsl'] },
      { staffId: 'S003', fields: ['active'] },
    ]);
  });
});

describe('importFile', () => {
  it('throws a clear error for an unknown school and for a file whose kind cannot be told', async () => {
    await expect(importFile(db, { receivedAt: new Date(), schoolSlug: 'nowhere', kind: 'marks', csvText: '', actor: ACTOR })).rejects.toThrow(/There is no school "nowhere"/);
    const school = await newSchool(db);
    await expect(importFile(db, { receivedAt: new Date(), schoolSlug: school.slug, fileName: 'export.csv', csvText: '', actor: ACTOR })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
