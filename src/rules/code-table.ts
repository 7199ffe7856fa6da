// The national register codes as data: the 2024 set (SI 2024/208 reg 10, in force 19 Aug 2024) and the
// older set still found in historic registers. A code is read with the rule set in force on the session's
// date and is never rewritten (attendance-rules.md 1.2 and 1.5).

export type StatisticalCategory =
  | 'present'
  | 'approved-educational-activity'
  | 'authorised'
  | 'unauthorised'
  | 'not-possible'
  | 'administrative';

export type CodeRegime = 'pre-2024' | '2024';

export interface CodeRule {
  code: string;
  /** Short statutory (or, for old codes, DfE guidance) meaning. */
  meaning: string;
  regime: CodeRegime;
  category: StatisticalCategory;
  /** In the denominator of the attendance rate. */
  countsInPossible: boolean;
  /** In the numerator: present or approved educational activity. */
  countsAsAttendance: boolean;
  /** A "relevant entry of absence" for the 10-in-10-school-weeks penalty-notice threshold (G N O U). */
  countsTowardNationalThreshold: boolean;
  /** Counts toward the 10-continuous-school-day attendance return, reg 13(7)(b) (G N O U). */
  countsForTenDayReturn: boolean;
  /** Allowed during the 20-school-day deletion run, reg 9(1)(i) (G N O only). */
  countsForTwentyDayDeletion: boolean;
  /** The nature of the activity, provision or cause must be recorded with the mark (B, K, Y7). */
  requiresExplanation: boolean;
  /** Arrived late but before the register closed (L). */
  late: boolean;
  /** The pupil is physically in school for the session (/ \ L U): they belong on the fire roll. */
  onSite: boolean;
}

type Flag = 'threshold' | 'ten-day' | 'twenty-day' | 'explain' | 'late' | 'on-site';

function rule(
  regime: CodeRegime,
  code: string,
  meaning: string,
  category: StatisticalCategory,
  flags: Flag[] = [],
): CodeRule {
  const possible = category !== 'not-possible' && category !== 'administrative';
  return {
    code,
    meaning,
    regime,
    category,
    countsInPossible: possible,
    countsAsAttendance: category === 'present' || category === 'approved-educational-activity',
    countsTowardNationalThreshold: flags.includes('threshold'),
    countsForTenDayReturn: flags.includes('ten-day'),
    countsForTwentyDayDeletion: flags.includes('twenty-day'),
    requiresExplanation: flags.includes('explain'),
    late: flags.includes('late'),
    onSite: flags.includes('on-site'),
  };
}

const now = (code: string, meaning: string, category: StatisticalCategory, flags?: Flag[]): CodeRule =>
  rule('2024', code, meaning, category, flags);
const old = (code: string, meaning: string, category: StatisticalCategory, flags?: Flag[]): CodeRule =>
  rule('pre-2024', code, meaning, category, flags);

