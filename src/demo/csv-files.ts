// Writes the demo school as the canonical import files (PRODUCT.md), so the demo is loaded through the
// same import path as a real school's MIS export, and the files double as examples of the format.
import type { DemoMark } from './marks.js';
import type { DemoContact, DemoPupil } from './pupils.js';
import type { DemoStaff } from './staff.js';

const yn = (b: boolean) => (b ? 'Y' : 'N');
function cell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function csv(header: string[], rows: (string | number | null)[][]): string {
  return [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}

export function pupilsCsv(pupils: DemoPupil[]): string {
  return csv(
    ['upn', 'first_name', 'last_name', 'preferred_name', 'year_group', 'class', 'date_of_birth', 'gender', 'admission_date', 'leaving_date', 'sen_status', 'ehcp', 'fsm', 'eal', 'looked_after', 'child_protection_plan', 'social_worker', 'young_carer'],
    pupils.map((p) => [p.upn, p.firstName, p.lastName, null, p.yearGroup, p.className, p.dateOfBirth, p.gender, p.admissionDate, null, p.senStatus, yn(p.ehcp), yn(p.fsm), yn(p.eal), yn(p.lookedAfter), yn(p.childProtectionPlan), yn(p.socialWorker), yn(p.youngCarer)]),
  );
}

export function contactsCsv(contacts: DemoContact[]): string {
  return csv(
    ['upn', 'priority', 'name', 'relationship', 'phone', 'email', 'lives_with_pupil', 'parental_responsibility'],
    contacts.map((c) => [c.upn, c.priority, c.name, c.relationship, c.phone, c.email, yn(c.livesWithPupil), yn(c.parentalResponsibility)]),
  );
}

export function staffCsv(staff: DemoStaff[]): string {
  return csv(['staff_id', 'name', 'email', 'roles', 'slack_user_id', 'teams_user_id', 'classes'], staff.map((s) => [s.staffId, s.name, s.email, s.roles.join(';'), s.slackUserId, s.teamsUserId, s.className ?? null]));
}

export function marksCsv(marks: DemoMark[]): string {
  return csv(['upn', 'date', 'session', 'code', 'minutes_late', 'note'], marks.map((m) => [m.upn, m.date, m.session, m.code, m.minutesLate, m.note]));
}
