// What lets bulk readers count plain present marks instead of loading them (src/reports/lean-facts.ts):
// / and \ never matter to a threshold or run, codeOn only changes on CODE_RULE_CHANGES, and
// summariseAttendance gives the same summary from counts as from the marks themselves.
import { describe, expect, it } from 'vitest';
import { summariseAttendance, type CountedSessions } from '../../src/rules/attendance.js';
import { CODES_2024, CODES_PRE_2024, CODE_RULE_CHANGES, PLAIN_PRESENT_CODES, codeOn, codeRuleSpans } from '../../src/rules/codes.js';
import { addDays } from '../../src/rules/dates.js';
import type { IsoDate, Mark } from '../../src/rules/types.js';

describe('plain present codes', () => {
  it.each(PLAIN_PRESENT_CODES.flatMap((code) => ['2012-05-01', '2020-01-06', '2024-08-18', '2024-08-19', '2026-11-23'].map((date) => [code, date])))(
    '%s on %s is present, on site and counts toward no threshold or run',
    (code, date) => {
      const rule = codeOn(code, date);
      expect(rule).toMatchObject({
        category: 'present', countsInPossible: true, countsAsAttendance: true, onSite: true, late: false,
        countsTowardNationalThreshold: false, countsForTenDayReturn: false, countsForTwentyDayDeletion: false,
      });
    },
  );
});

describe('codeRuleSpans', () => {
  it.each([
    ['2025-09-01', '2026-07-10', [['2025-09-01', '2026-07-10']]],
    ['2023-09-01', '2024-08-23', [['2023-09-01', '2024-08-18'], ['2024-08-19', '2024-08-23']]],
    ['2024-08-19', '2024-08-19', [['2024-08-19', '2024-08-19']]],
    ['2013-01-01', '2025-01-01', [['2013-01-01', '2013-08-31'], ['2013-09-01', '2024-08-18'], ['2024-08-19', '2025-01-01']]],
    ['2026-01-02', '2026-01-01', []],
  ])('%s to %s', (from, to, spans) => {
    expect(codeRuleSpans(from, to).map((s) => [s.from, s.to])).toEqual(spans);
  });

  it('holds every code reading steady within a span (no change date missing from CODE_RULE_CHANGES)', () => {
    const codes = [...new Set([...CODES_2024, ...CODES_PRE_2024].map((r) => r.code)), 'A', '-', 'l'];
    for (const span of codeRuleSpans('2010-01-01', '2028-12-31')) {
      for (let d: IsoDate = span.from; d <= span.to; d = addDays(d, 1)) {
        for (const code of codes) expect(codeOn(code, d), `${code} on ${d}`).toBe(codeOn(code, span.from));
      }
    }
    expect(CODE_RULE_CHANGES.length).toBeGreaterThan(0);
  });
});

describe('summariseAttendance with counted sessions', () => {
  const other: Mark[] = [
    { date: '2024-08-20', session: 'AM', code: 'L', minutesLate: 10 },
    { date: '2024-08-20', session: 'PM', code: 'G' },
    { date: '2024-07-01', session: 'AM', code: 'H' },
    { date: '2024-08-21', session: 'AM', code: 'H' },
    { date: '2024-08-21', session: 'PM', code: '-' },
    { date: '2024-06-03', session: 'AM', code: 'D' },
    { date: '2024-06-03', session: 'PM', code: 'U', minutesLate: 40 },
  ];
  /** n plain marks per day from `from`, alternating / and \ (what the counts stand for). */
  const plain = (from: IsoDate, days: number): Mark[] =>
    Array.from({ length: days }, (_, i) => [{ date: addDays(from, i), session: 'AM' as const, code: '/' }, { date: addDays(from, i), session: 'PM' as const, code: '\\' }]).flat();
  const countsOf = (marks: readonly Mark[]): CountedSessions[] => {
    const byKey = new Map<string, CountedSessions>();
    for (const m of marks) {
      const span = codeRuleSpans('2023-09-01', '2024-08-31').find((s) => m.date >= s.from && m.date <= s.to);
      if (!span) throw new Error('outside');
      const key = `${m.code}|${span.from}`;
      const c = byKey.get(key) ?? { code: m.code, date: span.from, sessions: 0 };
      c.sessions++;
      byKey.set(key, c);
    }
    return [...byKey.values()];
  };

  it.each([
    ['a school year across the 2024 code change', '2023-09-01', '2024-08-31', [...plain('2024-06-01', 30), ...plain('2024-08-19', 5)], 71],
    ['before the change only', '2023-09-01', '2024-08-18', plain('2024-05-01', 40), 80],
    ['no plain marks', '2023-09-01', '2024-08-31', [], 1],
  ])('%s: the same summary as from the marks', (_what, from, to, plainMarks, present) => {
    const expected = summariseAttendance([...other, ...plainMarks], from, to);
    expect(summariseAttendance(other, from, to, countsOf(plainMarks))).toEqual(expected);
    expect(expected.presentSessions).toBe(present);
  });

  it('reads each count with the rules of its own span (J is present before 19 Aug 2024, invalid after)', () => {
    const js = [...plain('2024-08-12', 10)].map((m) => ({ ...m, code: 'J' }));
    const expected = summariseAttendance(js, '2023-09-01', '2024-08-31');
    expect(summariseAttendance([], '2023-09-01', '2024-08-31', countsOf(js))).toEqual(expected);
    expect([expected.presentSessions, expected.invalidCodeSessions]).toEqual([14, 6]);
  });
});
