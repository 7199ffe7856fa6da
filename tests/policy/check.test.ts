import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicyFile } from '../../src/policy/check.js';
import { findPreset, presetPath } from '../../src/policy/presets.js';
import { MINIMAL_POLICY_YAML } from './minimal-policy.js';

const dir = mkdtempSync(join(tmpdir(), 'rollcall-policy-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('checkPolicyFile', () => {
  it('prints OK and each legal warning as path: reason for a valid file with warnings', () => {
    const preset = findPreset('inspire');
    if (!preset) throw new Error('inspire preset missing');
    const path = presetPath(preset);
    const { exitCode, output } = checkPolicyFile(path);
    const lines = output.split('\n');
    expect(exitCode).toBe(0);
    expect(lines[0]).toBe(`OK ${path} (Inspire Education Community Trust school)`);
    expect(lines[1]).toMatch(/^10 legal warnings/);
    expect(lines).toContain('  retention.registerYears: register entries kept for 3 years; REG24 reg 7 requires every entry to be kept for 6 years (3 years was the 2006 rule)');
  });

  it('says so when there is nothing to warn about', () => {
    const path = file('clean.yaml', MINIMAL_POLICY_YAML);
    expect(checkPolicyFile(path)).toEqual({ exitCode: 0, output: `OK ${path} (Example Primary School)\nNo legal warnings.` });
  });

  it('exits 1 and lists every error for an invalid file', () => {
    const broken = MINIMAL_POLICY_YAML
      .replace('closes: "09:15"', 'closes: "9:15"')
      .replace('parentReportBy: "09:00"', 'parentReportBy: "09:00"\n  ringEveryone: true');
    const path = file('broken.yaml', broken);
    const { exitCode, output } = checkPolicyFile(path);
    expect(exitCode).toBe(1);
    expect(output.split('\n')).toEqual([
      `${path}: not valid (2 errors)`,
      '  register.am.closes: must be a 24-hour time written "HH:MM", e.g. "08:45"',
      '  firstDay.ringEveryone: unknown field; check the spelling (fields are camelCase, e.g. lateAfter)',
    ]);
  });

  it('exits 1 for a file that does not exist', () => {
    const missing = join(dir, 'nope.yaml');
    expect(checkPolicyFile(missing)).toEqual({ exitCode: 1, output: `${missing}: not valid (1 error)\n  (file): cannot read ${missing} (ENOENT)` });
  });

  // Education Act 1996 s579: the school year begins with the first term to begin after July.
  it('passes a preset copy whose autumn term starts on 28 August, and refuses terms outside their year', () => {
    const preset = findPreset('st-lukes-cofe');
    if (!preset) throw new Error('st-lukes-cofe preset missing');
    const text = readFileSync(presetPath(preset), 'utf8');
    const august = text.replace('start: "2025-09-01", end: "2025-12-19"', 'start: "2025-08-28", end: "2025-12-19"');
    expect(august).not.toBe(text);
    expect(checkPolicyFile(file('august.yaml', august)).exitCode).toBe(0);

    const july = text.replace('start: "2025-09-01", end: "2025-12-19"', 'start: "2025-07-28", end: "2025-12-19"');
    const refused = checkPolicyFile(file('july.yaml', july));
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toContain('calendar.terms.0.year: autumn 2025-26 runs 2025-07-28 to 2025-12-19, which is not inside school year 2025-26: a school year begins with the first term to begin after July (Education Act 1996 s579)');
    const late = text.replace('start: "2026-04-14", end: "2026-07-21"', 'start: "2026-04-14", end: "2026-09-02"');
    expect(checkPolicyFile(file('late.yaml', late)).output).toMatch(/calendar\.terms\.2\.year: summer 2025-26 runs 2026-04-14 to 2026-09-02, which is not inside school year 2025-26: .* end by 2026-08-31/);
  });
});
