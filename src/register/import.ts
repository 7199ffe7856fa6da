// The one entry point for register files (CLI, HTTP endpoint, demo seeding): read the CSV, validate every
// row, and write all of it or none of it. Re-importing the same file changes nothing; a changed mark
// becomes an amendment. Pupils, contacts and staff go through Prisma; marks take the bulk SQL path.

import type { Database } from '../db/client.js';
import { detectKind, readImportCsv } from './csv.js';
import { RollcallError } from '../errors/rollcall-error.js';
import { importContacts } from './import-contacts.js';
import { importMarks } from './import-marks.js';
import { importPupils } from './import-pupils.js';
import { importStaff } from './import-staff.js';
import { noteRegisterReceived } from './register-feed.js';
import { loadSchool } from './schools.js';
import { changeCount, emptyResult, IMPORT_KINDS, type ImportKind, type ImportResult, type ProgressListener, type RegisterActor } from './types.js';

export interface ImportFileOptions {
  schoolSlug: string;
  /** Which file this is; when omitted it is read from fileName (pupils.csv, contacts.csv, marks.csv, staff.csv). */
  kind?: ImportKind;
  fileName?: string;
  csvText: string;
  actor: RegisterActor;
  onProgress?: ProgressListener;
  /** When the data counts as received (default: now); a marks file that imports cleanly moves the register's "as of". */
  receivedAt?: Date;
}

export async function importFile(db: Database, options: ImportFileOptions): Promise<ImportResult> {
  const kind = options.kind ?? (options.fileName ? detectKind(options.fileName) : undefined);
  if (!kind) {
    const names = IMPORT_KINDS.map((k) => `${k}.csv`).join(', ');
    throw new RollcallError('INVALID_INPUT', `cannot tell what ${options.fileName ?? 'the file'} holds: name it ${names}, or say which kind it is`);
  }
  const school = await loadSchool(db.prisma, { slug: options.schoolSlug });
  const read = readImportCsv(options.csvText, { kind });
  if (!read.ok) return { ...emptyResult(kind), errors: read.errors };
  const { rows, columns } = read;
  const { actor, onProgress } = options;
  switch (kind) {
    case 'pupils':
      return importPupils(db.prisma, school, rows, actor, onProgress);
    case 'contacts':
      return importContacts(db.prisma, school, rows, actor, onProgress);
    case 'staff':
      return importStaff(db.prisma, school, rows, actor, onProgress);
    case 'marks': {
      const result = await importMarks(db.sql, school, rows, columns, actor, onProgress);
      if (result.errors.length === 0) await noteRegisterReceived(db.prisma, school.id, options.receivedAt ?? new Date(), 'import', changeCount(result) > 0);
      return result;
    }
  }
}
