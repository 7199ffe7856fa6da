// Turns a policy file's text into a validated Policy, or into a list of errors that each name the field and
// the reason. Three layers, in order: YAML syntax, the zod schema (types, formats, unknown keys, legal
// bounds), then cross-field checks. Only a policy that passes all three gets legal warnings.

import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { crossCheckPolicy } from './cross-checks.js';
import { pathOf, type PolicyIssue } from './issues.js';
import { legalWarnings } from './legal-warnings.js';
import { policySchema, type Policy } from './schema.js';

export type PolicyParseResult =
  | { ok: true; policy: Policy; warnings: PolicyIssue[] }
  | { ok: false; errors: PolicyIssue[] };

const WHOLE_FILE = '(file)';

export function parsePolicy(yamlText: string): PolicyParseResult {
  const doc = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => ({ path: WHOLE_FILE, message: `YAML: ${firstLine(e.message)}` })) };
  }
  const data: unknown = doc.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, errors: [{ path: WHOLE_FILE, message: 'a policy file is a YAML mapping that starts with keys such as school:, register:, calendar:' }] };
  }
  const parsed = policySchema.safeParse(data, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.flatMap(describeIssue) };
  const errors = crossCheckPolicy(parsed.data);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, policy: parsed.data, warnings: legalWarnings(parsed.data) };
}

/**
 * The policies stored on School rows are parsed on every request that needs one; parsing (YAML, zod,
 * legal checks) costs milliseconds, so the last few results are kept by their exact text. The cached
 * policy is frozen: a caller that changed it would change it for every later request.
 */
const storedPolicies = new Map<string, PolicyParseResult>();
const STORED_POLICIES_KEPT = 64;

export function parseStoredPolicy(yamlText: string): PolicyParseResult {
  const cached = storedPolicies.get(yamlText);
  if (cached) return cached;
  const result = deepFreeze(parsePolicy(yamlText));
  if (storedPolicies.size >= STORED_POLICIES_KEPT) {
    const oldest = storedPolicies.keys().next();
    if (!oldest.done) storedPolicies.delete(oldest.value);
  }
  storedPolicies.set(yamlText, result);
  return result;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export function loadPolicyFile(path: string): PolicyParseResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    return { ok: false, errors: [{ path: WHOLE_FILE, message: `cannot read ${path} (${reason})` }] };
  }
  return parsePolicy(text);
}

function describeIssue(issue: z.core.$ZodIssue): PolicyIssue[] {
  const at = pathOf(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: at ? `${at}.${key}` : key,
      message: 'unknown field; check the spelling (fields are camelCase, e.g. lateAfter)',
    }));
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return [{ path: at || WHOLE_FILE, message: 'required field is missing' }];
  }
  return [{ path: at || WHOLE_FILE, message: issue.message }];
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/:$/, '') ?? message;
}