/** From 19 Aug 2024: reg 10 Tables 1-3, U (reg 10(8)(b)), Y4 (reg 10(10)) and the administrative Z and #. */
export const CODES_2024: readonly CodeRule[] = [
  now('/', 'present (morning session)', 'present', ['on-site']),
  now('\\', 'present (afternoon session)', 'present', ['on-site']),
  now('L', 'late, arrived before the register closed', 'present', ['late', 'on-site']),
  now('K', 'attending education provision arranged by the local authority', 'approved-educational-activity', ['explain']),
  now('V', 'educational visit or trip', 'approved-educational-activity'),
  now('P', 'approved sporting activity', 'approved-educational-activity'),
  now('W', 'work experience', 'approved-educational-activity'),
  now('B', 'other approved educational activity', 'approved-educational-activity', ['explain']),
  now('C1', 'leave for a regulated performance or regulated employment abroad', 'authorised'),
  now('M', 'leave for a medical or dental appointment', 'authorised'),
  now('J1', 'leave for an interview', 'authorised'),
  now('S', 'study leave for a public examination', 'authorised'),
  now('X', 'not of compulsory school age, not required to attend', 'not-possible'),
  now('C2', 'leave for a temporary part-time timetable', 'authorised'),
  now('D', 'leave to attend another school at which the pupil is registered', 'not-possible'),
  now('C', 'leave of absence for exceptional circumstances', 'authorised'),
  now('T', 'parent travelling for occupational purposes', 'authorised'),
  now('R', 'religious observance', 'authorised'),
  now('I', 'illness (physical or mental)', 'authorised'),
  now('Q', 'unable to attend: lack of access arrangements', 'not-possible'),
  now('Y1', 'unable to attend: transport not available', 'not-possible'),
  now('Y2', 'unable to attend: widespread disruption to travel', 'not-possible'),
  now('Y3', 'unable to attend: part of the premises closed', 'not-possible'),
  now('Y4', 'unable to attend: whole school site unexpectedly closed (session cancelled)', 'not-possible'),
  now('Y5', 'unable to attend: in criminal justice detention', 'not-possible'),
  now('Y6', 'unable to attend: public health guidance or law', 'not-possible'),
  now('E', 'suspended or permanently excluded, no alternative provision', 'authorised'),
  now('Y7', 'unable to attend: any other unavoidable cause', 'not-possible', ['explain']),
  now('G', 'holiday not granted by the school', 'unauthorised', ['threshold', 'ten-day', 'twenty-day']),
  now('N', 'reason for absence not yet established', 'unauthorised', ['threshold', 'ten-day', 'twenty-day']),
  now('O', 'absent in other or unknown circumstances', 'unauthorised', ['threshold', 'ten-day', 'twenty-day']),
  now('U', 'arrived after the register closed', 'unauthorised', ['threshold', 'ten-day', 'on-site']),
  now('Z', 'prospective pupil not yet on the admission register', 'administrative'),
  now('#', 'planned whole or partial school closure', 'administrative'),
];

/**
 * Before 19 Aug 2024 (2006 Regulations and DfE guidance). The penalty-notice threshold did not exist, and
 * the 2024 threshold ignores these sessions, so no old code counts toward it. The old 10-day return and
 * 20-day deletion ground both turned on unauthorised absence, so G N O (U for the return) keep those roles.
 */
export const CODES_PRE_2024: readonly CodeRule[] = [
  old('/', 'present (morning session)', 'present', ['on-site']),
  old('\\', 'present (afternoon session)', 'present', ['on-site']),
  old('L', 'late, arrived before the register closed', 'present', ['late', 'on-site']),
  old('B', 'educated off site (not dual registration)', 'approved-educational-activity'),
  old('J', 'at an interview', 'approved-educational-activity'),
  old('P', 'approved sporting activity', 'approved-educational-activity'),
  old('V', 'educational visit or trip', 'approved-educational-activity'),
  old('W', 'work experience', 'approved-educational-activity'),
  old('D', 'dual registered, at another establishment', 'not-possible'),
  old('C', 'other authorised circumstances', 'authorised'),
  old('E', 'excluded, no alternative provision', 'authorised'),
  old('F', 'agreed extended family holiday', 'authorised'),
  old('H', 'agreed family holiday', 'authorised'),
  old('I', 'illness', 'authorised'),
  old('M', 'medical or dental appointment', 'authorised'),
  old('R', 'religious observance', 'authorised'),
  old('S', 'study leave', 'authorised'),
  old('T', 'traveller absence', 'authorised'),
  old('G', 'family holiday not agreed, or days in excess', 'unauthorised', ['ten-day', 'twenty-day']),
  old('N', 'no reason yet provided', 'unauthorised', ['ten-day', 'twenty-day']),
  old('O', 'other unauthorised absence', 'unauthorised', ['ten-day', 'twenty-day']),
  old('U', 'arrived after the register closed', 'unauthorised', ['ten-day', 'on-site']),
  old('X', 'non-compulsory school age absence', 'not-possible'),
  old('Y', 'unable to attend due to exceptional circumstances', 'not-possible'),
  old('Z', 'pupil not on roll', 'administrative'),
  old('#', 'planned whole or partial school closure', 'administrative'),
];
