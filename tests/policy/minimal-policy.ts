// The README's minimal example, used as the base every validation test edits. Reading it from the README
// keeps the documented example honest: if it stops parsing, these tests fail.
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

const readme = readFileSync(new URL('../../src/policy/README.md', import.meta.url), 'utf8');
const match = /```yaml\n([\s\S]*?)```/.exec(readme);
if (!match?.[1]) throw new Error('src/policy/README.md has no yaml example');

export const MINIMAL_POLICY_YAML: string = match[1];

/** The minimal policy as a plain object; each call returns a fresh copy to edit. */
export function minimalPolicy(): Record<string, unknown> {
  const value: unknown = parse(MINIMAL_POLICY_YAML);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('example is not a mapping');
  return { ...value };
}

/** Sets a value at a dotted path ('register.am.closes', 'tiers.bands.0.belowPct'), creating objects on the way. */
export function withValue(base: Record<string, unknown>, path: string, value: unknown): string {
  const keys = path.split('.');
  let node: Record<string, unknown> = base;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] ?? ''] = value;
  return stringify(base);
}
