// Where a school's policy, as written, disagrees with the law in force since 19 Aug 2024. The policy still
// loads (Rollcall applies the national rules regardless); each warning names the field and the rule so the
// school can fix its published policy. Sources: shared/reference/attendance-rules.md sections 1-3, esp. 3.12.

import type { PolicyIssue } from './issues.js';
import { NATIONAL_THRESHOLD_CODES, WITHDRAWN_CODES } from './known-codes.js';
import { PENALTY_NOTICE_ROLES } from './roles.js';
import { minutesOf } from './schema-primitives.js';
import type { Policy } from './schema.js';

const MAX_REGISTER_MINUTES = 30;

export function legalWarnings(policy: Policy): PolicyIssue[] {
  return [
    ...registerWarnings(policy.register),
    ...codeWarnings(policy),
    ...retentionWarnings(policy.retention),
    ...removalWarnings(policy.removalFromRoll),
    ...penaltyNoticeWarnings(policy),
    ...thresholdWarnings(policy),
    ...returnWarnings(policy.laReturns),
    ...leaveWarnings(policy.leave),
  ];
}

function registerWarnings(register: Policy['register']): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const minutes = { am: 0, pm: 0 };
  for (const name of ['am', 'pm'] as const) {
    const s = register[name];
    minutes[name] = minutesOf(s.closes) - minutesOf(s.opens);
    if (!s.closesPublished) {
      issues.push({
        path: `register.${name}.closes`,
        message: `the published policy does not say when the ${name.toUpperCase()} register closes; the attendance guidance (WTISA 2024) requires the policy to state it. Rollcall uses ${s.closes} until the school publishes its own time`,
      });
    }
    if (minutes[name] > MAX_REGISTER_MINUTES) {
      issues.push({
        path: `register.${name}.closes`,
        message: `the ${name.toUpperCase()} register is open ${minutes[name]} minutes (${s.opens}-${s.closes}); the attendance guidance (WTISA 2024) allows no longer than 30 minutes`,
      });
    }
  }
  if (minutes.am !== minutes.pm) {
    issues.push({
      path: 'register',
      message: `the register is open ${minutes.am} minutes in the morning but ${minutes.pm} in the afternoon; the attendance guidance (WTISA 2024) says the time must be the same for every session`,
    });
  }
  return issues;
}

function codeWarnings(policy: Policy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  policy.codes.legacyCodesUsed.forEach((code, i) => {
    const reason = WITHDRAWN_CODES[code];
    if (reason) {
      issues.push({ path: `codes.legacyCodesUsed.${i}`, message: `${reason} (REG24 reg 10); Rollcall refuses "${code}" for sessions on or after 19 Aug 2024` });
    }
  });
  if (policy.nCode.firstDayCode === 'O') {
    issues.push({
      path: 'nCode.firstDayCode',
      message: 'the policy codes an unexplained absence O on the first day; REG24 reg 10(7)-(9) requires N until the reason is established, then the proper code (or O) within 5 school days. Rollcall records N',
    });
  }
  return issues;
}

function retentionWarnings(retention: Policy['retention']): PolicyIssue[] {
  if (retention.registerYears >= 6) return [];
  return [{
    path: 'retention.registerYears',
    message: `register entries kept for ${retention.registerYears} years; REG24 reg 7 requires every entry to be kept for 6 years (3 years was the 2006 rule)`,
  }];
}

function removalWarnings(removal: Policy['removalFromRoll']): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  if (removal.unauthorisedSchoolDays !== 20) {
    issues.push({
      path: 'removalFromRoll.unauthorisedSchoolDays',
      message: `the policy removes a pupil after ${removal.unauthorisedSchoolDays} school days of unauthorised absence; the ground in REG24 reg 9(1)(i) is at least 20 continuous school days coded only G, N or O, after reasonable enquiries made jointly with the local authority`,
    });
  }
  if (removal.afterLeaveSchoolDays !== 10) {
    issues.push({
      path: 'removalFromRoll.afterLeaveSchoolDays',
      message: `the policy uses ${removal.afterLeaveSchoolDays} school days after leave ends; REG24 reg 9(1)(h) uses the 10 school days immediately after the leave, with joint enquiries with the local authority`,
    });
  }
  if (!removal.jointLaEnquiries) {
    issues.push({
      path: 'removalFromRoll.jointLaEnquiries',
      message: 'REG24 reg 9(1)(h) and (i) allow deletion only after the school and the local authority have jointly made reasonable enquiries into the pupil\'s whereabouts',
    });
  }
  return issues;
}

