import { describe, expect, it } from 'vitest';
import {
  CODES_2024,
  codeOn,
  explainInvalidCode,
  isUnexplained,
  REGIME_2024_FROM,
  regimeOn,
  validCodesOn,
} from '../../src/rules/codes.js';
import type { StatisticalCategory } from '../../src/rules/codes.js';

const TODAY = '2026-11-23';

// attendance-rules.md 1.2: code, category, possible, attendance, PN threshold, 10-day return, 20-day deletion,
// explanation required, late.
type Row = [string, StatisticalCategory, boolean, boolean, boolean, boolean, boolean, boolean, boolean];
const TABLE_2024: Row[] = [
  ['/', 'present', true, true, false, false, false, false, false],
  ['\\', 'present', true, true, false, false, false, false, false],
  ['L', 'present', true, true, false, false, false, false, true],
  ['K', 'approved-educational-activity', true, true, false, false, false, true, false],
  ['V', 'approved-educational-activity', true, true, false, false, false, false, false],
  ['P', 'approved-educational-activity', true, true, false, false, false, false, false],
  ['W', 'approved-educational-activity', true, true, false, false, false, false, false],
  ['B', 'approved-educational-activity', true, true, false, false, false, true, false],
  ['D', 'not-possible', false, false, false, false, false, false, false],
  ['C1', 'authorised', true, false, false, false, false, false, false],
  ['M', 'authorised', true, false, false, false, false, false, false],
  ['J1', 'authorised', true, false, false, false, false, false, false],
  ['S', 'authorised', true, false, false, false, false, false, false],
  ['X', 'not-possible', false, false, false, false, false, false, false],
  ['C2', 'authorised', true, false, false, false, false, false, false],
  ['C', 'authorised', true, false, false, false, false, false, false],
  ['T', 'authorised', true, false, false, false, false, false, false],
  ['R', 'authorised', true, false, false, false, false, false, false],
  ['I', 'authorised', true, false, false, false, false, false, false],
  ['E', 'authorised', true, false, false, false, false, false, false],
  ['Q', 'not-possible', false, false, false, false, false, false, false],
  ['Y1', 'not-possible', false, false, false, false, false, false, false],
  ['Y2', 'not-possible', false, false, false, false, false, false, false],
  ['Y3', 'not-possible', false, false, false, false, false, false, false],
  ['Y4', 'not-possible', false, false, false, false, false, false, false],
  ['Y5', 'not-possible', false, false, false, false, false, false, false],
  ['Y6', 'not-possible', false, false, false, false, false, false, false],
  ['Y7', 'not-possible', false, false, false, false, false, true, false],
  ['G', 'unauthorised', true, false, true, true, true, false, false],
  ['N', 'unauthorised', true, false, true, true, true, false, false],
  ['O', 'unauthorised', true, false, true, true, true, false, false],
  ['U', 'unauthorised', true, false, true, true, false, false, false],
  ['Z', 'administrative', false, false, false, false, false, false, false],
  ['#', 'administrative', false, false, false, false, false, false, false],
];

describe('the 2024 code set', () => {
  it.each(TABLE_2024)('%s is %s (possible %s, attendance %s, threshold %s, 10-day %s, 20-day %s, explain %s, late %s)',
    (code, category, possible, attend, threshold, tenDay, twentyDay, explain, late) => {
      const rule = codeOn(code, TODAY);
      expect(rule).toMatchObject({
        code,
        regime: '2024',
        category,
        countsInPossible: possible,
        countsAsAttendance: attend,
        countsTowardNationalThreshold: threshold,
        countsForTenDayReturn: tenDay,
        countsForTwentyDayDeletion: twentyDay,
        requiresExplanation: explain,
        late,
      });
      expect(rule?.meaning.length).toBeGreaterThan(5);
    });

  it('holds exactly the codes in the table, no more', () => {
    expect(new Set(validCodesOn(TODAY))).toEqual(new Set(TABLE_2024.map((r) => r[0])));
    expect(CODES_2024).toHaveLength(TABLE_2024.length);
  });

  it.each([['/'], ['\\'], ['L'], ['U']])('%s puts the pupil on site (fire roll)', (code) => {
    expect(codeOn(code, TODAY)?.onSite).toBe(true);
  });

  it.each([['N'], ['B'], ['K'], ['I']])('%s does not put the pupil on site', (code) => {
    expect(codeOn(code, TODAY)?.onSite).toBe(false);
  });
});

