import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/policy/schema.js';
import { POLICY_PRESETS, findPreset, loadPreset, presetPath } from '../../src/policy/presets.js';

function load(id: string): { policy: Policy; warningPaths: string[] } {
  const result = loadPreset(id);
  if (!result.ok) throw new Error(`${id}: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return { policy: result.policy, warningPaths: result.warnings.map((w) => w.path).sort() };
}

describe('policy presets', () => {
  it('lists the five seeds with files that exist', () => {
    expect(POLICY_PRESETS.map((p) => [p.seed, p.file])).toEqual([
      ['000', 'policies/st-lukes-cofe.yaml'],
      ['001', 'policies/lutley.yaml'],
      ['002', 'policies/inspire.yaml'],
      ['003', 'policies/st-lukes-e14.yaml'],
      ['004', 'policies/micklefield.yaml'],
    ]);
    for (const preset of POLICY_PRESETS) expect(existsSync(presetPath(preset))).toBe(true);
  });

  it.each(POLICY_PRESETS.map((p) => p.id))('%s parses with no errors and honours the built-in limits', (id) => {
    const { policy } = load(id);
    expect(policy.nCode.resolveWithinSchoolDays).toBeLessThanOrEqual(5);
    expect(policy.missingPupil.parentNotifyAfterMinutes).toBe(10);
    expect(new Set(policy.calendar.terms.map((t) => t.year))).toEqual(new Set(['2025-26', '2026-27']));
    expect(policy.calendar.insetDays).toHaveLength(10);
  });

  it.each(POLICY_PRESETS.map((p) => p.id))('%s treats Monday 23 Nov 2026 as a school day', (id) => {
    const { calendar } = load(id).policy;
    const day = '2026-11-23';
    const term = calendar.terms.find((t) => day >= t.start && day <= t.end);
    expect(term?.name).toBe('autumn');
    expect(term?.breaks.some((b) => day >= b.start && day <= b.end)).toBe(false);
    expect(calendar.insetDays).not.toContain(day);
    expect(calendar.closures.map((c) => c.date)).not.toContain(day);
  });

  it.each([
    ['st-lukes-cofe', [
      'codes.legacyCodesUsed.0', 'codes.legacyCodesUsed.1', 'laReturns.sicknessReturn', 'nCode.firstDayCode',
      'penaltyNotices.nationalThresholdStated', 'register.am.closes', 'register.pm.closes', 'retention.registerYears',
    ]],
    ['lutley', ['codes.legacyCodesUsed.0', 'leave.requestedBy', 'localThresholds.0', 'register.pm.closes']],
    ['inspire', [
      'codes.legacyCodesUsed.0', 'codes.legacyCodesUsed.1', 'laReturns.sicknessReturn', 'penaltyNotices.nationalThresholdStated',
      'register', 'register.am.closes', 'register.pm.closes', 'retention.registerYears',
      'roles.penaltyNotice.consider.0', 'roles.penaltyNotice.issue.0',
    ]],
    ['st-lukes-e14', [
      'localThresholds', 'penaltyNotices.statedAmountsGbp.first', 'penaltyNotices.statedAmountsGbp.firstPaidWithin21Days',
      'register.am.closes', 'register.pm.closes', 'removalFromRoll.jointLaEnquiries', 'removalFromRoll.unauthorisedSchoolDays',
    ]],
    ['micklefield', ['laReturns.continuousAbsenceReturn', 'penaltyNotices.nationalThresholdStated']],
  ])('%s has exactly its expected legal warnings', (id, paths) => {
    expect(load(id).warningPaths).toEqual([...paths].sort());
  });

  it('reports the reasons the brief names for Inspire, St Luke\'s CofE and St Luke\'s E14', () => {
    const messages = (id: string) => {
      const r = loadPreset(id);
      return r.ok ? r.warnings.map((w) => `${w.path}: ${w.message}`) : [];
    };
    expect(messages('inspire')).toEqual(expect.arrayContaining([
      expect.stringMatching(/^register\.am\.closes: .*open 40 minutes \(08:50-09:30\).*30 minutes/),
      expect.stringMatching(/^retention\.registerYears: .*3 years.*6 years/),
    ]));
    expect(messages('st-lukes-e14')).toEqual(expect.arrayContaining([
      expect.stringMatching(/^removalFromRoll\.unauthorisedSchoolDays: .*21 school days.*20 continuous school days coded only G, N or O/),
    ]));
    expect(messages('st-lukes-cofe')).toEqual(expect.arrayContaining([
      expect.stringMatching(/^register\.am\.closes: the published policy does not say when the AM register closes/),
      expect.stringMatching(/^nCode\.firstDayCode: .*O on the first day/),
      expect.stringMatching(/^retention\.registerYears: .*3 years/),
    ]));
  });

  it('keeps each seed\'s distinctive values', () => {
    expect(load('inspire').policy.register.am).toMatchObject({ opens: '08:50', closes: '09:30' });
    expect(load('st-lukes-cofe').policy.school.attendanceTargetPct).toBe(95);
    expect(load('micklefield').policy.firstDay.homeVisitTriggers)
      .toEqual({ consecutiveDays: 3, daysWithoutMedicalEvidence: 5, noContact: true, vulnerable: true });
    expect(load('lutley').policy.localThresholds[0]).toMatchObject({ sessions: 12, schoolWeeks: 12 });
    expect(load('st-lukes-e14').policy.lateness.thresholds.map((t) => t.lates)).toEqual([5, 15]);
    const inspireBands = load('inspire').policy.tiers;
    expect(inspireBands.model === 'percentage' && inspireBands.bands[2]?.monitoringPeriods?.map((m) => m.weeks)).toEqual([2, 4, 4]);
  });

  it('answers an unknown preset with the list of presets', () => {
    expect(findPreset('nowhere')).toBeUndefined();
    const result = loadPreset('nowhere');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain('st-lukes-cofe, lutley, inspire, st-lukes-e14, micklefield');
  });
});
