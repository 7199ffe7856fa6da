// Which sessions were held, why one was not (the import's words), and which marks the figures count.
import { describe, expect, it } from 'vitest';
import { countedMarks, noSessionOn, recordsClosure, sessionsNotHeldBetween } from '../../src/rules/held-sessions.js';
import type { Session } from '../../src/rules/types.js';
import { calendar, mark } from './fixtures.js';

describe('noSessionOn', () => {
  it.each([
    ['2026-11-21', 'AM', 'weekend', 'a Saturday'],
    ['2026-11-22', 'PM', 'weekend', 'a Sunday'],
    ['2026-10-28', 'AM', 'half term', 'in the autumn half term (26 Oct 2026 to 30 Oct 2026)'],
    ['2026-09-01', 'AM', 'INSET day', 'an INSET day'],
    ['2026-05-04', 'PM', 'bank holiday', 'a bank holiday'],
    ['2026-12-21', 'AM', 'school holiday', 'in the school holidays (in no term of the calendar)'],
    ['2026-08-10', 'AM', 'school holiday', 'in the school holidays (in no term of the calendar)'],
    ['2026-12-02', 'AM', 'closure', 'a day the school was unexpectedly closed (snow)'],
    ['2026-11-13', 'PM', 'closure', 'a planned closure (parents evening)'],
    ['2030-06-08', 'AM', 'weekend', 'a Saturday'],
  ] as const)('%s %s: %s (%s)', (date, session, kind, words) => {
    expect(noSessionOn(calendar, date, session)).toEqual({ kind, words });
  });

  it.each([
    ['2026-11-23', 'AM'],
    ['2026-11-13', 'AM'],
    // Before the calendar's first term and after its last, a weekday is not known either way.
    ['2024-01-10', 'AM'],
    ['2030-06-10', 'PM'],
  ] as const)('%s %s was held, or the calendar cannot say', (date, session) => {
    expect(noSessionOn(calendar, date, session)).toBeNull();
  });

  it('accepts closure codes only where the school closed (INSET days and closures)', () => {
    expect(recordsClosure('INSET day', '#')).toBe(true);
    expect(recordsClosure('closure', 'Y4')).toBe(true);
    expect(recordsClosure('closure', 'O')).toBe(false);
    expect(recordsClosure('half term', '#')).toBe(false);
    expect(recordsClosure('weekend', 'Y4')).toBe(false);
  });
});

describe('countedMarks', () => {
  it('keeps marks on held sessions while on roll, and hands back the same array when all count', () => {
    const marks = [mark('2026-11-23', 'AM', '/'), mark('2026-11-13', 'AM', 'G'), mark('2024-01-10', 'PM', 'O')];
    expect(countedMarks(calendar, { admissionDate: '2024-01-01', leavingDate: null }, marks)).toBe(marks);
  });

  it('drops marks on sessions the calendar says were not held, and marks outside the pupil\'s dates', () => {
    const kept = mark('2026-11-23', 'AM', 'G');
    const marks = [
      mark('2026-11-21', 'AM', 'G'), mark('2026-10-28', 'PM', 'O'), mark('2026-11-13', 'PM', '\\'),
      mark('2026-09-02', 'AM', '/'), kept, mark('2026-09-04', 'AM', '/'),
    ];
    expect(countedMarks(calendar, { admissionDate: '2026-09-03', leavingDate: '2026-11-30' }, marks)).toEqual([kept, mark('2026-09-04', 'AM', '/')]);
    expect(countedMarks(calendar, { admissionDate: '2026-09-07', leavingDate: '2026-11-20' }, marks)).toEqual([]);
  });
});

describe('sessionsNotHeldBetween', () => {
  it('lists each session the calendar says was not held, by date', () => {
    const { am, pm } = sessionsNotHeldBetween(calendar, '2026-11-12', '2026-11-16');
    expect(am).toEqual(['2026-11-14', '2026-11-15']);
    expect(pm).toEqual(['2026-11-13', '2026-11-14', '2026-11-15']);
  });

  it('says nothing of weekdays outside the calendar', () => {
    const { am } = sessionsNotHeldBetween(calendar, '2030-06-07', '2030-06-10');
    expect(am).toEqual(['2030-06-08', '2030-06-09']);
    const both: Session[] = ['AM', 'PM'];
    expect(both.map((s) => calendar.sessionHeld('2030-06-07', s))).toEqual([undefined, undefined]);
  });
});
