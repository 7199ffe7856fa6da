// The seam every register source plugs into. A source reads what changed in a school's MIS and hands it over
// in the vocabulary of Rollcall's own import files (the columns of pupils.csv, contacts.csv, staff.csv and
// marks.csv), so whatever the MIS (Wonde today; Arbor's API, Groupcall Xporter or a CSV drop folder later)
// the data goes through the one import path in src/register: validated, all or nothing per file, changed
// marks kept as amendments. A source does I/O only; it never writes to the database.

import type { IsoDate, Session } from '../rules/types.js';

/** One record as an import row: values by import column name, and the MIS's own id for error messages. */
export interface SourceRow {
  /** The MIS's id of the record (a Wonde student id...), so a refused row can be found in the MIS. */
  ref: string;
  values: Record<string, string>;
}

/** Per resource, where the next incremental read starts (an opaque string the source understands). */
export type Cursors = Record<string, string>;

export interface RegisterChanges {
  /** pupils.csv columns; a required column a source cannot know (a flag outside its scopes) is left out. */
  pupils: SourceRow[];
  /** contacts.csv rows: each listed pupil's whole list of contacts. */
  contacts: SourceRow[];
  /** staff.csv columns without `roles` (roles are Rollcall's, see apply-changes.ts), plus `classes`. */
  staff: SourceRow[];
  /** marks.csv rows (`code` already a national code). */
  marks: SourceRow[];
  /** Pupils the MIS no longer has: they leave the roll on that date. */
  leavers: { ref: string; upn: string; date: IsoDate }[];
  /** MIS id -> Rollcall key, for pupils (UPN) and staff (staff id) seen in this read. */
  links: { kind: 'pupil' | 'staff'; misId: string; localKey: string }[];
  /** Where the next incremental read starts, once these changes are applied. */
  cursors: Cursors;
  /** Which columns the marks rows carry (a source without minutes late leaves stored ones alone). */
  markColumns: readonly string[];
}

export interface ReadRequest {
  /** Everything, not only what changed since the cursors (first sync, nightly reconcile, --full). */
  full: boolean;
  cursors: Cursors;
  /** Rollcall's clock when the read starts (the next cursor is taken from it). */
  now: Date;
  /** MIS record id -> Rollcall key known from earlier reads (marks name pupils by the MIS id). */
  links: ReadonlyMap<string, string>;
}

/** One register entry written back to the MIS. */
export interface WriteBackEntry {
  /** The pupil as the MIS knows them (MisLink). */
  pupilRef: string;
  date: IsoDate;
  session: Session;
  /** The national code. */
  code: string;
  comment: string;
}

export type WriteBackAnswer = { ok: true; reference: string | null } | { ok: false; refused: string };

export interface RegisterSource {
  readonly provider: string;
  /** Reads and validates every page before returning; throws MisError when anything fails. */
  read(request: ReadRequest): Promise<RegisterChanges>;
  /** Present when the MIS accepts register changes from Rollcall. */
  writeBack?(entry: WriteBackEntry): Promise<WriteBackAnswer>;
}
