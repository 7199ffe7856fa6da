// The one entry point for register files (CLI, HTTP endpoint, demo seeding): read the CSV, validate every
// row, and write all of it or none of it. Re-importing the same file changes nothing; a changed mark
// becomes an amendment. Pupils, contacts and staff go through Prisma; marks take the bulk SQL path.

import type { Database } from '../db/client.js';
import { detectKind, readImportCsv, type CsvReadResult } from './csv.js';
import { RollcallError } from '../errors/rollcall-error.js';
import { importContacts } from './import-contacts.js';
import { importMarks } from './import-marks.js';
import { importPupils } from './import-pupils.js';
import { importStaff } from './import-staff.js';
import { noteRegisterReceived } from './register-feed.js';
import { loadSchool, type SchoolWithPolicy } from './schools.js';
import {
  changeCount, emptyResult, IMPORT_KINDS, reported, type ImportKind, type ImportResult, type ImportRows, type ProgressListener, type RegisterActor,
} from './types.js';

export interface ImportFileOptions {
  schoolSlug: string;
  /** Which file this is; when omitted it is read from fileName (pupils.csv, contacts.csv, marks.csv, staff.csv). */
  kind?: ImportKind;
  fileName?: string;
  csvText: string;
  actor: RegisterActor;
  onProgress?: ProgressListener;
  /** When the data counts as received (the caller's clock); a marks file that imports cleanly moves the register's "as of". */
  receivedAt: Date;
}

export async function importFile(db: Database, options: ImportFileOptions): Promise<ImportResult> {
  const kind = options.kind ?? (options.fileName ? detectKind(options.fileName) : undefined);
  if (!kind) {
    const names = IMPORT_KINDS.map((k) => `${k}.csv`).join(', ');
    throw new RollcallError('INVALID_INPUT', `cannot tell what ${options.fileName ?? 'the file'} holds: name it ${names}, or say which kind it is`);
  }
  const school = await loadSchool(db.prisma, { slug: options.schoolSlug });
  const read = readImportCsv(options.csvText, { kind });
  if (!read.ok) return reported({ ...emptyResult(kind), errors: read.errors });
  return reported(await importRows(db, school, read, options));
}

async function importRows(db: Database, school: SchoolWithPolicy, read: Extract<CsvReadResult, { ok: true }>, options: ImportFileOptions): Promise<ImportResult> {
  const file: ImportRows = { rows: read.rows, unreadable: read.unreadable, actor: options.actor, onProgress: options.onProgress };
  switch (read.kind) {
    case 'pupils':
      return importPupils(db.prisma, school, file);
    case 'contacts':
      return importContacts(db.prisma, school, file);
    case 'staff':
      return importStaff(db.prisma, school, file);
    case 'marks': {
      const result = await importMarks(db.sql, school, file, read.columns);
      if (result.errors.length === 0) await noteRegisterReceived(db.prisma, school.id, options.receivedAt, 'import', changeCount(result) > 0);
      return result;
    }
  }
}