describe('codes read by the rule set in force on the session date', () => {
  it('switches regime on 19 Aug 2024', () => {
    expect(REGIME_2024_FROM).toBe('2024-08-19');
    expect(regimeOn('2024-08-18')).toBe('pre-2024');
    expect(regimeOn('2024-08-19')).toBe('2024');
  });

  // code, date, expected category (undefined = not a register code that day), counts as attendance
  const LEGACY: [string, string, StatisticalCategory | undefined, boolean][] = [
    ['J', '2024-07-10', 'approved-educational-activity', true],
    ['J', '2024-08-18', 'approved-educational-activity', true],
    ['J', '2024-08-19', undefined, false],
    ['J1', '2024-07-10', undefined, false],
    ['J1', '2024-09-10', 'authorised', false],
    ['H', '2023-06-01', 'authorised', false],
    ['H', '2024-09-02', undefined, false],
    ['F', '2012-06-01', 'authorised', false],
    ['F', '2014-01-06', undefined, false],
    ['F', '2025-01-06', undefined, false],
    ['Y', '2023-03-01', 'not-possible', false],
    ['Y', '2025-03-03', undefined, false],
    ['Y4', '2023-03-01', undefined, false],
    ['Y4', '2025-03-03', 'not-possible', false],
    ['K', '2024-06-03', undefined, false],
    ['C1', '2024-06-03', undefined, false],
    ['C2', '2024-06-03', undefined, false],
    ['Q', '2024-06-03', undefined, false],
    ['#', '2023-12-20', 'administrative', false],
    ['#', '2026-12-21', 'administrative', false],
    ['C', '2023-05-01', 'authorised', false],
    ['T', '2023-05-01', 'authorised', false],
    ['X', '2023-05-01', 'not-possible', false],
    ['B', '2023-05-01', 'approved-educational-activity', true],
    ['D', '2023-05-01', 'not-possible', false],
  ];
  it.each(LEGACY)('%s on %s is %s', (code, date, category, attends) => {
    const rule = codeOn(code, date);
    expect(rule?.category).toBe(category);
    expect(rule?.countsAsAttendance ?? false).toBe(attends);
  });

  it('does not count old G/N/O/U toward the national threshold, which ignores pre-2024 sessions', () => {
    for (const code of ['G', 'N', 'O', 'U']) {
      expect(codeOn(code, '2024-07-01')?.countsTowardNationalThreshold).toBe(false);
      expect(codeOn(code, '2024-09-02')?.countsTowardNationalThreshold).toBe(true);
    }
  });

  it('lists old codes as valid only before the switch', () => {
    const before = validCodesOn('2024-07-01');
    expect(before).toEqual(expect.arrayContaining(['H', 'J', 'Y', '#']));
    expect(before).not.toContain('F');
    expect(before).not.toContain('J1');
    expect(validCodesOn('2013-07-01')).toContain('F');
    const after = validCodesOn('2024-08-19');
    for (const gone of ['H', 'F', 'J', 'Y']) expect(after).not.toContain(gone);
  });
});

describe('explainInvalidCode', () => {
  it('says what replaced H and names the allowed codes', () => {
    const message = explainInvalidCode('H', TODAY);
    expect(message).toContain(
      'H is not a register code since 19 Aug 2024 (use C for agreed exceptional leave or G for an unagreed holiday)',
    );
    expect(message).toContain('Codes allowed on 23 Nov 2026:');
    expect(message).toContain(' J1 ');
    expect(message).not.toContain(' H ');
  });

  it.each([
    ['J', TODAY, 'use J1'],
    ['Y', TODAY, 'Y4 when the school closed unexpectedly'],
    ['F', TODAY, 'since 1 Sep 2013'],
    ['J1', '2024-03-04', 'before 19 Aug 2024'],
    ['l', TODAY, 'did you mean L?'],
    ['QQ', TODAY, 'QQ is not a register code.'],
    ['-', TODAY, 'every session needs one'],
    ['N', TODAY, 'N is a valid register code on 23 Nov 2026'],
  ])('explains %s on %s', (code, date, expected) => {
    expect(explainInvalidCode(code, date)).toContain(expected);
  });
});

describe('isUnexplained', () => {
  it.each([
    [null, true],
    [undefined, true],
    ['', true],
    ['-', true],
    ['N', true],
    ['O', false],
    ['G', false],
    ['U', false],
    ['/', false],
  ])('%s -> %s', (code, expected) => {
    expect(isUnexplained(code)).toBe(expected);
  });
});
