import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/load.js';
import { minimalPolicy, withValue } from './minimal-policy.js';

/** Applies edits to the README's minimal policy and returns its warnings as 'path: message'. */
function warningsAfter(edits: [string, unknown][]): string[] {
  const base = minimalPolicy();
  let text = '';
  for (const [path, value] of edits) text = withValue(base, path, value);
  const result = parsePolicy(text);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return result.warnings.map((w) => `${w.path}: ${w.message}`);
}

const paths = (warnings: string[]) => warnings.map((w) => w.slice(0, w.indexOf(': ')));

describe('legalWarnings', () => {
  it('allows a 30-minute register and warns from 31 minutes, per session', () => {
    expect(warningsAfter([['register.am.closes', '09:15'], ['register.pm.closes', '13:30']])).toEqual([]);
    const warnings = warningsAfter([['register.am.closes', '09:16'], ['register.pm.closes', '13:31']]);
    expect(warnings).toEqual([
      'register.am.closes: the AM register is open 31 minutes (08:45-09:16); the attendance guidance (WTISA 2024) allows no longer than 30 minutes',
      'register.pm.closes: the PM register is open 31 minutes (13:00-13:31); the attendance guidance (WTISA 2024) allows no longer than 30 minutes',
    ]);
  });

  it('warns when sessions stay open for different lengths of time', () => {
    expect(warningsAfter([['register.pm.closes', '13:20']])).toEqual([
      'register: the register is open 30 minutes in the morning but 20 in the afternoon; the attendance guidance (WTISA 2024) says the time must be the same for every session',
    ]);
  });

  it('warns when the published policy gives no close time', () => {
    expect(paths(warningsAfter([['register.am.closesPublished', false]]))).toEqual(['register.am.closes']);
  });

  it.each([[6, 0], [7, 0], [5, 1], [3, 1]])('retention of %s years gives %s warnings', (years, count) => {
    expect(warningsAfter([['retention.registerYears', years]])).toHaveLength(count);
  });

  it('warns for each withdrawn code the policy cites, and not for current ones', () => {
    const warnings = warningsAfter([['codes.legacyCodesUsed', ['C', 'H', 'F', 'J', 'Y', 'J1']]]);
    expect(paths(warnings)).toEqual(['codes.legacyCodesUsed.1', 'codes.legacyCodesUsed.2', 'codes.legacyCodesUsed.3', 'codes.legacyCodesUsed.4']);
    expect(warnings[2]).toContain('J (interview) became J1 on 19 Aug 2024');
  });

  it('warns about O on the first day', () => {
    expect(warningsAfter([['nCode.firstDayCode', 'O']])[0]).toMatch(/^nCode\.firstDayCode: .*REG24 reg 10\(7\)-\(9\) requires N/);
  });

  it('warns about removal rules that differ from reg 9', () => {
    const warnings = warningsAfter([['removalFromRoll', { unauthorisedSchoolDays: 21, afterLeaveSchoolDays: 10, jointLaEnquiries: false }]]);
    expect(paths(warnings)).toEqual(['removalFromRoll.unauthorisedSchoolDays', 'removalFromRoll.jointLaEnquiries']);
    expect(warningsAfter([['removalFromRoll', { unauthorisedSchoolDays: 20 }]])).toEqual([]);
  });

  it('allows the head teacher or an authorised deputy/assistant to deal with penalty notices, and warns for others', () => {
    expect(warningsAfter([['roles.penaltyNotice', { issue: ['headteacher', 'deputy-headteacher', 'assistant-headteacher'], consider: ['headteacher'] }]])).toEqual([]);
    const warnings = warningsAfter([['roles.penaltyNotice', { issue: ['head-of-school'], consider: ['headteacher', 'attendance-officer'] }]]);
    expect(paths(warnings)).toEqual(['roles.penaltyNotice.issue.0', 'roles.penaltyNotice.consider.1']);
    expect(warnings[0]).toContain('(PN07 reg 10)');
  });

  it('warns about pre-2024 penalty amounts only', () => {
    expect(warningsAfter([['penaltyNotices.statedAmountsGbp', { firstPaidWithin21Days: 80, first: 160, second: 160 }]])).toEqual([]);
    const warnings = warningsAfter([['penaltyNotices.statedAmountsGbp', { firstPaidWithin21Days: 60, first: 120 }]]);
    expect(paths(warnings)).toEqual(['penaltyNotices.statedAmountsGbp.firstPaidWithin21Days', 'penaltyNotices.statedAmountsGbp.first']);
    expect(warnings[0]).toContain('£60');
  });

  it.each([
    [12, 12, true],
    [11, undefined, true],
    [10, 8, true],
    [10, 10, false],
    [10, 12, false],
    [6, undefined, false],
  ])('a local threshold of %s sessions in %s weeks is warned as laxer than national: %s', (sessions, schoolWeeks, warned) => {
    const warnings = warningsAfter([['localThresholds', [{ name: 'LA', sessions, schoolWeeks, codes: ['G', 'N', 'O', 'U'], referTo: 'LA' }]]]);
    expect(paths(warnings)).toEqual(warned ? ['localThresholds.0'] : []);
  });

  it('distinguishes a policy silent on the national threshold from one that offers a local one instead', () => {
    expect(paths(warningsAfter([['penaltyNotices.nationalThresholdStated', false]]))).toEqual(['penaltyNotices.nationalThresholdStated']);
    const instead = warningsAfter([
      ['penaltyNotices.nationalThresholdStated', false],
      ['localThresholds', [{ name: 'FPN', sessions: 6, codes: ['G', 'N', 'O', 'U'], referTo: 'LA', purpose: 'penalty-notice' }]],
    ]);
    expect(instead).toEqual([expect.stringMatching(/^localThresholds: the policy presents local thresholds instead of the national threshold \(10 sessions coded G, N, O, U/)]);
  });

  it('warns about "more than" wording for the sickness and continuous-absence returns', () => {
    const warnings = warningsAfter([['laReturns', { sicknessReturn: { wording: 'more-than' }, continuousAbsenceReturn: { wording: 'more-than' } }]]);
    expect(warnings).toEqual([
      expect.stringMatching(/^laReturns\.sicknessReturn: the policy says "more than 15 school days"; .*at least 15 consecutive school days.*REG24 reg 13\(9\)/),
      expect.stringMatching(/^laReturns\.continuousAbsenceReturn: the policy says "more than 10 school days"; .*REG24 reg 13\(7\)\(b\)/),
    ]);
  });

  it('warns when leave may be requested by any parent with parental responsibility', () => {
    expect(warningsAfter([['leave.requestedBy', 'parental-responsibility']])[0]).toMatch(/^leave\.requestedBy: .*REG24 reg 11/);
  });
});
