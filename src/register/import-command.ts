// `rollcall import --school <slug> <files...>`: imports register files in dependency order (staff, pupils,
// contacts, marks) and says per file what changed, or which lines are wrong. Returns text and an exit code
// so the commander wiring stays one line and tests can read the output.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Database } from '../db/client.js';
import { detectKind } from './csv.js';
import { isRollcallError } from '../errors/rollcall-error.js';
import { importFile } from './import.js';
import { progressDisplay } from './progress.js';
import { loadSchool } from './schools.js';
import { IMPORT_KINDS, type ImportKind, type ImportResult, type RegisterActor } from './types.js';

export interface ImportCommandOptions {
  db: Database;
  schoolSlug: string;
  files: string[];
  actor: RegisterActor;
  /** Draw a progress bar on stderr for big files. */
  tty: boolean;
  /** Reads a file (default: from this disk; a command forwarded to the running app brings its files as text). */
  read?: (path: string) => string;
  /** The time now, for when a marks file counts as received (the register's "as of"); default the machine's. */
  now?: () => Date;
}

export interface CommandOutcome {
  exitCode: number;
  output: string;
}

/** Errors shown per file; the rest are counted (a broken export can have thousands). */
export const MAX_ERRORS_SHOWN = 50;

/** A file whose rows refer to pupils waits for pupils.csv to import cleanly. */
const NEEDS_PUPILS: readonly ImportKind[] = ['contacts', 'marks'];

export async function runImportCommand(options: ImportCommandOptions): Promise<CommandOutcome> {
  const out: string[] = [];
  const planned: { path: string; kind: ImportKind; text: string }[] = [];
  for (const path of options.files) {
    const kind = detectKind(path);
    if (!kind) out.push(`${basename(path)}: cannot tell what this file holds; name it ${IMPORT_KINDS.map((k) => `${k}.csv`).join(', ')}`);
    else {
      try {
        planned.push({ path, kind, text: (options.read ?? ((p: string) => readFileSync(p, 'utf8')))(path) });
      } catch (err) {
        out.push(`${path}: cannot read it (${err instanceof Error && 'code' in err ? String(err.code) : String(err)})`);
      }
    }
  }
  if (options.files.length === 0) out.push('no files given: pass pupils.csv, contacts.csv, marks.csv and/or staff.csv');
  if (out.length > 0) return { exitCode: 1, output: `${out.join('\n')}\nNothing was imported.` };
  try {
    await loadSchool(options.db.prisma, { slug: options.schoolSlug });
  } catch (err) {
    if (isRollcallError(err)) return { exitCode: 1, output: err.message };
    throw err;
  }

  planned.sort((a, b) => IMPORT_KINDS.indexOf(a.kind) - IMPORT_KINDS.indexOf(b.kind));
  let failed = false;
  let pupilsFailed = false;
  for (const file of planned) {
    const name = basename(file.path);
    if (pupilsFailed && NEEDS_PUPILS.includes(file.kind)) {
      out.push(`${name}: skipped, because the pupils file was not imported`);
      continue;
    }
    const progress = progressDisplay(name, options.tty);
    let result: ImportResult;
    try {
      result = await importFile(options.db, {
        schoolSlug: options.schoolSlug,
        kind: file.kind,
        csvText: file.text,
        actor: options.actor,
        onProgress: progress.listener,
        receivedAt: options.now?.() ?? new Date(),
      });
    } finally {
      progress.stop();
    }
    out.push(...describe(name, result));
    if (result.errors.length > 0) {
      failed = true;
      if (file.kind === 'pupils') pupilsFailed = true;
    }
  }
  return { exitCode: failed ? 1 : 0, output: out.join('\n') };
}

export function describe(name: string, r: ImportResult): string[] {
  if (r.errors.length > 0) {
    const n = r.errors.length + r.errorsNotShown;
    const lines = r.errors.slice(0, MAX_ERRORS_SHOWN).map((e) => (e.line > 0 ? `  line ${e.line}: ${e.reason}` : `  ${e.reason}`));
    if (n > lines.length) lines.push(`  ...and ${n - lines.length} more`);
    return [`${name}: not imported, ${n} problem${n === 1 ? '' : 's'} (nothing from this file was written):`, ...lines];
  }
  const parts = [`${r.inserted} added`, `${r.updated} updated`];
  if (r.kind === 'marks') parts.push(`${r.amended} amended`);
  if (r.kind === 'contacts') parts.push(`${r.removed} removed`);
  parts.push(`${r.unchanged} unchanged`);
  const rows = `${r.rows} row${r.rows === 1 ? '' : 's'}`;
  const warnings = r.warnings.slice(0, MAX_ERRORS_SHOWN).map((w) => `  warning: ${w}`);
  const more = r.warnings.length + r.warningsNotShown - warnings.length;
  if (more > 0) warnings.push(`  ...and ${more} more warning${more === 1 ? '' : 's'}`);
  return [`${name}: ${rows}: ${parts.join(', ')}`, ...warnings];
}
