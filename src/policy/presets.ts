// The five policy files shipped with Rollcall, one per seed school policy in shared/seeds/. They are the
// worked examples of the format and the starting point for a new school ("copy the closest preset").

import { fileURLToPath } from 'node:url';
import { loadPolicyFile, type PolicyParseResult } from './load.js';

export interface PolicyPreset {
  id: string;
  /** Path from the repository root. */
  file: string;
  /** The seed policy it encodes (shared/seeds/NNN_*.txt). */
  seed: string;
  school: string;
}

export const POLICY_PRESETS: readonly PolicyPreset[] = [
  { id: 'st-lukes-cofe', file: 'policies/st-lukes-cofe.yaml', seed: '000', school: "St Luke's CofE Primary School" },
  { id: 'lutley', file: 'policies/lutley.yaml', seed: '001', school: 'Lutley Primary School (Hales Valley Trust)' },
  { id: 'inspire', file: 'policies/inspire.yaml', seed: '002', school: 'Inspire Education Community Trust school' },
  { id: 'st-lukes-e14', file: 'policies/st-lukes-e14.yaml', seed: '003', school: "St Luke's School E14" },
  { id: 'micklefield', file: 'policies/micklefield.yaml', seed: '004', school: 'Micklefield CE Primary Academy' },
];

const REPO_ROOT = new URL('../../', import.meta.url);

export function findPreset(id: string): PolicyPreset | undefined {
  return POLICY_PRESETS.find((p) => p.id === id);
}

/** Absolute path of a preset's YAML file. */
export function presetPath(preset: PolicyPreset): string {
  return fileURLToPath(new URL(preset.file, REPO_ROOT));
}

export function loadPreset(id: string): PolicyParseResult {
  const preset = findPreset(id);
  if (!preset) {
    return { ok: false, errors: [{ path: '(preset)', message: `no preset "${id}"; presets: ${POLICY_PRESETS.map((p) => p.id).join(', ')}` }] };
  }
  return loadPolicyFile(presetPath(preset));
}
