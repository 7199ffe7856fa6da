// Wonde's records in the words of Rollcall's import files. Pure: the records, the attendance codes and the
// policy's code map come in; rows (or one MisError naming what cannot be read) come out. A value Wonde does
// not send (outside the app's scopes, or not kept by the MIS, like a child-protection plan) is left out, so
// the import keeps what Rollcall already holds.

import { codeOn } from '../../rules/codes.js';
import type { IsoDate } from '../../rules/types.js';
import { MisError } from '../errors.js';
import type { SourceRow } from '../source.js';
import { dateOf, type WondeAttendanceCode, type WondeContact, type WondeEmployee, type WondeSessionMark, type WondeStudent } from './records.js';

const yn = (v: boolean | null | undefined): string | undefined => (v === null || v === undefined ? undefined : v ? 'Y' : 'N');

/** The registration group (form) a pupil is registered in; Wonde calls it a REGISTRATION group. */
export function registrationGroup(r: Pick<WondeStudent, 'groups' | 'classes'>): string | undefined {
  const groups = r.groups?.data ?? [];
  return (groups.find((g) => g.type?.toUpperCase() === 'REGISTRATION') ?? r.classes?.data[0])?.name;
}

export function pupilRow(s: WondeStudent): SourceRow {
  const edu = s.education_details?.data;
  const ext = s.extended_details?.data;
  const upn = edu?.upn?.trim();
  const className = registrationGroup(s);
  const admission = edu?.admission_date ? dateOf(edu.admission_date) : undefined;
  const missing = [!upn && 'education_details.upn', !className && 'a registration group', !admission && 'education_details.admission_date'].filter(Boolean);
  if (missing.length) throw new MisError('invalid-data', `Wonde student ${s.id} has no ${missing.join(', ')}; nothing from this sync was written`);
  const year = s.year?.data.code ?? (edu?.current_nc_year === null || edu?.current_nc_year === undefined ? undefined : String(edu.current_nc_year));
  const legal = s.legal_forename?.trim();
  const values: Record<string, string | undefined> = {
    upn: upn!,
    first_name: legal || s.forename,
    last_name: s.legal_surname?.trim() || s.surname,
    preferred_name: legal && legal !== s.forename ? s.forename : '',
    year_group: year,
    class: className!,
    date_of_birth: s.date_of_birth ? dateOf(s.date_of_birth) : '',
    gender: s.gender ? s.gender.trim().charAt(0).toUpperCase() : '',
    admission_date: admission!,
    leaving_date: edu?.leaving_date ? dateOf(edu.leaving_date) : '',
    sen_status: ext?.sen_status ? ext.sen_status.trim().charAt(0).toUpperCase() : undefined,
    fsm: yn(ext?.fsm),
    eal: yn(ext?.eal),
    looked_after: yn(ext?.in_lea_care),
  };
  return { ref: s.id, values: defined(values) };
}

/** Each pupil's whole list, in calling order; a contact with neither phone nor email cannot be called and is left out. */
export function contactRows(s: WondeStudent, upn: string): { rows: SourceRow[]; unreachable: number } {
  const contacts = [...(s.contacts?.data ?? [])].sort((a, b) => priorityOf(a) - priorityOf(b));
  const rows: SourceRow[] = [];
  let unreachable = 0;
  for (const c of contacts) {
    const details = c.contact_details?.data;
    const t = details?.telephones;
    const e = details?.emails;
    const phone = t?.mobile ?? t?.phone ?? t?.primary ?? t?.home ?? t?.work ?? '';
    const email = e?.email ?? e?.primary ?? e?.home ?? e?.work ?? '';
    if (!phone && !email) {
      unreachable++;
      continue;
    }
    rows.push({
      ref: c.id,
      values: defined({
        upn,
        priority: String(rows.length + 1),
        name: [c.title, c.forename, c.surname].filter((p) => p && p.trim()).join(' ') || 'Contact',
        relationship: c.relationship?.relationship?.trim() || 'Contact',
        phone,
        email,
        lives_with_pupil: yn(c.relationship?.lives_with_pupil) ?? 'N',
        parental_responsibility: yn(c.relationship?.parental_responsibility) ?? 'N',
      }),
    });
  }
  return { rows, unreachable };
}

function priorityOf(c: WondeContact): number {
  const p = Number(c.relationship?.priority);
  return Number.isFinite(p) && p > 0 ? p : Number.MAX_SAFE_INTEGER;
}

/** staff.csv without roles (Rollcall's, see apply-changes.ts); `classes` are the registration groups they take. */
export function staffRow(e: WondeEmployee): SourceRow {
  const groups = [...(e.groups?.data ?? []).filter((g) => g.type?.toUpperCase() === 'REGISTRATION'), ...(e.classes?.data ?? [])];
  const emails = e.contact_details?.data.emails;
  return {
    ref: e.id,
    values: {
      staff_id: e.employment_details?.data.staff_code?.trim() || e.id,
      name: [e.title, e.forename, e.surname].filter((p) => p && p.trim()).join(' '),
      email: emails?.email ?? emails?.work ?? emails?.primary ?? '',
      active: e.employment_details?.data.current === false ? 'N' : 'Y',
      classes: [...new Set(groups.map((g) => g.name))].join(';'),
    },
  };
}

export interface CodeTable {
  byId: ReadonlyMap<string, WondeAttendanceCode>;
  codeMap: Readonly<Record<string, string>>;
}

/**
 * marks.csv rows. Codes go through the policy's code map first; a code that is still no national register
 * code refuses the whole read with one message per code (which code, its description, how many marks),
 * because a guessed code would put a wrong entry in a legal register.
 */
export function markRows(marks: readonly WondeSessionMark[], upnOf: ReadonlyMap<string, string>, codes: CodeTable): SourceRow[] {
  const rows: SourceRow[] = new Array(marks.length);
  const unknownCodes = new Map<string, { description: string; count: number; first: IsoDate }>();
  const unknownStudents = new Set<string>();
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i]!;
    const date = dateOf(m.date);
    const wonde = codes.byId.get(m.attendance_code);
    const misCode = wonde?.code ?? `(attendance code id ${m.attendance_code})`;
    const code = codes.codeMap[misCode] ?? misCode;
    if (!wonde || !codeOn(code, date)) {
      const seen = unknownCodes.get(misCode) ?? { description: wonde?.description ?? 'not in Wonde\'s attendance codes', count: 0, first: date };
      seen.count++;
      unknownCodes.set(misCode, seen);
    }
    const upn = upnOf.get(m.student);
    if (!upn) unknownStudents.add(m.student);
    rows[i] = { ref: m.id, values: { upn: upn ?? '', date, session: m.session, code, minutes_late: m.minutes_late === null || m.minutes_late === undefined ? '' : String(m.minutes_late), note: m.comment ?? '' } };
  }
  const problems = [...unknownCodes].map(([code, u]) => `attendance code "${code}" (${u.description}) on ${u.count} mark${u.count === 1 ? '' : 's'} from ${u.first} is not a national register code on that date: map it under mis.codeMap in the policy`);
  if (unknownStudents.size) problems.push(`marks for ${unknownStudents.size} student${unknownStudents.size === 1 ? '' : 's'} Wonde did not list (first: ${[...unknownStudents][0]})`);
  if (problems.length) throw new MisError('invalid-data', `${problems.join('; ')}; nothing from this sync was written`);
  return rows;
}

function defined(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
}
