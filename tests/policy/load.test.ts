import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/load.js';
import { MINIMAL_POLICY_YAML, minimalPolicy, withValue } from './minimal-policy.js';

function errorsOf(yamlText: string): string[] {
  const result = parsePolicy(yamlText);
  if (result.ok) throw new Error('expected the policy to be rejected');
  return result.errors.map((e) => `${e.path}: ${e.message}`);
}

const edit = (path: string, value: unknown) => withValue(minimalPolicy(), path, value);

describe('parsePolicy', () => {
  it('accepts the README example, fills defaults and has no warnings', () => {
    const result = parsePolicy(MINIMAL_POLICY_YAML);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.warnings).toEqual([]);
    const { policy } = result;
    expect(policy.school.timezone).toBe('Europe/London');
    expect(policy.nCode).toEqual({ firstDayCode: 'N', resolveWithinSchoolDays: 5, remindAtSchoolDays: 4 });
    expect(policy.retention.registerYears).toBe(6);
    expect(policy.missingPupil.parentNotifyAfterMinutes).toBe(10);
    expect(policy.missingPupil.searchAreas).toContain('The area immediately outside the school premises');
    expect(policy.roles.penaltyNotice.issue).toEqual(['headteacher']);
    expect(policy.firstDay.ladder[0]).toMatchObject({ day: 1, when: 'always' });
    expect(policy.privacy).toEqual({ level: 'standard', contactDetailsIn: 'private-only' });
  });

  it.each([
    ['a time without a leading zero', 'register.am.closes', '9:15', /^register\.am\.closes: must be a 24-hour time written "HH:MM"/],
    ['an impossible time', 'register.pm.opens', '25:00', /^register\.pm\.opens: must be a 24-hour time/],
    ['a ladder time', 'firstDay.ladder.0.after', '9:30', /^firstDay\.ladder\.0\.after: must be a 24-hour time/],
    ['an impossible date', 'calendar.insetDays', ['2026-02-30'], /^calendar\.insetDays\.0: must be a real date/],
    ['an N period over 5 school days', 'nCode.resolveWithinSchoolDays', 7, /^nCode\.resolveWithinSchoolDays: an N code must be replaced within 5 school days \(REG24 reg 10\(7\)-\(9\)\)/],
    ['an unknown tier model', 'tiers.model', 'points', /^tiers\.model: tiers\.model must be "percentage" .* or "term-days"/],
    ['an unknown ladder action', 'firstDay.ladder.0.action', 'fax', /^firstDay\.ladder\.0\.action: /],
    ['a role that is not kebab-case', 'firstDay.callOwnerRole', 'Office Staff', /^firstDay\.callOwnerRole: role names are lower-case words/],
    ['a bad timezone', 'school.timezone', 'Europe/Londres', /^school\.timezone: not a known IANA timezone/],
  ])('rejects %s with the field path and the reason', (_label, path, value, expected) => {
    expect(errorsOf(edit(path, value))).toEqual([expect.stringMatching(expected)]);
  });

  it('rejects an unknown attendance code and lists the real ones', () => {
    const text = edit('localThresholds', [{ name: 'LA', sessions: 12, schoolWeeks: 12, codes: ['N', 'Q9'], referTo: 'LA' }]);
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^localThresholds\.0\.codes\.1: unknown attendance code "Q9"; codes in force since 19 Aug 2024 are .* G N O U/);
  });

  it('refuses withdrawn codes in thresholds but accepts them as legacy codes the policy cites', () => {
    expect(errorsOf(edit('lateness.counts', ['L', 'H']))).toEqual([expect.stringMatching(/^lateness\.counts\.1: unknown attendance code "H"/)]);
    expect(parsePolicy(edit('codes.legacyCodesUsed', ['H'])).ok).toBe(true);
    expect(errorsOf(edit('codes.legacyCodesUsed', ['HH']))).toEqual(['codes.legacyCodesUsed.0: unknown attendance code "HH"']);
  });

  it('rejects overlapping percentage bands, naming both', () => {
    const errors = errorsOf(edit('tiers.bands.1.belowPct', 92));
    expect(errors).toEqual([expect.stringMatching(/^tiers\.bands\.1: band "Letter 2: monitoring" \(below 92%\) overlaps tiers\.bands\.0 "Letter 1: concern" \(below 95%, at or above 90%\)/)]);
  });

  it('rejects overlapping term-days bands', () => {
    const text = edit('tiers', {
      model: 'term-days',
      bands: [
        { term: 'autumn', minDays: 6, maxDays: 10, risk: 'Moderate', tier: 'Tier 1' },
        { term: 'any', minDays: 10, risk: 'High', tier: 'Tier 2' },
      ],
    });
    expect(errorsOf(text)).toEqual([expect.stringMatching(/^tiers\.bands\.1: any 10-up days overlaps tiers\.bands\.0 \(autumn 6-10 days\)/)]);
  });

  it('rejects a band with two upper bounds, and one with none', () => {
    expect(errorsOf(edit('tiers.bands.0.atOrBelowPct', 94))).toEqual(['tiers.bands.0.atOrBelowPct: give belowPct or atOrBelowPct, not both']);
    const none = minimalPolicy();
    const text = withValue(none, 'tiers.bands', [{ name: 'Everyone' }]);
    expect(errorsOf(text)).toEqual([expect.stringMatching(/^tiers\.bands\.0: a band needs at least one bound/)]);
  });

  it.each([
    ['register.am.lateAfter', '08:40', 'register.am.lateAfter: lateAfter (08:40) is before the register opens (08:45)'],
    ['register.am.closes', '08:48', 'register.am.closes: closes (08:48) is before lateAfter (08:50)'],
    ['register.pm.opens', '09:00', 'register.pm.opens: the afternoon register (09:00) opens before the morning register closes (09:15)'],
    ['nCode.remindAtSchoolDays', 5, 'nCode.remindAtSchoolDays: the reminder (school day 5) must come before the deadline (school day 5)'],
    ['firstDay.callOwnerRole', 'caretaker', 'firstDay.callOwnerRole: unknown role "caretaker"; use one of headteacher, executive-headteacher'],
  ])('cross-checks %s', (path, value, expected) => {
    const errors = errorsOf(edit(path, value));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.startsWith(expected)).toBe(true);
  });

  it('accepts a school-specific role once it is declared in roles.extra', () => {
    const base = minimalPolicy();
    withValue(base, 'firstDay.callOwnerRole', 'caretaker');
    expect(parsePolicy(withValue(base, 'roles.extra', ['caretaker'])).ok).toBe(true);
  });

  it('checks the calendar: overlapping terms, breaks outside terms, INSET days on no school day', () => {
    const base = minimalPolicy();
    withValue(base, 'calendar.terms', [
      { name: 'autumn', year: '2026-27', start: '2026-09-01', end: '2026-12-18', breaks: [{ start: '2026-12-14', end: '2026-12-22' }] },
      { name: 'spring', year: '2026-27', start: '2026-12-01', end: '2027-03-25' },
    ]);
    const errors = errorsOf(withValue(base, 'calendar.insetDays', ['2026-09-05', '2026-08-28']));
    expect(errors).toEqual([
      expect.stringMatching(/^calendar\.terms\.0\.breaks\.0: break 2026-12-14 to 2026-12-22 is not inside the autumn term/),
      expect.stringMatching(/^calendar\.terms\.1: spring 2026-27 \(2026-12-01 to 2027-03-25\) overlaps calendar\.terms\.0/),
      'calendar.insetDays.0: INSET day 2026-09-05 is a weekend',
      expect.stringMatching(/^calendar\.insetDays\.1: INSET day 2026-08-28 is not inside any term/),
    ]);
  });

  it('checks that a term sits inside its school year', () => {
    expect(errorsOf(edit('calendar.terms.0.year', '2025-26'))).toEqual([expect.stringMatching(/^calendar\.terms\.0\.year: autumn 2025-26 runs 2026-09-01 to 2026-12-18, which is not inside school year 2025-26/)]);
  });

  it('names unknown and missing fields', () => {
    expect(errorsOf(edit('register.am.closeAt', '09:15'))).toEqual(['register.am.closeAt: unknown field; check the spelling (fields are camelCase, e.g. lateAfter)']);
    const base = minimalPolicy();
    delete base.firstDay;
    expect(errorsOf(withValue(base, 'school.name', 'X'))).toEqual(['firstDay: required field is missing']);
  });

  it('reports duplicate ladder ids', () => {
    const text = edit('firstDay.ladder', [
      { id: 'call', after: 0, action: 'call-first-contact', ownerRole: 'office' },
      { id: 'call', after: 30, action: 'call-next-contact', ownerRole: 'office' },
    ]);
    expect(errorsOf(text)).toEqual(['firstDay.ladder.1.id: id "call" is already used by firstDay.ladder.0']);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(errorsOf('school:\n  name: [unclosed\nregister: {}\n')).toEqual([expect.stringMatching(/^\(file\): YAML: .*line \d+, column \d+/)]);
    expect(errorsOf('school: 1\nschool: 2\n')).toEqual([expect.stringMatching(/^\(file\): YAML: Map keys must be unique at line 2/)]);
    expect(errorsOf('- just\n- a list\n')).toEqual([expect.stringMatching(/^\(file\): a policy file is a YAML mapping/)]);
  });
});
