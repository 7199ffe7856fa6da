import { describe, expect, it } from 'vitest';
import { consecutiveDaysAbsent, tenDayAttendanceReturnRun, twentyDayDeletionRun } from '../../src/rules/absence-runs.js';
import type { Mark } from '../../src/rules/types.js';
import { calendar, mark, marksFor, marksOn } from './fixtures.js';

/** Present until 16 Oct, then G, N and O in turn for every session from 19 Oct to 20 Nov (20 school days). */
function absentSinceOctober(): Mark[] {
  const codes = ['G', 'N', 'O'];
  return [
    ...marksFor(calendar, '2026-09-03', '2026-10-16', '/'),
    ...marksFor(calendar, '2026-10-19', '2026-11-20', 'x').map((m, i) => ({ ...m, code: codes[i % 3] ?? 'O' })),
  ];
}

const replace = (marks: Mark[], date: string, session: 'AM' | 'PM', code: string): Mark[] =>
  marks.map((m) => (m.date === date && m.session === session ? { ...m, code } : m));

describe('20-school-day deletion run (reg 9(1)(i): only G, N or O)', () => {
  it('counts 20 school days across half term', () => {
    expect(twentyDayDeletionRun(absentSinceOctober(), calendar, '2026-11-20')).toEqual({
      days: 20,
      firstDay: '2026-10-19',
      lastDay: '2026-11-20',
      met: true,
    });
  });

  it('counts back from the last school day when asOf is a weekend', () => {
    expect(twentyDayDeletionRun(absentSinceOctober(), calendar, '2026-11-22').days).toBe(20);
  });

  it.each([
    ['U', 'arrived late after close: the pupil attended'],
    ['I', 'an authorised absence'],
    ['C', 'leave of absence'],
    ['Y7', 'unable to attend'],
  ])('is broken by %s on one session (%s)', (code) => {
    const marks = replace(absentSinceOctober(), '2026-11-04', 'PM', code);
    expect(twentyDayDeletionRun(marks, calendar, '2026-11-20')).toEqual({
      days: 12,
      firstDay: '2026-11-05',
      lastDay: '2026-11-20',
      met: false,
    });
  });

  it('is broken by a session with no mark', () => {
    const marks = absentSinceOctober().filter((m) => !(m.date === '2026-11-10' && m.session === 'AM'));
    expect(twentyDayDeletionRun(marks, calendar, '2026-11-20').days).toBe(8);
  });

  it('needs only the sessions the school held on a half-closed day', () => {
    const marks = absentSinceOctober().filter((m) => !(m.date === '2026-11-13' && m.session === 'PM'));
    expect(calendar.sessionsOn('2026-11-13')).toEqual(['AM']);
    expect(twentyDayDeletionRun(marks, calendar, '2026-11-20').days).toBe(20);
  });
});

describe('10-day attendance return (reg 13(7)(b): only G, N, O or U)', () => {
  it('lets U count but not an authorised code', () => {
    const withU = replace(absentSinceOctober(), '2026-11-04', 'PM', 'U');
    expect(tenDayAttendanceReturnRun(withU, calendar, '2026-11-20')).toMatchObject({ days: 20, met: true });
    const withI = replace(absentSinceOctober(), '2026-11-12', 'AM', 'I');
    expect(tenDayAttendanceReturnRun(withI, calendar, '2026-11-20')).toMatchObject({ days: 6, met: false });
  });

  it('is met at exactly 10 school days', () => {
    expect(tenDayAttendanceReturnRun(absentSinceOctober(), calendar, '2026-11-03').days).toBe(7);
    expect(tenDayAttendanceReturnRun(absentSinceOctober(), calendar, '2026-11-06')).toMatchObject({ days: 10, met: true });
  });
});

describe('consecutive days absent (unexplained-absence list)', () => {
  const base = marksFor(calendar, '2026-11-02', '2026-11-18', '/');

  it.each([
    ['N both sessions today and yesterday', [...marksOn(['2026-11-19', '2026-11-20'], 'N')], '2026-11-20', 2],
    ['over a weekend', [...marksOn(['2026-11-19', '2026-11-20', '2026-11-23'], 'N')], '2026-11-23', 3],
    ['authorised illness then N', [...marksOn(['2026-11-19'], 'I'), ...marksOn(['2026-11-20'], 'N')], '2026-11-20', 2],
    ['no mark yet today counts', [...marksOn(['2026-11-19', '2026-11-20'], 'N')], '2026-11-23', 3],
    ['present this morning', [...marksOn(['2026-11-19'], 'N'), mark('2026-11-20', 'AM', '/'), mark('2026-11-20', 'PM', 'N')], '2026-11-20', 0],
    ['late after close (U) this morning', [...marksOn(['2026-11-19'], 'N'), mark('2026-11-20', 'AM', 'U'), mark('2026-11-20', 'PM', 'N')], '2026-11-20', 0],
    ['on a school trip yesterday', [...marksOn(['2026-11-19'], 'V'), ...marksOn(['2026-11-20'], 'N')], '2026-11-20', 1],
    ['a dual-registration day neither counts nor breaks', [...marksOn(['2026-11-19'], 'N'), ...marksOn(['2026-11-20'], 'D'), ...marksOn(['2026-11-23'], 'O')], '2026-11-23', 2],
  ] as const)('%s', (_label, extra, asOf, expected) => {
    expect(consecutiveDaysAbsent([...base, ...extra], calendar, asOf).days).toBe(expected);
  });

  it('counts over the closed snow day and reports where the run starts', () => {
    const marks = [...marksFor(calendar, '2026-11-23', '2026-11-27', '/'), ...marksOn(['2026-11-30', '2026-12-01', '2026-12-03'], 'N')];
    expect(consecutiveDaysAbsent(marks, calendar, '2026-12-03')).toEqual({ days: 3, firstDay: '2026-11-30', lastDay: '2026-12-03' });
  });

  it('never reaches before admission or the first mark', () => {
    const marks = marksOn(['2026-11-19', '2026-11-20'], 'N');
    expect(consecutiveDaysAbsent(marks, calendar, '2026-11-23').days).toBe(3);
    expect(consecutiveDaysAbsent(marks, calendar, '2026-11-23', '2026-11-20').days).toBe(2);
    expect(consecutiveDaysAbsent([], calendar, '2026-11-23').days).toBe(0);
  });
});
