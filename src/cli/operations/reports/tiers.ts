// `rollcall report tiers [--filter class|year|pupil]`: pupils by the school's tier model.
import { schoolFacts } from '../../../reports/pupil-facts.js';
import { tiersQuery } from '../../../workflows/tiers/query.js';
import { tiersQueryText } from '../../../workflows/tiers/query-render.js';
import type { ReportContext } from './context.js';

export async function render({ db, school, date, format, filter }: ReportContext): Promise<string> {
  if (format === 'text') return tiersQueryText(await tiersQuery(db, { schoolId: school.id, policy: school.policy, date, ...(filter ? { filter } : {}) }));
  const facts = await schoolFacts(db.sql, school.id, school.policy, date);
  return JSON.stringify(facts.pupils.filter((f) => f.tier.tier).map((f) => ({ upn: f.pupil.upn, tier: f.tier.tier, rule: f.tier.rule })), null, 2);
}
