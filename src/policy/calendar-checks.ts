// Consistency errors in a policy's calendar that zod cannot see field by field: terms that overlap or run
// backwards, half terms outside their term, INSET days or closures that fall on no school day. Every
// school-day calculation (N-code deadlines, school weeks for the national threshold) trusts this calendar.

import { schoolYearOfTermStart } from '../rules/dates.js';
import type { CalendarData } from '../rules/types.js';
import type { PolicyIssue } from './issues.js';

export function checkCalendar(calendar: CalendarData): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const seen = new Map<string, number>();
  calendar.terms.forEach((term, i) => {
    const at = `calendar.terms.${i}`;
    const label = `${term.name} ${term.year}`;
    if (term.start > term.end) issues.push({ path: `${at}.end`, message: `${label} ends (${term.end}) before it starts (${term.start})` });
    const yearEnds = `${Number(term.year.slice(0, 4)) + 1}-08-31`;
    if (schoolYearOfTermStart(term.start) !== term.year || term.end > yearEnds) {
      issues.push({
        path: `${at}.year`,
        message: `${label} runs ${term.start} to ${term.end}, which is not inside school year ${term.year}: a school year begins with the first term to begin after July (Education Act 1996 s579), so its terms begin between 1 Aug ${term.year.slice(0, 4)} and 31 Jul ${Number(term.year.slice(0, 4)) + 1} and end by ${yearEnds}`,
      });
    }
    const key = `${term.year}/${term.name}`;
    const first = seen.get(key);
    if (first !== undefined) issues.push({ path: `${at}.name`, message: `${label} is listed twice (also calendar.terms.${first})` });
    else seen.set(key, i);
    issues.push(...checkBreaks(term, at));
  });
  issues.push(...checkTermOverlaps(calendar));
  calendar.insetDays.forEach((day, i) => {
    const path = `calendar.insetDays.${i}`;
    if (isWeekend(day)) issues.push({ path, message: `INSET day ${day} is a weekend` });
    else if (!isTermDay(calendar, day)) issues.push({ path, message: `INSET day ${day} is not inside any term (or falls in a half-term break)` });
  });
  calendar.closures.forEach((closure, i) => {
    if (!isTermDay(calendar, closure.date)) {
      issues.push({ path: `calendar.closures.${i}.date`, message: `closure on ${closure.date} is not inside any term (or falls in a half-term break)` });
    }
  });
  return issues;
}

function checkBreaks(term: CalendarData['terms'][number], at: string): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  term.breaks.forEach((b, j) => {
    const path = `${at}.breaks.${j}`;
    if (b.start > b.end) issues.push({ path: `${path}.end`, message: `break ends (${b.end}) before it starts (${b.start})` });
    if (b.start < term.start || b.end > term.end) {
      issues.push({ path, message: `break ${b.start} to ${b.end} is not inside the ${term.name} term (${term.start} to ${term.end})` });
    }
    term.breaks.slice(0, j).forEach((other, k) => {
      if (b.start <= other.end && other.start <= b.end) {
        issues.push({ path, message: `break ${b.start} to ${b.end} overlaps ${at}.breaks.${k} (${other.start} to ${other.end})` });
      }
    });
  });
  return issues;
}

function checkTermOverlaps(calendar: CalendarData): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  calendar.terms.forEach((term, i) => {
    calendar.terms.slice(0, i).forEach((other, k) => {
      if (term.start <= other.end && other.start <= term.end) {
        issues.push({
          path: `calendar.terms.${i}`,
          message: `${term.name} ${term.year} (${term.start} to ${term.end}) overlaps calendar.terms.${k}, ${other.name} ${other.year} (${other.start} to ${other.end})`,
        });
      }
    });
  });
  return issues;
}

function isTermDay(calendar: CalendarData, day: string): boolean {
  return calendar.terms.some((t) => day >= t.start && day <= t.end && !t.breaks.some((b) => day >= b.start && day <= b.end));
}

function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}
