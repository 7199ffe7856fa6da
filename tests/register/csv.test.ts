import { describe, expect, it } from 'vitest';
import { detectKind, readImportCsv } from '../../src/register/csv.js';

describe('detectKind', () => {
  it.each([
    ['pupils.csv', 'pupils'],
    ['/exports/Contacts.csv', 'contacts'],
    ['marks-autumn-2026.csv', 'marks'],
    ['staff.csv', 'staff'],
    ['register.csv', undefined],
    ['my-pupils.csv', undefined],
  ])('%s -> %s', (name, kind) => {
    expect(detectKind(name)).toBe(kind);
  });
});

describe('readImportCsv', () => {
  it('numbers rows by file line (header is line 1), skipping blank lines', () => {
    const read = readImportCsv('upn,date,session,code\r\nA1,2026-11-16,AM,/\r\n\r\nA2,2026-11-16,PM,L\r\n', { kind: 'marks' });
    expect(read.ok && read.rows).toEqual([
      { line: 2, values: { upn: 'A1', date: '2026-11-16', session: 'AM', code: '/' } },
      { line: 4, values: { upn: 'A2', date: '2026-11-16', session: 'PM', code: 'L' } },
    ]);
  });

  it('gives the same rows for quoted files (csv-parse) as for plain ones, line numbers included', () => {
    const plain = 'upn,date,session,code,note\nA1,2026-11-16,AM,/, ok \n\nA2,2026-11-16,PM,L,late\n';
    const quoted = '"upn","date","session","code","note"\n"A1","2026-11-16","AM","/"," ok "\n\n"A2","2026-11-16","PM","L","late"\n';
    const a = readImportCsv(plain, { kind: 'marks' });
    const b = readImportCsv(quoted, { kind: 'marks' });
    expect(a.ok && b.ok).toBe(true);
    expect(b.ok && b.rows).toEqual(a.ok && a.rows);
    expect(a.ok && a.rows.map((r) => r.values.note)).toEqual(['ok', 'late']);
  });

  it('reports a record with a line break inside quotes at the line where it starts', () => {
    const text = 'upn,date,session,code,note\nA1,2026-11-16,AM,N,"rang twice,\nno answer"\nA2,2026-11-16,AM,/,\n';
    const read = readImportCsv(text, { kind: 'marks' });
    expect(read.ok && read.rows.map((r) => [r.line, r.values.upn, r.values.note])).toEqual([
      [2, 'A1', 'rang twice,\nno answer'],
      [4, 'A2', ''],
    ]);
  });

  it('ignores extra columns, accepts columns in any order and tolerant header spelling, and strips a BOM', () => {
    const read = readImportCsv('\uFEFFSession,Payroll,UPN,Code,Date\nPM,77,A1,\\,2026-11-16\n', { kind: 'marks' });
    expect(read.ok && read.rows).toEqual([{ line: 2, values: { upn: 'A1', date: '2026-11-16', session: 'PM', code: '\\' } }]);
    expect(read.ok && [...read.columns].sort()).toEqual(['code', 'date', 'session', 'upn']);
  });

  it('names every missing required column in one error on line 1', () => {
    const read = readImportCsv('upn,first_name,year_group\nA1,Amy,Y3\n', { fileName: 'pupils.csv' });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors).toHaveLength(1);
    expect(read.errors[0]!.line).toBe(1);
    const reason = read.errors[0]!.reason;
    for (const column of ['last_name', 'class', 'admission_date', 'sen_status', 'young_carer']) expect(reason).toContain(column);
    expect(reason).not.toMatch(/missing required columns: upn/);
  });

  it('reports rows with the wrong number of fields by line, and still reads the rows after them', () => {
    const read = readImportCsv('upn,date,session,code\nA1,2026-11-16,AM,/\nA2,2026-11-16,AM\nA3,2026-11-16,AM,/,x\nA4,2026-11-16,PM,\\\n', { kind: 'marks' });
    expect(read.ok && read.unreadable).toEqual([
      { line: 3, reason: 'has 3 fields but the header has 4' },
      { line: 4, reason: 'has 5 fields but the header has 4' },
    ]);
    expect(read.ok && read.rows.map((r) => r.values.upn)).toEqual(['A1', 'A4']);
  });

  it('reports a stray quote as one unreadable row and reads on, quoted line breaks included', () => {
    const text = 'upn,date,session,code,note\nA1,2026-11-16,AM,/,"6\'2" tall"\nA2,2026-11-16,AM,N,"rang twice,\nno answer"\nA3,2026-11-16,AM,/,\n';
    const read = readImportCsv(text, { kind: 'marks' });
    expect(read.ok && read.unreadable).toEqual([{ line: 2, reason: expect.stringMatching(/^not valid CSV: a quote is opened and not closed/) }]);
    expect(read.ok && read.rows.map((r) => [r.line, r.values.upn, r.values.note])).toEqual([[3, 'A2', 'rang twice,\nno answer'], [5, 'A3', '']]);
  });

  it('reports a quote that is never closed, or not around a whole value, and reads on instead of throwing', () => {
    const read = readImportCsv('upn,date,session,code\nA0,2026-11-16,AM,/\nA1,"2026-11-16,AM,/\nA2,2026-11-16,AM,/\nA3,"2026"-11-16,AM,/\nA4,2026-11-16,PM,\\\n', { kind: 'marks' });
    expect(read.ok && read.unreadable).toEqual([
      { line: 3, reason: 'not valid CSV: a quote is opened and not closed on this line (write a quote inside a value as two quotes, "")' },
      { line: 5, reason: 'not valid CSV: a quote inside a value that is not written as two quotes ("") or a value not wholly inside its quotes' },
    ]);
    expect(read.ok && read.rows.map((r) => [r.line, r.values.upn])).toEqual([[2, 'A0'], [4, 'A2'], [6, 'A4']]);
  });

  it('refuses an empty file, a repeated column and a file whose kind cannot be told', () => {
    expect(!readImportCsv('', { kind: 'staff' }).ok).toBe(true);
    const twice = readImportCsv('upn,date,session,code,Code\n', { kind: 'marks' });
    expect(!twice.ok && twice.errors[0]!.reason).toBe('column code appears twice');
    const unknown = readImportCsv('a,b\n', { fileName: 'export.csv' });
    expect(!unknown.ok && unknown.errors[0]!.reason).toMatch(/name it staff\.csv, pupils\.csv, contacts\.csv, marks\.csv/);
  });
});
