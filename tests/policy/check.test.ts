import { mkdtempSync, writeFileSync } from 'node:fs';
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
});
