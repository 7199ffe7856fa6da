// Pure-test fixtures: a seed policy with changes, and a CaseView as the read model would build it.
import { loadPreset } from '../../../src/policy/presets.js';
import type { Policy } from '../../../src/policy/schema.js';
import type { CaseView, ContactView } from '../../../src/workflows/unexplained/case-views.js';
import { vulnerabilityOf } from '../../../src/rules/vulnerability.js';

export function preset(id: string, change: (p: Policy) => Policy = (p) => p): Policy {
  const loaded = loadPreset(id);
  if (!loaded.ok) throw new Error(`preset ${id} invalid`);
  return change(loaded.policy);
}

export function withPrivacy(policy: Policy, level: Policy['privacy']['level'], contactDetailsIn: Policy['privacy']['contactDetailsIn'] = 'private-only'): Policy {
  return { ...policy, privacy: { level, contactDetailsIn } };
}

export const CONTACTS: ContactView[] = [
  { id: 'c1', priority: 1, name: 'Jane Brown', relationship: 'Mother', phone: '07700 900001', email: 'jane@example.org' },
  { id: 'c2', priority: 2, name: 'Tom Brown', relationship: 'Father', phone: '07700 900002', email: null },
  { id: 'c3', priority: 3, name: 'Ann Lee', relationship: 'Aunt', phone: '07700 900003', email: null },
];

export function caseView(over: Partial<CaseView> & { flags?: Partial<CaseView['pupil']> } = {}): CaseView {
  const pupil = {
    id: 'p1', upn: 'A100000000001', firstName: 'Amy', lastName: 'Brown', preferredName: null, yearGroup: 'Y3', className: '3B',
    admissionDate: '2022-09-05', childProtectionPlan: false, lookedAfter: false, socialWorker: false, ehcp: false, senStatus: 'N',
    ...over.flags,
  };
  const { flags: _flags, ...rest } = over;
  return {
    id: 'case-1', schoolId: 's1', pupil, date: '2026-11-23', session: 'AM', status: 'open', dayOfAbsence: 1, runStart: '2026-11-23',
    vulnerability: vulnerabilityOf(pupil), claimedBy: null, attempts: [], contactMade: false, stepsDone: new Set(), resolved: null, nextStep: 'Call the first contact',
    ...rest,
  };
}
