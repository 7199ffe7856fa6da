// Wonde as a RegisterSource: reads a school's students (with contacts), employees, session attendance and
// deletions, incrementally with updated_after once a full read has been applied, and writes reasons back
// as session attendance. Every page is read and validated before anything is handed over.

import { MisError } from '../errors.js';
import type { Cursors, ReadRequest, RegisterChanges, RegisterSource, SourceRow, WriteBackAnswer, WriteBackEntry } from '../source.js';
import { WondeClient, type WondeClientOptions } from './client.js';
import {
  dateOf, wondeAttendanceCode, wondeDeletion, wondeEmployee, wondeSessionMark, wondeStudent, type WondeAttendanceCode,
} from './records.js';
import { contactRows, markRows, pupilRow, staffRow } from './to-rows.js';

export const STUDENT_INCLUDES = 'contacts,contacts.contact_details,education_details,extended_details,year,groups';
export const EMPLOYEE_INCLUDES = 'employment_details,contact_details,groups';
/** Records written while a read runs (or a clock a little off) are read again next time; the merge is idempotent. */
const CURSOR_OVERLAP_MS = 10 * 60_000;

export interface WondeSourceOptions extends WondeClientOptions {
  schoolId: string;
  codeMap: Readonly<Record<string, string>>;
}

export class WondeSource implements RegisterSource {
  readonly provider = 'wonde';
  private readonly client: WondeClient;
  private codes: Promise<WondeAttendanceCode[]> | undefined;

  constructor(private readonly options: WondeSourceOptions) {
    this.client = new WondeClient(options);
  }

  private get school(): string {
    return `schools/${encodeURIComponent(this.options.schoolId)}/`;
  }

  async read(request: ReadRequest): Promise<RegisterChanges> {
    const since = (resource: string): Record<string, string> => {
      const at = request.full ? undefined : request.cursors[resource];
      return at ? { updated_after: at } : {};
    };
    const codes = await this.attendanceCodes();
    const students = await this.client.list(`${this.school}students`, { include: STUDENT_INCLUDES, ...since('students') }, wondeStudent, 'students');
    const employees = await this.client.list(`${this.school}employees`, { include: EMPLOYEE_INCLUDES, ...since('employees') }, wondeEmployee, 'employees');
    const marks = await this.client.list(`${this.school}attendance/session`, since('attendance'), wondeSessionMark, 'session attendance');
    const deletions = await this.client.list(`${this.school}deletions`, since('deletions'), wondeDeletion, 'deletions');

    const upnOf = new Map(request.links);
    const pupils: SourceRow[] = [];
    const contacts: SourceRow[] = [];
    const links: RegisterChanges['links'] = [];
    for (const s of students) {
      const row = pupilRow(s);
      const upn = row.values.upn!;
      pupils.push(row);
      upnOf.set(s.id, upn);
      links.push({ kind: 'pupil', misId: s.id, localKey: upn });
      if (s.contacts) contacts.push(...contactRows(s, upn).rows);
    }
    const staff = employees.map((e) => {
      const row = staffRow(e);
      links.push({ kind: 'staff', misId: e.id, localKey: row.values.staff_id! });
      return row;
    });
    const table = { byId: new Map(codes.map((c) => [c.id, c])), codeMap: this.options.codeMap };
    const today = request.now.toISOString().slice(0, 10);
    const leavers = deletions
      .filter((d) => d.type.toLowerCase() === 'student' && upnOf.has(d.id))
      .map((d) => ({ ref: d.id, upn: upnOf.get(d.id)!, date: d.deleted_at ? dateOf(d.deleted_at) : today }));
    const cursor = wondeTime(new Date(request.now.getTime() - CURSOR_OVERLAP_MS));
    const cursors: Cursors = { students: cursor, employees: cursor, attendance: cursor, deletions: cursor };
    return {
      pupils, contacts, staff, marks: markRows(marks, upnOf, table), leavers, links, cursors,
      markColumns: ['upn', 'date', 'session', 'code', 'minutes_late', 'note'],
    };
  }

  async writeBack(entry: WriteBackEntry): Promise<WriteBackAnswer> {
    const codes = await this.attendanceCodes();
    const misCode = Object.entries(this.options.codeMap).find(([, national]) => national === entry.code)?.[0] ?? entry.code;
    const code = codes.find((c) => c.code === misCode);
    if (!code) return { ok: false, refused: `the MIS has no attendance code ${entry.code} in Wonde` };
    const { status, body } = await this.client.post(`${this.school}attendance/session`, {
      attendance: [{ student_id: entry.pupilRef, date: entry.date, session: entry.session, attendance_code_id: code.id, comment: entry.comment }],
    });
    if (status === 422) return { ok: false, refused: refusalText(body) };
    const reference = body && typeof body === 'object' && 'writeback_id' in body ? String(body.writeback_id) : null;
    return { ok: true, reference };
  }

  /** Wonde's attendance codes, read once per source (they change only when the MIS's code set does). */
  private attendanceCodes(): Promise<WondeAttendanceCode[]> {
    this.codes ??= this.client.list('attendance-codes', {}, wondeAttendanceCode, 'attendance codes');
    this.codes.catch(() => (this.codes = undefined));
    return this.codes;
  }
}

/** Wonde's updated_after: "YYYY-MM-DD HH:MM:SS" (assumed UTC; the overlap covers a school-local reading). */
export function wondeTime(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

/** The MIS's own words for a refusal, from Wonde's 422 body (`errors` by field, or a description). */
function refusalText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (b.errors && typeof b.errors === 'object') {
      const parts = Object.values(b.errors as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v.map(String) : [String(v)]));
      if (parts.length) return parts.join('; ');
    }
    if (typeof b.error_description === 'string') return b.error_description;
    if (typeof b.message === 'string') return b.message;
  }
  return typeof body === 'string' && body ? body.slice(0, 300) : 'the MIS refused the change without saying why';
}

export function wondeSourceFromEnv(env: NodeJS.ProcessEnv, schoolId: string | undefined, codeMap: Readonly<Record<string, string>>): WondeSource {
  if (!schoolId) throw new MisError('not-configured', 'mis.schoolId is not set in the policy: the school\'s id in Wonde is needed');
  return new WondeSource({ token: env.WONDE_TOKEN ?? '', ...(env.WONDE_API_URL ? { baseUrl: env.WONDE_API_URL } : {}), schoolId, codeMap });
}
