// Consistency errors that need more than one field: register times out of order, tier bands that overlap
// (a pupil would sit in two tiers at once), ladder ids used twice, roles nobody defined. These make a policy
// unusable, unlike legal-warnings.ts, which reports a usable policy that disagrees with the law.

import {
  describePercentageBand, percentageBandIsEmpty, percentageBandsOverlap, termDaysBandsOverlap,
} from '../rules/tiers.js';
import { checkCalendar } from './calendar-checks.js';
import type { PolicyIssue } from './issues.js';
import { KNOWN_ROLES } from './roles.js';
import { minutesOf } from './schema-primitives.js';
import type { Policy } from './schema.js';

export function crossCheckPolicy(policy: Policy): PolicyIssue[] {
  return [
    ...checkRegister(policy.register),
    ...checkCalendar(policy.calendar),
    ...checkTiers(policy.tiers),
    ...checkNCode(policy.nCode),
    ...checkLadder(policy.firstDay.ladder),
    ...checkRoles(policy),
  ];
}

function checkRegister(register: Policy['register']): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  for (const name of ['am', 'pm'] as const) {
    const s = register[name];
    const at = `register.${name}`;
    if (minutesOf(s.lateAfter) < minutesOf(s.opens)) {
      issues.push({ path: `${at}.lateAfter`, message: `lateAfter (${s.lateAfter}) is before the register opens (${s.opens})` });
    }
    if (minutesOf(s.closes) <= minutesOf(s.opens)) {
      issues.push({ path: `${at}.closes`, message: `closes (${s.closes}) must be after the register opens (${s.opens})` });
    } else if (minutesOf(s.closes) < minutesOf(s.lateAfter)) {
      issues.push({ path: `${at}.closes`, message: `closes (${s.closes}) is before lateAfter (${s.lateAfter})` });
    }
  }
  if (minutesOf(register.pm.opens) < minutesOf(register.am.closes)) {
    issues.push({ path: 'register.pm.opens', message: `the afternoon register (${register.pm.opens}) opens before the morning register closes (${register.am.closes})` });
  }
  return issues;
}

function checkTiers(tiers: Policy['tiers']): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  if (tiers.model === 'percentage') {
    tiers.bands.forEach((band, i) => {
      if (percentageBandIsEmpty(band)) {
        issues.push({ path: `tiers.bands.${i}`, message: `band "${band.name}" (${describePercentageBand(band)}) contains no percentage` });
        return;
      }
      tiers.bands.slice(0, i).forEach((other, k) => {
        if (percentageBandsOverlap(band, other)) {
          issues.push({
            path: `tiers.bands.${i}`,
            message: `band "${band.name}" (${describePercentageBand(band)}) overlaps tiers.bands.${k} "${other.name}" (${describePercentageBand(other)}); a pupil must fall in one band only`,
          });
        }
      });
    });
  } else {
    tiers.bands.forEach((band, i) => {
      if (band.maxDays !== undefined && band.maxDays < band.minDays) {
        issues.push({ path: `tiers.bands.${i}.maxDays`, message: `maxDays (${band.maxDays}) is below minDays (${band.minDays})` });
        return;
      }
      tiers.bands.slice(0, i).forEach((other, k) => {
        if (termDaysBandsOverlap(band, other)) {
          issues.push({
            path: `tiers.bands.${i}`,
            message: `${band.term} ${band.minDays}-${band.maxDays ?? 'up'} days overlaps tiers.bands.${k} (${other.term} ${other.minDays}-${other.maxDays ?? 'up'} days); a pupil must fall in one band only`,
          });
        }
      });
    });
  }
  return issues;
}

function checkNCode(nCode: Policy['nCode']): PolicyIssue[] {
  if (nCode.remindAtSchoolDays < nCode.resolveWithinSchoolDays) return [];
  return [{
    path: 'nCode.remindAtSchoolDays',
    message: `the reminder (school day ${nCode.remindAtSchoolDays}) must come before the deadline (school day ${nCode.resolveWithinSchoolDays})`,
  }];
}

function checkLadder(ladder: Policy['firstDay']['ladder']): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  ladder.forEach((step, i) => {
    const first = ladder.findIndex((s) => s.id === step.id);
    if (first < i) issues.push({ path: `firstDay.ladder.${i}.id`, message: `id "${step.id}" is already used by firstDay.ladder.${first}` });
  });
  return issues;
}

function checkRoles(policy: Policy): PolicyIssue[] {
  const known = new Set([...KNOWN_ROLES, ...policy.roles.extra]);
  const issues: PolicyIssue[] = [];
  for (const ref of roleReferences(policy, [], false)) {
    if (!known.has(ref.role)) {
      issues.push({ path: ref.path, message: `unknown role "${ref.role}"; use one of ${KNOWN_ROLES.join(', ')}, or add it to roles.extra` });
    }
  }
  return issues;
}

/** Every string that names a role: fields ending in Role/Roles and the lists under roles.duties/penaltyNotice. */
function* roleReferences(value: unknown, path: string[], isRole: boolean): Generator<{ path: string; role: string }> {
  if (typeof value === 'string') {
    if (isRole) yield { path: path.join('.'), role: value };
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* roleReferences(item, [...path, String(i)], isRole);
  } else if (typeof value === 'object' && value !== null) {
    const underRoleLists = path[0] === 'roles' && (path[1] === 'duties' || path[1] === 'penaltyNotice');
    for (const [key, child] of Object.entries(value)) {
      if (path.length === 1 && path[0] === 'roles' && key === 'extra') continue;
      yield* roleReferences(child, [...path, key], underRoleLists || /Roles?$/.test(key));
    }
  }
}
