import { describe, expect, it } from 'vitest';
import { isRollcallError } from '../../../src/errors/rollcall-error.js';
import { SchoolCalendar, type Mark } from '../../../src/rules/index.js';
import { reasonOptions } from '../../../src/workflows/unexplained/modals.js';
import { nCodeReminders } from '../../../src/workflows/unexplained/n-code-hygiene.js';
import { parseOutcome } from '../../../src/workflows/unexplained/outcomes.js';
import { checkReason } from '../../../src/workflows/unexplained/resolve.js';
import { caseView, preset } from './fixtures.js';

describe('checkReason', () => {
  it.each([
    ['I', null, 'I'],
    ['i', null, 'I'],
    ['m', 'dentist', 'M'],
    ['/', null, '/'],
    ['B', 'Swimming gala', 'B'],
    ['Y7', 'Flooded road', 'Y7'],
  ])('accepts %j (note %j) as %j', (code, note, expected) => {
    expect(checkReason(code, '2026-11-23', note)).toBe(expected);
  });

  it.each([
    ['N', null, 'code', /reason is not known/],
    ['H', null, 'code', /H is not a register code since 19 Aug 2024/],
    ['J1', null, 'code', /not a register code before 19 Aug 2024/],
    ['B', '  ', 'note', /needs the activity/],
    ['K', null, 'note', /needs the provision/],
    ['Y7', null, 'note', /needs the cause/],
  ])('refuses %j (note %j) beside %s', (code, note, field, message) => {
    const date = code === 'J1' ? '2023-10-02' : '2026-11-23';
    let caught: unknown;
    try {
      checkReason(code, date, note);
    } catch (error) {
      caught = error;
    }
    expect(isRollcallError(caught) && caught.code).toBe('INVALID_INPUT');
    expect(isRollcallError(caught) && caught.message).toMatch(message);
    expect(isRollcallError(caught) && Object.keys(caught.details.fields ?? {})).toEqual([field]);
  });

  it('offers the codes valid on the date with their meaning, absence codes first by how often schools use them', () => {
    const options = reasonOptions('2026-11-23', ['AM']);
    const values = options.map((o) => o.value);
    expect(values.slice(0, 5)).toEqual(['I', 'M', 'O', 'G', 'C']);
    expect(options[0]?.label).toBe('I: illness (physical or mental)');
    expect(values).toEqual(expect.arrayContaining(['U', 'C1', 'Y7', 'V', 'L']));
    // Absence codes, then approved educational activity, then arrival codes.
    expect(values.indexOf('Y7')).toBeLessThan(values.indexOf('V'));
    expect(values.indexOf('V')).toBeLessThan(values.indexOf('L'));
    expect(values.slice(-2)).toEqual(['/', 'L']);
    for (const never of ['N', '\\', 'Z', '#']) expect(values).not.toContain(never);
    expect(reasonOptions('2023-10-02', ['AM']).map((o) => o.value)).not.toContain('C1');
    expect(reasonOptions('2023-10-02', ['AM']).map((o) => o.value).slice(0, 2)).toEqual(['I', 'M']);
  });

  it('offers the afternoon present mark only for the afternoon, and neither when both sessions are amended', () => {
    expect(reasonOptions('2026-11-23', ['PM']).map((o) => o.value)).toContain('\\');
    expect(reasonOptions('2026-11-23', ['PM']).map((o) => o.value)).not.toContain('/');
    const both = reasonOptions('2026-11-23', ['AM', 'PM']).map((o) => o.value);
    expect(both).not.toContain('/');
    expect(both).not.toContain('\\');
    expect(both.length).toBe(new Set(both).size);
  });
});

describe('nCodeReminders', () => {
  const lutley = preset('lutley');
  const calendar = new SchoolCalendar(lutley.calendar);
  const pupil = caseView().pupil;
  const n = (date: string, session: 'AM' | 'PM', minutesLate: number | null = null): Mark => ({ date, session, code: 'N', minutesLate });

  it.each([
    // Monday 23 Nov 2026: school days after the session, counted up to and including today.
    ['2026-11-18', 'AM', null, 'none', 3, undefined],
    ['2026-11-17', 'AM', null, 'due', 4, 'O'],
    ['2026-11-16', 'PM', null, 'overdue', 5, 'O'],
    ['2026-11-16', 'AM', 20, 'overdue', 5, 'L'],
    ['2026-11-16', 'AM', 45, 'overdue', 5, 'U'],
    // Across half term (26-30 Oct): 23 Oct is 16 school days old, not 21 days.
    ['2026-10-23', 'AM', null, 'overdue', 16, 'O'],
  ] as const)('an N on %s %s (late %j) is %s', (date, session, late, list, age, code) => {
    const result = nCodeReminders(lutley, calendar, [{ pupil, marks: [n(date, session, late)] }], '2026-11-23');
    const found = list === 'none' ? undefined : result[list][0];
    expect(result.due.length + result.overdue.length).toBe(list === 'none' ? 0 : 1);
    if (found) expect([found.ageSchoolDays, found.suggestedCode]).toEqual([age, code]);
  });

  it('follows a policy that reminds earlier, and says when the N becomes overdue', () => {
    const early = { ...lutley, nCode: { ...lutley.nCode, remindAtSchoolDays: 3 } };
    const result = nCodeReminders(early, calendar, [{ pupil, marks: [n('2026-11-18', 'AM')] }], '2026-11-23');
    expect(result.due.map((r) => [r.ageSchoolDays, r.overdueOn])).toEqual([[3, '2026-11-25']]);
  });

  it('ignores codes other than N and sessions after the date', () => {
    const marks: Mark[] = [{ date: '2026-11-16', session: 'AM', code: 'O', minutesLate: null }, n('2026-11-24', 'AM')];
    expect(nCodeReminders(lutley, calendar, [{ pupil, marks }], '2026-11-23')).toEqual({ due: [], overdue: [] });
  });
});

describe('command words', () => {
  it.each([
    ['no-answer', 'no-answer'], ['No answer', 'no-answer'], ['VOICEMAIL', 'voicemail'], ['text_sent', 'text-sent'], ['text', 'text-sent'], ['Email', 'email-sent'], ['rang', undefined], ['😀', undefined],
  ])('outcome %j -> %j', (word, outcome) => {
    expect(parseOutcome(word)).toBe(outcome);
  });
});
