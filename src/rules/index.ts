// The public face of the national rules: everything outside src/rules imports from here.

export * from './types.js';
export {
  REGIME_2024_FROM,
  F_WITHDRAWN_FROM,
  CODE_RULE_CHANGES,
  PLAIN_PRESENT_CODES,
  codeRuleSpans,
  NO_MARK,
  CODES_2024,
  CODES_PRE_2024,
  regimeOn,
  codeOn,
  validCodesOn,
  explainInvalidCode,
  isUnexplained,
  isNoMark,
} from './codes.js';
export type { CodeRule, CodeRegime, StatisticalCategory } from './codes.js';
export { ENGLAND_AND_WALES_BANK_HOLIDAYS, BANK_HOLIDAY_YEARS } from './bank-holidays.js';
export { calendarOf, SchoolCalendar } from './calendar.js';
export {
  isIsoDate,
  addDays,
  fromDayNumber,
  isWeekend,
  mondayOf,
  schoolYearOfTermStart,
  formatDate,
} from './dates.js';
export { CLOSED_SESSION_CODES, countedMarks, noSessionOn, recordsClosure, sessionsNotHeldBetween } from './held-sessions.js';
export type { NoSession, NoSessionKind, OnRoll } from './held-sessions.js';
export { PupilRegister } from './pupil-register.js';
export { summariseAttendance, percentage, daysAbsent } from './attendance.js';
export type { AttendanceSummary, CountedSessions } from './attendance.js';
export { NATIONAL_THRESHOLD, sessionsInSchoolWeeksThreshold, nationalThreshold } from './thresholds.js';
export type { SchoolWeeksThreshold, ThresholdResult } from './thresholds.js';
export { N_DUE_AGE, N_OVERDUE_AGE, openNCodes, suggestedAmendment } from './n-codes.js';
export type { OpenNCode, OpenNCodeOptions } from './n-codes.js';
export {
  TWENTY_DAY_DELETION_DAYS,
  TEN_DAY_RETURN_DAYS,
  continuousCodedRun,
  twentyDayDeletionRun,
  tenDayAttendanceReturnRun,
  consecutiveDaysAbsent,
} from './absence-runs.js';
export type { AbsenceRun, StatutoryRun } from './absence-runs.js';
export { SICKNESS_RETURN_DAYS, sicknessReturn } from './sickness-return.js';
export type { SicknessReturnCheck, SicknessReturnOptions } from './sickness-return.js';
export * from './tiers.js';
