// What a fake Wonde holds: schools that approved (or not) the app, their students with contacts, employees,
// session attendance and deletions, Wonde's attendance codes, and the faults a test asks for. Records keep
// their updated_at so `updated_after` reads only what changed. Used by the tests and by
// `rollcall demo --mis wonde`, so a newcomer sees a sync work with no Wonde account.

export interface FakeDate {
  date: string;
  timezone_type: number;
  timezone: string;
}

type Json = Record<string, unknown>;

export interface StoredRecord {
  /** Wonde's record as its API returns it with every include expanded ({data: ...}). */
  record: Json & { id: string };
  updatedAt: Date;
}

export interface FakeSchool {
  id: string;
  name: string;
  /** False: the school has not approved the app yet (403). */
  approved: boolean;
  students: Map<string, StoredRecord>;
  employees: Map<string, StoredRecord>;
  /** Session marks by `${student}|${date}|${session}`. */
  attendance: Map<string, StoredRecord>;
  deletions: Map<string, StoredRecord>;
  /** Bumped on every change: cached filtered lists are rebuilt. */
  version: number;
}

export interface Fault {
  /** Matches the request path (after /v1.0/), e.g. "attendance/session". */
  path: string | RegExp;
  method?: 'GET' | 'POST';
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many requests it answers (Infinity: until cleared). */
  times: number;
  /** Hold the answer this long (timeouts). */
  delayMs?: number;
}

export function wondeDate(at: Date | string): FakeDate {
  const iso = typeof at === 'string' ? `${at}T00:00:00.000Z` : at.toISOString();
  return { date: `${iso.slice(0, 10)} ${iso.slice(11, 19)}.000000`, timezone_type: 3, timezone: 'UTC' };
}

export class FakeWondeStore {
  readonly schools = new Map<string, FakeSchool>();
  readonly tokens = new Set<string>();
  readonly attendanceCodes: { id: string; code: string; description: string }[] = [];
  readonly faults: Fault[] = [];
  readonly requests: { method: string; path: string; query: Record<string, string> }[] = [];
  readonly writeBacks: Json[] = [];
  /** A refusal the MIS gives to the next write-backs (e.g. "the register for that session is locked"). */
  refuseWriteBacks: string | null = null;
  now: () => Date = () => new Date();
  private seq = 0;

  constructor(token: string) {
    this.tokens.add(token);
  }

  addSchool(id: string, name: string, approved = true): FakeSchool {
    const school: FakeSchool = { id, name, approved, students: new Map(), employees: new Map(), attendance: new Map(), deletions: new Map(), version: 0 };
    this.schools.set(id, school);
    return school;
  }

  school(id: string): FakeSchool {
    const s = this.schools.get(id);
    if (!s) throw new Error(`fake Wonde has no school ${id}`);
    return s;
  }

  addCode(code: string, description: string): string {
    const id = `ATC${String(this.attendanceCodes.length + 1).padStart(4, '0')}`;
    this.attendanceCodes.push({ id, code, description });
    return id;
  }

  codeId(code: string): string {
    const found = this.attendanceCodes.find((c) => c.code === code);
    if (!found) throw new Error(`fake Wonde has no attendance code ${code}`);
    return found.id;
  }

  putStudent(schoolId: string, record: Json & { id: string }, at = this.now()): void {
    const s = this.school(schoolId);
    s.students.set(record.id, { record: { ...record, updated_at: wondeDate(at) }, updatedAt: at });
    s.deletions.delete(record.id);
    s.version++;
  }

  putEmployee(schoolId: string, record: Json & { id: string }, at = this.now()): void {
    const s = this.school(schoolId);
    s.employees.set(record.id, { record: { ...record, updated_at: wondeDate(at) }, updatedAt: at });
    s.version++;
  }

  /** Takes (or changes) one register entry, as a teacher or the office would in the MIS. */
  putMark(schoolId: string, mark: { student: string; date: string; session: 'AM' | 'PM'; code: string; comment?: string; minutesLate?: number }, at = this.now()): void {
    const s = this.school(schoolId);
    const key = `${mark.student}|${mark.date}|${mark.session}`;
    const id = s.attendance.get(key)?.record.id ?? `SA${++this.seq}`;
    s.attendance.set(key, {
      record: {
        id, student: mark.student, date: wondeDate(mark.date), session: mark.session, attendance_code: this.codeId(mark.code),
        comment: mark.comment ?? null, ...(mark.minutesLate !== undefined ? { minutes_late: mark.minutesLate } : {}), updated_at: wondeDate(at),
      },
      updatedAt: at,
    });
    s.version++;
  }

  /** The MIS deletes a student (a leaver): gone from the students list, listed in deletions. */
  deleteStudent(schoolId: string, studentId: string, at = this.now()): void {
    const s = this.school(schoolId);
    s.students.delete(studentId);
    s.deletions.set(studentId, { record: { id: studentId, type: 'student', deleted_at: wondeDate(at), updated_at: wondeDate(at) }, updatedAt: at });
    s.version++;
  }

  fail(fault: Omit<Fault, 'times'> & { times?: number }): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** The next fault for this request, used up by one. */
  takeFault(method: string, path: string): Fault | undefined {
    const i = this.faults.findIndex((f) => (!f.method || f.method === method) && (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path)));
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    if (--fault.times <= 0) this.faults.splice(i, 1);
    return fault;
  }
}