function penaltyNoticeWarnings(policy: Policy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  for (const duty of ['issue', 'consider'] as const) {
    policy.roles.penaltyNotice[duty].forEach((role, i) => {
      if (!PENALTY_NOTICE_ROLES.includes(role)) {
        issues.push({
          path: `roles.penaltyNotice.${duty}.${i}`,
          message: `"${role}" may not ${duty} a penalty notice unless they are the head teacher or a deputy or assistant head the head teacher has authorised (PN07 reg 10)`,
        });
      }
    });
  }
  const amounts = policy.penaltyNotices.statedAmountsGbp;
  if (amounts) {
    const stated: [keyof typeof amounts, number][] = [['firstPaidWithin21Days', 80], ['first', 160], ['second', 160]];
    for (const [field, lawful] of stated) {
      const value = amounts[field];
      if (value !== undefined && value !== lawful) {
        issues.push({
          path: `penaltyNotices.statedAmountsGbp.${field}`,
          message: `the policy states £${value}; since 19 Aug 2024 a first notice is £80 if paid within 21 days, otherwise £160, and a second within 3 years is £160 (PN24 reg 4)`,
        });
      }
    }
  }
  return issues;
}

function thresholdWarnings(policy: Policy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const national = `the national threshold (10 sessions coded ${NATIONAL_THRESHOLD_CODES.join(', ')} in any 10 school weeks, PN24 reg 5 / PN07 reg 9A)`;
  if (!policy.penaltyNotices.nationalThresholdStated) {
    issues.push(policy.localThresholds.length > 0 || policy.unauthorisedLeave
      ? { path: 'localThresholds', message: `the policy presents local thresholds instead of ${national}; Rollcall checks the national threshold as well, and the policy should state it` }
      : { path: 'penaltyNotices.nationalThresholdStated', message: `the policy does not mention ${national}; Rollcall checks it anyway, and the policy should state it` });
  }
  policy.localThresholds.forEach((t, i) => {
    const laxer = t.sessions > 10 || (t.sessions === 10 && t.schoolWeeks !== undefined && t.schoolWeeks < 10);
    if (laxer) {
      issues.push({
        path: `localThresholds.${i}`,
        message: `"${t.name}" (${t.sessions} sessions${t.schoolWeeks ? ` in ${t.schoolWeeks} weeks` : ''}) is reached later than ${national}; it applies alongside the national duty to consider a penalty notice, never instead of it`,
      });
    }
  });
  return issues;
}

function returnWarnings(returns: Policy['laReturns']): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const rules = [
    ['sicknessReturn', returns.sicknessReturn, 15, 'the sickness return is due when a pupil coded I will miss at least 15 consecutive school days, or at least 15 in the school year (REG24 reg 13(9))'],
    ['continuousAbsenceReturn', returns.continuousAbsenceReturn, 10, 'the attendance return lists pupils absent for a continuous period of at least 10 school days coded only G, N, O or U (REG24 reg 13(7)(b))'],
  ] as const;
  for (const [field, value, days, law] of rules) {
    if (value.wording === 'more-than' || value.schoolDays !== days) {
      const said = `${value.wording === 'more-than' ? 'more than' : 'at least'} ${value.schoolDays} school days`;
      issues.push({ path: `laReturns.${field}`, message: `the policy says "${said}"; ${law}` });
    }
  }
  return issues;
}

function leaveWarnings(leave: Policy['leave']): PolicyIssue[] {
  if (leave.requestedBy === 'parent-lives-with') return [];
  return [{
    path: 'leave.requestedBy',
    message: 'the policy accepts leave requests from a parent with parental responsibility; REG24 reg 11 requires the request from a parent the pupil normally lives with',
  }];
}
