// `rollcall report tiers`: pupils grouped by tier in the policy's own band order, each with the rule in
// plain words. The weekly tier movements (workflows/tiers) build on the same facts.
import type { Policy } from '../policy/schema.js';
import type { SchoolFacts } from './pupil-facts.js';

export function tierOrder(policy: Policy): string[] {
  const names = policy.tiers.model === 'percentage' ? policy.tiers.bands.map((b) => b.name) : policy.tiers.bands.map((b) => b.tier);
  return [...new Set(names.filter((n): n is string => !!n))];
}

export function tiersReportText(policy: Policy, facts: SchoolFacts): string {
  const order = tierOrder(policy);
  const lines = [`Tiers on ${facts.date} (${policy.tiers.model === 'percentage' ? 'attendance bands' : 'days absent this term'})`];
  for (const tier of order) {
    const pupils = facts.pupils.filter((f) => f.tier.tier === tier);
    lines.push('', `${tier}: ${pupils.length}`);
    for (const f of pupils) lines.push(`  ${f.pupil.upn}  ${f.pupil.firstName} ${f.pupil.lastName} (${f.pupil.className}): ${f.tier.rule}`);
  }
  const none = facts.pupils.filter((f) => !f.tier.tier).length;
  lines.push('', `No tier: ${none}`);
  return lines.join('\n');
}
