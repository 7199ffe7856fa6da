import { describe, expect, it } from 'vitest';
import { SchoolCalendar } from '../../src/rules/calendar.js';
import { nationalThreshold, NATIONAL_THRESHOLD, sessionsInSchoolWeeksThreshold } from '../../src/rules/thresholds.js';
import type { Mark } from '../../src/rules/types.js';
import { calendar, mark, marksOn } from './fixtures.js';

const DUDLEY = { sessions: 12, weeks: 12, codes: ['N', 'U', 'O', 'G'] };

describe('national threshold: 10 G/N/O/U sessions in 10 consecutive school weeks', () => {
  it('is met across a half term, on the date of the 10th session', () => {
    const marks = [
      ...marksOn(['2026-10-19', '2026-10-20'], 'N'),
      mark('2026-10-21', 'AM', 'N'),
      ...marksOn(['2026-11-02', '2026-11-03'], 'O'),
      mark('2026-11-04', 'AM', 'O'),
    ];
    const result = nationalThreshold(marks, calendar, '2026-11-23');
    expect(result.metOn).toBe('2026-11-04');
    expect(result.sessionsInWindow).toHaveLength(10);
    // Ten school weeks back from the week of 2 Nov skips half term and the summer holiday.
    expect(result.window).toEqual({ firstWeek: '2026-07-20', lastWeek: '2026-11-02' });
  });

  it('is not met before the 10th session (asOf), and counts how close the pupil is', () => {
    const marks = [...marksOn(['2026-10-19', '2026-10-20'], 'N'), ...marksOn(['2026-11-02', '2026-11-03'], 'O'), mark('2026-11-04', 'AM', 'G')];
    expect(nationalThreshold(marks, calendar, '2026-11-03')).toMatchObject({ metOn: null, currentCount: 8 });
  });

  const oneAWeek = [
    '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30', '2026-12-07', '2026-12-14',
    '2027-01-05', '2027-01-11', '2027-01-18', '2027-01-25',
  ];

  it('skips the Christmas holiday weeks: 10 sessions in 10 school weeks spread over 12 calendar weeks', () => {
    const marks = oneAWeek.map((d) => mark(d, 'AM', 'G'));
    const result = nationalThreshold(marks, calendar, '2027-02-01');
    expect(result.metOn).toBe('2027-01-25');
    expect(result.window).toEqual({ firstWeek: '2026-11-09', lastWeek: '2027-01-25' });
  });

  it('is not met when the 10 sessions need 11 school weeks', () => {
    const marks = ['2026-11-02', ...oneAWeek.slice(1)].map((d) => mark(d, 'AM', 'U'));
    const result = nationalThreshold(marks, calendar, '2027-02-01');
    expect(result.metOn).toBeNull();
    expect(result.currentCount).toBe(9);
  });

  it('runs across the summer holiday into a new school year', () => {
    const marks = [
      ...marksOn(['2026-07-20', '2026-07-21'], 'N'),
      mark('2026-07-22', 'AM', 'O'),
      ...marksOn(['2026-09-03', '2026-09-04'], 'G'),
      mark('2026-09-07', 'PM', 'N'),
    ];
    expect(nationalThreshold(marks, calendar, '2026-09-30').metOn).toBe('2026-09-07');
  });

  it('is not met when June and September sessions are 11 school weeks apart', () => {
    const marks = [...marksOn(['2026-06-01', '2026-06-02'], 'O'), mark('2026-06-03', 'AM', 'O'), ...marksOn(['2026-09-14', '2026-09-15'], 'O'), mark('2026-09-16', 'AM', 'O')];
    expect(nationalThreshold(marks, calendar, '2026-09-30').metOn).toBeNull();
  });

  it('ignores other codes, sessions after asOf and duplicate entries for one session', () => {
    const others: Mark[] = ['I', 'C', '/', 'L', 'M', 'E', 'Y7'].flatMap((code, i) => marksOn([`2026-11-${String(9 + i).padStart(2, '0')}`], code));
    const nine = [...marksOn(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'], 'N'), mark('2026-11-20', 'AM', 'N')];
    const dup = mark('2026-11-20', 'AM', 'N');
    const later = mark('2026-11-24', 'AM', 'N');
    const result = nationalThreshold([...others, ...nine, dup, later], calendar, '2026-11-23');
    expect(result.metOn).toBeNull();
    expect(result.currentCount).toBe(9);
    expect(nationalThreshold([...others, ...nine, dup, later], calendar, '2026-11-24').metOn).toBe('2026-11-24');
  });

  it('can look only after an earlier consideration (since)', () => {
    const marks = marksOn(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'], 'G');
    expect(nationalThreshold(marks, calendar, '2026-11-23').metOn).toBe('2026-11-06');
    expect(nationalThreshold(marks, calendar, '2026-11-23', '2026-11-04').metOn).toBeNull();
  });

  it('reports qualifying marks the calendar has no school week for', () => {
    const result = nationalThreshold(marksOn(['2024-09-03'], 'O'), calendar, '2026-11-23');
    expect(result.outsideCalendar).toBe(2);
  });
});

describe('national threshold: sessions before 19 Aug 2024 are ignored', () => {
  const cal2024 = new SchoolCalendar({
    terms: [
      { name: 'summer', year: '2023-24', start: '2024-04-15', end: '2024-07-19', breaks: [] },
      { name: 'autumn', year: '2024-25', start: '2024-09-02', end: '2024-12-20', breaks: [] },
    ],
    insetDays: [],
    closures: [],
  });
  const july = marksOn(['2024-07-15', '2024-07-16', '2024-07-17'], 'O');
  const september = marksOn(['2024-09-02', '2024-09-03', '2024-09-04', '2024-09-05', '2024-09-06'], 'O');

  it('does not count July 2024 sessions', () => {
    expect(nationalThreshold([...july, ...september.slice(0, 4)], cal2024, '2024-09-30').metOn).toBeNull();
    expect(nationalThreshold([...july, ...september], cal2024, '2024-09-30').metOn).toBe('2024-09-06');
  });

  it('would have counted them without the exclusion (the generic rule has none by default)', () => {
    const generic = { ...NATIONAL_THRESHOLD, ignoreBefore: undefined };
    expect(sessionsInSchoolWeeksThreshold([...july, ...september], cal2024, generic, '2024-09-30').metOn).toBe('2024-09-03');
  });
});

describe('local thresholds reuse the same rule (Dudley: 12 sessions in 12 school weeks)', () => {
  const tuesdays = [
    '2026-09-08', '2026-09-15', '2026-09-22', '2026-09-29', '2026-10-06', '2026-10-13',
    '2026-10-20', '2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24', '2026-12-01',
  ];
  const marks = tuesdays.map((d) => mark(d, 'PM', 'U'));

  it('is met on the 12th session in 12 school weeks', () => {
    expect(sessionsInSchoolWeeksThreshold(marks, calendar, DUDLEY, '2026-12-04').metOn).toBe('2026-12-01');
    expect(nationalThreshold(marks, calendar, '2026-12-04').metOn).toBe('2026-11-17');
  });

  it('is not met with 11', () => {
    expect(sessionsInSchoolWeeksThreshold(marks.slice(0, 11), calendar, DUDLEY, '2026-12-04').metOn).toBeNull();
  });
});
