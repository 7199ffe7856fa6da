// Fills a fake Wonde school from Rollcall's own import files (the demo's, or a test's), so the same school
// can be loaded both ways and compared: students with their contacts and registration group, employees
// with their registration groups, every mark as a session attendance record, and Wonde's attendance codes
// (the national ones, plus any extra MIS codes a test adds).

import { readImportCsv, type CsvRow } from '../../register/csv.js';
import type { ImportKind } from '../../register/types.js';
import { CODES_2024, CODES_PRE_2024 } from '../../rules/code-table.js';
import { wondeDate, type FakeWondeStore } from './store.js';

export function addNationalCodes(store: FakeWondeStore): void {
  const seen = new Set(store.attendanceCodes.map((c) => c.code));
  for (const rule of [...CODES_2024, ...CODES_PRE_2024]) {
    if (seen.has(rule.code)) continue;
    seen.add(rule.code);
    store.addCode(rule.code, rule.meaning);
  }
}

function rows(kind: ImportKind, text: string | undefined): CsvRow[] {
  if (!text) return [];
  const read = readImportCsv(text, { kind });
  if (!read.ok) throw new Error(`${kind}.csv for the fake Wonde: ${read.errors.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`);
  return read.rows;
}

/** The Wonde id the fake gives the pupil with this UPN. */
export function studentIdOf(upn: string): string {
  return `A${upn.toUpperCase()}`;
}

export function employeeIdOf(staffId: string): string {
  return `E${staffId}`;
}

const flag = (v: string | undefined) => (v ?? '').toUpperCase() === 'Y';

export function loadImportFiles(store: FakeWondeStore, schoolId: string, files: Partial<Record<ImportKind, string>>, at: Date): void {
  addNationalCodes(store);
  const contacts = new Map<string, Record<string, unknown>[]>();
  for (const { values: c } of rows('contacts', files.contacts)) {
    const list = contacts.get(c.upn!.toUpperCase()) ?? [];
    const [forename, ...rest] = c.name!.split(' ');
    list.push({
      id: `C${c.upn}${c.priority}`, forename, surname: rest.join(' '), title: null,
      relationship: { relationship: c.relationship, priority: Number(c.priority), parental_responsibility: flag(c.parental_responsibility), lives_with_pupil: flag(c.lives_with_pupil) },
      contact_details: { data: { emails: { email: c.email || null }, telephones: { mobile: c.phone || null } } },
    });
    contacts.set(c.upn!.toUpperCase(), list);
  }
  for (const { values: p } of rows('pupils', files.pupils)) {
    const upn = p.upn!.toUpperCase();
    store.putStudent(schoolId, {
      id: studentIdOf(upn), forename: p.preferred_name || p.first_name, surname: p.last_name, legal_forename: p.first_name, legal_surname: p.last_name,
      gender: p.gender === 'F' ? 'FEMALE' : p.gender === 'M' ? 'MALE' : null, date_of_birth: p.date_of_birth ? wondeDate(p.date_of_birth) : null,
      education_details: { data: { upn, admission_date: wondeDate(p.admission_date!), leaving_date: p.leaving_date ? wondeDate(p.leaving_date) : null, current_nc_year: p.year_group } },
      extended_details: { data: { sen_status: p.sen_status || 'N', fsm: flag(p.fsm), eal: flag(p.eal), in_lea_care: flag(p.looked_after) } },
      year: { data: { code: p.year_group, name: /^\d+$/.test(p.year_group!) ? `Year ${p.year_group}` : p.year_group } },
      groups: { data: [{ id: `G${p.class}`, name: p.class, type: 'REGISTRATION' }] },
      classes: { data: [] },
      contacts: { data: contacts.get(upn) ?? [] },
    }, at);
  }
  for (const { values: s } of rows('staff', files.staff)) {
    const classes = (s.classes ?? '').split(';').map((c) => c.trim()).filter(Boolean);
    const [forename, ...rest] = s.name!.split(' ');
    store.putEmployee(schoolId, {
      id: employeeIdOf(s.staff_id!), forename, surname: rest.join(' '), title: null,
      employment_details: { data: { current: (s.active ?? 'Y').toUpperCase() !== 'N', staff_code: s.staff_id } },
      contact_details: { data: { emails: { email: s.email || null } } },
      groups: { data: classes.map((name) => ({ id: `G${name}`, name, type: 'REGISTRATION' })) },
    }, at);
  }
  for (const { values: m } of rows('marks', files.marks)) {
    store.putMark(schoolId, {
      student: studentIdOf(m.upn!), date: m.date!, session: m.session!.toUpperCase() as 'AM' | 'PM', code: m.code!,
      ...(m.note ? { comment: m.note } : {}), ...(m.minutes_late ? { minutesLate: Number(m.minutes_late) } : {}),
    }, at);
  }
}
