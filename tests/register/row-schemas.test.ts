import { describe, expect, it } from 'vitest';
import { readImportCsv } from '../../src/register/csv.js';
import { contactRow, markRow, pupilRow, staffRow } from '../../src/register/row-schemas.js';
import type { ImportKind } from '../../src/register/types.js';
import { validateRows } from '../../src/register/validate-rows.js';
import { PUPIL_HEADER } from './helpers.js';

const SCHEMAS = { pupils: pupilRow, contacts: contactRow, marks: markRow, staff: staffRow } as const;

function reasons(kind: ImportKind, header: string, ...rows: string[]): string[] {
  const read = readImportCsv([header, ...rows].join('\n'), { kind });
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  return validateRows(read, SCHEMAS[kind]).errors.map((e) => `${e.line}: ${e.reason}`);
}

const PUPIL_OK = 'A1,Amy,Brown,,Y3,3B,2018-03-14,F,2022-09-05,,N,N,N,N,N,N,N,N';

describe('pupil rows', () => {
  it.each([
    ['a date that does not exist', 'A1,Amy,Brown,,Y3,3B,2018-02-30,F,2022-09-05,,N,N,N,N,N,N,N,N', 'date_of_birth "2018-02-30" is not a real date written YYYY-MM-DD (or blank)'],
    ['a date in another format', 'A1,Amy,Brown,,Y3,3B,,F,05/09/2022,,N,N,N,N,N,N,N,N', 'admission_date "05/09/2022" is not a real date written YYYY-MM-DD'],
    ['a flag that is not Y/N', 'A1,Amy,Brown,,Y3,3B,,F,2022-09-05,,N,N,yes,N,N,N,N,N', 'fsm "yes" must be Y or N'],
    ['an unknown SEN status', 'A1,Amy,Brown,,Y3,3B,,F,2022-09-05,,S,N,N,N,N,N,N,N', 'sen_status "S" must be N (none), K (SEN support) or E (EHCP)'],
    ['a blank name', 'A1,,Brown,,Y3,3B,,F,2022-09-05,,N,N,N,N,N,N,N,N', 'first_name is blank'],
    ['a UPN with spaces', 'A 1,Amy,Brown,,Y3,3B,,F,2022-09-05,,N,N,N,N,N,N,N,N', 'upn "A 1" is not a UPN (letters and digits only)'],
    ['leaving before admission', 'A1,Amy,Brown,,Y3,3B,,F,2022-09-05,2021-07-20,N,N,N,N,N,N,N,N', 'leaving_date is before admission_date'],
  ])('rejects %s', (_, row, reason) => {
    expect(reasons('pupils', PUPIL_HEADER, PUPIL_OK, row)).toEqual([`3: ${reason}`]);
  });

  it('reads flags in either case, blank flags as N and upper-cases the UPN', () => {
    const read = readImportCsv(`${PUPIL_HEADER}\na1,Amy,Brown,,Y3,3B,,,2022-09-05,,k,y,,n,N,N,N,N\n`, { kind: 'pupils' });
    if (!read.ok) throw new Error('unreadable');
    const [row] = validateRows(read, pupilRow).valid;
    expect(row?.row).toMatchObject({ upn: 'A1', sen_status: 'K', ehcp: true, fsm: false, eal: false, date_of_birth: null, gender: null });
  });
});

describe('mark rows', () => {
  const header = 'upn,date,session,code,minutes_late';
  it.each([
    ['a session other than AM/PM', 'A1,2026-11-16,EVE,/,', 'session "EVE" must be AM or PM'],
    ['negative minutes late', 'A1,2026-11-16,AM,L,-5', 'minutes_late "-5" must be a whole number of minutes (0 or more) or blank'],
    ['fractional minutes late', 'A1,2026-11-16,AM,L,2.5', 'minutes_late "2.5" must be a whole number of minutes (0 or more) or blank'],
    ['a date that does not exist', 'A1,2026-02-29,AM,/,', 'date "2026-02-29" is not a real date written YYYY-MM-DD'],
  ])('rejects %s', (_, row, reason) => {
    expect(reasons('marks', header, 'A1,2026-11-16,PM,\\,', row)).toEqual([`3: ${reason}`]);
  });

  it('accepts blank or zero minutes late and lower-case sessions', () => {
    expect(reasons('marks', header, 'A1,2026-11-16,am,L,0', 'A1,2026-11-16,pm,\\,')).toEqual([]);
  });
});

describe('contact rows', () => {
  const header = 'upn,priority,name,relationship,phone,email';
  it.each([
    ['priority 0', 'A1,0,Jane Brown,Mother,0770,', 'priority "0" must be a whole number from 1 (called first)'],
    ['a non-numeric priority', 'A1,first,Jane Brown,Mother,0770,', 'priority "first" must be a whole number from 1 (called first)'],
    ['no phone and no email', 'A1,1,Jane Brown,Mother,,', 'phone is blank and there is no email: the contact cannot be reached'],
    ['a malformed email', 'A1,1,Jane Brown,Mother,,jane.example.org', 'email "jane.example.org" is not an email address'],
  ])('rejects %s', (_, row, reason) => {
    expect(reasons('contacts', header, row)).toEqual([`2: ${reason}`]);
  });
});

describe('staff rows', () => {
  it('splits roles on ";" and rejects role names that are not kebab-case words', () => {
    const header = 'staff_id,name,roles';
    const read = readImportCsv(`${header}\nS1,Helen, Headteacher ; DSL ;\n`, { kind: 'staff' });
    if (!read.ok) throw new Error('unreadable');
    expect(validateRows(read, staffRow).valid[0]?.row.roles).toEqual(['headteacher', 'dsl']);
    expect(reasons('staff', header, 'S1,Helen,head teacher/dsl')).toEqual(['2: roles "head teacher/dsl" must be role names separated by ";" (e.g. office;dsl)']);
  });
});
