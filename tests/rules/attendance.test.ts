import { describe, expect, it } from 'vitest';
import { daysAbsent, percentage, summariseAttendance } from '../../src/rules/attendance.js';
import type { Mark } from '../../src/rules/types.js';
import { calendar, mark, marksFor } from './fixtures.js';

/** `present` attending sessions then `absent` absences, on consecutive school sessions from 3 Sep 2026. */
function register(present: number, absent: number, absentCode = 'N'): Mark[] {
  const all = marksFor(calendar, '2026-09-03', '2026-12-18', '/');
  return all.slice(0, present + absent).map((m, i) => ({ ...m, code: i < present ? '/' : absentCode }));
}

describe('summariseAttendance: persistent and severe absence boundaries', () => {
  it.each([
    [9, 1, 90, true, false, 'exactly 10% absent'],
    [91, 9, 91, false, false, 'just under 10%'],
    [90, 10, 90, true, false, '10 of 100'],
    [5, 5, 50, true, true, 'exactly 50% absent'],
    [51, 49, 51, true, false, 'just under 50%'],
    [20, 0, 100, false, false, 'no absence'],
    [0, 4, 0, true, true, 'all absent'],
  ])('%i present, %i absent: %f%%, PA %s, SA %s (%s)', (present, absent, pct, pa, sa) => {
    const s = summariseAttendance(register(present, absent), '2026-09-01', '2026-12-31');
    expect(s.possibleSessions).toBe(present + absent);
    expect(s.attendancePct).toBe(pct);
    expect(s.persistentAbsence).toBe(pa);
    expect(s.severeAbsence).toBe(sa);
  });

  it('gives null percentages and no flags when nothing was possible', () => {
    const s = summariseAttendance([mark('2026-11-23', 'AM', 'Y4'), mark('2026-11-23', 'PM', 'D')], '2026-11-01', '2026-11-30');
    expect(s.possibleSessions).toBe(0);
    expect(s.notPossibleSessions).toBe(2);
    expect(s.attendancePct).toBeNull();
    expect(s.absencePct).toBeNull();
    expect(s.persistentAbsence).toBe(false);
  });
});

describe('summariseAttendance: counting each kind of session', () => {
  const marks: Mark[] = [
    mark('2026-11-16', 'AM', '/'),
    mark('2026-11-16', 'PM', '\\'),
    mark('2026-11-17', 'AM', 'L', 12),
    mark('2026-11-17', 'PM', 'V'),
    mark('2026-11-18', 'AM', 'K'),
    mark('2026-11-18', 'PM', 'I'),
    mark('2026-11-19', 'AM', 'M'),
    mark('2026-11-19', 'PM', 'U', 45),
    mark('2026-11-20', 'AM', 'G'),
    mark('2026-11-20', 'PM', 'N'),
    mark('2026-11-23', 'AM', 'X'),
    mark('2026-11-23', 'PM', 'Y7'),
    mark('2026-11-24', 'AM', '#'),
    mark('2026-11-24', 'PM', '-'),
    mark('2026-11-25', 'AM', 'H'),
    mark('2026-11-26', 'AM', 'N'), // outside the period
  ];
  const s = summariseAttendance(marks, '2026-11-16', '2026-11-25');

  it.each([
    ['possibleSessions', 10],
    ['presentSessions', 5],
    ['approvedEducationalActivity', 2],
    ['authorisedSessions', 2],
    ['unauthorisedSessions', 3],
    ['absenceSessions', 5],
    ['lateSessions', 1],
    ['uSessions', 1],
    ['notPossibleSessions', 3],
    ['noMarkSessions', 1],
    ['invalidCodeSessions', 1],
    ['attendancePct', 50],
    ['absencePct', 50],
  ] as const)('%s = %d', (field, expected) => {
    expect(s[field]).toBe(expected);
  });
});

describe('summariseAttendance: historic codes read by the session date', () => {
  it('counts a 2024 J as present and H as authorised before the switch, and refuses H after it', () => {
    const marks = [
      mark('2024-07-08', 'AM', 'J'),
      mark('2024-07-08', 'PM', 'H'),
      mark('2024-07-09', 'AM', 'Y'),
      mark('2024-09-09', 'AM', 'H'),
      mark('2024-09-09', 'PM', 'J1'),
    ];
    const s = summariseAttendance(marks, '2024-07-01', '2024-09-30');
    expect(s.presentSessions).toBe(1);
    expect(s.approvedEducationalActivity).toBe(1);
    expect(s.authorisedSessions).toBe(2);
    expect(s.notPossibleSessions).toBe(1);
    expect(s.invalidCodeSessions).toBe(1);
    expect(s.possibleSessions).toBe(3);
  });
});

describe('percentage', () => {
  it.each([
    [2, 3, 66.7],
    [1, 3, 33.3],
    [189, 190, 99.5],
    [1, 8, 12.5],
    [0, 5, 0],
  ])('%i / %i = %f', (part, whole, expected) => {
    expect(percentage(part, whole)).toBe(expected);
  });
});

describe('daysAbsent', () => {
  const marks = [
    mark('2026-11-16', 'AM', 'N'),
    mark('2026-11-16', 'PM', 'N'),
    mark('2026-11-17', 'AM', '/'),
    mark('2026-11-17', 'PM', 'I'),
    mark('2026-11-18', 'AM', 'M'),
    mark('2026-11-18', 'PM', 'D'),
    mark('2026-11-19', 'AM', 'V'),
    mark('2026-11-19', 'PM', 'V'),
  ];

  it('halves absence sessions by default', () => {
    expect(daysAbsent(marks, '2026-11-16', '2026-11-19')).toBe(2);
  });

  it('counts only days with every possible session absent in whole-days mode', () => {
    expect(daysAbsent(marks, '2026-11-16', '2026-11-19', 'whole-days')).toBe(2);
    expect(daysAbsent(marks, '2026-11-17', '2026-11-19', 'whole-days')).toBe(1);
  });
});
