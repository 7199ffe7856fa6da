import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import type { School } from '../../src/db/generated/client.js';
import { amendMark } from '../../src/register/amend-mark.js';
import { AMENDMENT_COLUMNS, csvField, exportAmendments } from '../../src/register/export-amendments.js';
import { isRollcallError } from '../../src/errors/rollcall-error.js';
import { createTestDatabase } from '../support/db.js';
import { importText, schoolWithPupils } from './helpers.js';

let db: Database;
let school: School;

async function pupilId(upn: string): Promise<string> {
  return (await db.prisma.pupil.findFirstOrThrow({ where: { schoolId: school.id, upn } })).id;
}

/** Amends through the real path with its clock at `at`. */
async function amendAt(at: string, input: { upn: string; date: string; session: 'AM' | 'PM'; code: string; reason: string; name: string; role: string }) {
  const id = await pupilId(input.upn);
  await db.prisma.$transaction((tx) =>
    amendMark(tx, { schoolId: school.id, pupilId: id, date: input.date, session: input.session, newCode: input.code, reason: input.reason, source: 'chat', actor: { name: input.name, role: input.role, staffId: 'S9' }, now: new Date(at) }),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  school = await schoolWithPupils(db);
  await importText(db, school, 'marks', 'upn,date,session,code\nA100000000004,2026-11-16,AM,N\nA100000000004,2026-11-16,PM,N\nA100000000001,2026-05-20,AM,N\n');
  // Changed in the MIS and re-imported: an amendment the MIS already has.
  await importText(db, school, 'marks', 'upn,date,session,code\nA100000000004,2026-11-16,PM,I\n');
  await amendAt('2026-11-23T10:02:00Z', { upn: 'A100000000004', date: '2026-11-16', session: 'AM', code: 'M', reason: 'Dentist, mum said "check-up"', name: 'Clare Fell', role: 'office' });
  await amendAt('2026-11-30T09:00:00Z', { upn: 'A100000000001', date: '2026-11-16', session: 'AM', code: 'O', reason: 'No reason within 5 school days', name: 'Rachel Ashton', role: 'attendance-officer' });
  // 23:30 UTC on 1 June is 00:30 on 2 June in London (BST).
  await amendAt('2026-06-01T23:30:00Z', { upn: 'A100000000001', date: '2026-05-20', session: 'AM', code: 'I', reason: '=HYPERLINK("x")', name: 'Clare Fell', role: 'office' });
}, 60_000);
afterAll(async () => db?.close());

const rowsOf = (csv: string) => parse(csv, { columns: true }) as Record<(typeof AMENDMENT_COLUMNS)[number], string>[];

describe('exportAmendments', () => {
  it('lists the chat amendments made in the period with pupil, codes, reason, who, role and local time', async () => {
    const csv = await exportAmendments(db.prisma, { schoolId: school.id, from: '2026-11-23', to: '2026-11-27' });
    expect(csv.split('\n')[0]).toBe(AMENDMENT_COLUMNS.join(','));
    expect(rowsOf(csv)).toEqual([
      {
        upn: 'A100000000004', pupil: 'Khan, Mohammed', date: '2026-11-16', session: 'AM', original_code: 'N', new_code: 'M',
        reason: 'Dentist, mum said "check-up"', amended_by: 'Clare Fell', role: 'office', amended_at: '2026-11-23 10:02',
      },
    ]);
  });

  it('leaves out amendments that came from an MIS import', async () => {
    const csv = await exportAmendments(db.prisma, { schoolId: school.id, from: '2026-01-01', to: '2027-12-31' });
    const rows = rowsOf(csv);
    expect(await db.prisma.markAmendment.count({ where: { schoolId: school.id, source: 'import' } })).toBe(1);
    expect(rows.map((r) => `${r.upn} ${r.date} ${r.session} ${r.new_code}`)).toEqual([
      'A100000000001 2026-05-20 AM I', 'A100000000004 2026-11-16 AM M', 'A100000000001 2026-11-16 AM O',
    ]);
    // A session with no mark before the amendment has an empty original code.
    expect(rows[2]!.original_code).toBe('');
  });

  it('reads the period in the school\'s own dates (BST) and defuses spreadsheet formulas', async () => {
    const june1 = await exportAmendments(db.prisma, { schoolId: school.id, from: '2026-06-01', to: '2026-06-01' });
    const june2 = rowsOf(await exportAmendments(db.prisma, { schoolId: school.id, from: '2026-06-02', to: '2026-06-02' }));
    expect(rowsOf(june1)).toEqual([]);
    expect(june2.map((r) => [r.amended_at, r.reason])).toEqual([['2026-06-02 00:30', '\'=HYPERLINK("x")']]);
  });

  it.each([
    ['from after to', '2026-11-30', '2026-11-01'],
    ['a date that is not a date', '2026-02-30', '2026-03-01'],
  ])('refuses %s', async (_, from, to) => {
    const failure = await exportAmendments(db.prisma, { schoolId: school.id, from, to }).catch((e: unknown) => e);
    expect(isRollcallError(failure) && failure.code).toBe('INVALID_INPUT');
  });
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-', '-'],
    ['-5', '-5'],
    ['-cmd', "'-cmd"],
  ])('%j -> %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});
