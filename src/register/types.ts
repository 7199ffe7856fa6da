// The vocabulary of the register import: which files exist, who is importing, and what an import reports.
// Kept apart so the CLI, the HTTP endpoint and chat workflows can speak it without loading the importers.

export const IMPORT_KINDS = ['staff', 'pupils', 'contacts', 'marks'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface CsvRow {
  line: number;
  /** Trimmed values of the known columns present in the header, by canonical column name. */
  values: Record<string, string>;
}

/** Whoever is responsible for a change: recorded on amendments (name, role) and audit rows (staff id). */
export interface RegisterActor {
  name: string;
  role: string;
  /** The StaffMember.staffId when a member of staff acts; absent for the CLI or the system. */
  staffId?: string;
}

/** One rejected row (or the whole file when line is the header's). */
export interface RowError {
  line: number;
  reason: string;
}

export interface ImportResult {
  kind: ImportKind;
  /** Data rows read from the file (header excluded). */
  rows: number;
  inserted: number;
  /** Changed in place: pupil/contact/staff fields, or a mark's note only. */
  updated: number;
  unchanged: number;
  /** Marks whose code or minutes late changed: each kept as a MarkAmendment. */
  amended: number;
  /** Emergency contacts dropped because the file no longer lists that priority for the pupil. */
  removed: number;
  /** Non-blocking remarks (e.g. a pupil with fewer than two emergency contacts), at most MAX_REPORTED. */
  warnings: string[];
  /** Any error means nothing was written. Every bad row is found; the first MAX_REPORTED by line are here. */
  errors: RowError[];
  /** Bad rows found beyond the ones listed in `errors`. */
  errorsNotShown: number;
  /**
   * Only when the caller asked to hold bad rows back (the MIS feed, see importMarks): rows left out of the
   * register, each with its reason, while the rest were written. Never set for a file.
   */
  heldBack?: RowError[];
  warningsNotShown: number;
}

/**
 * How many bad rows (and warnings) an import result lists: enough to fix a file by, small enough to print
 * or send back over HTTP when a whole export is broken (380,000 bad rows); the rest are counted.
 */
export const MAX_REPORTED = 500;

/** The result as reported: errors in line order and both lists cut to MAX_REPORTED, the rest counted. */
export function reported(result: ImportResult): ImportResult {
  const errors = [...result.errors].sort((a, b) => a.line - b.line);
  return {
    ...result,
    errors: errors.slice(0, MAX_REPORTED),
    errorsNotShown: result.errorsNotShown + Math.max(0, errors.length - MAX_REPORTED),
    warnings: result.warnings.slice(0, MAX_REPORTED),
    warningsNotShown: result.warningsNotShown + Math.max(0, result.warnings.length - MAX_REPORTED),
  };
}

/** One file's rows as an importer takes them. */
export interface ImportRows {
  rows: readonly CsvRow[];
  /** Records the CSV reader could not read: reported with the rest, and nothing is written. */
  unreadable: readonly RowError[];
  actor: RegisterActor;
  onProgress?: ProgressListener;
}

export interface ImportProgress {
  phase: 'validating' | 'loading' | 'applying';
  done: number;
  total: number;
}

export type ProgressListener = (progress: ImportProgress) => void;

export function emptyResult(kind: ImportKind, rows = 0): ImportResult {
  return { kind, rows, inserted: 0, updated: 0, unchanged: 0, amended: 0, removed: 0, warnings: [], errors: [], errorsNotShown: 0, warningsNotShown: 0 };
}

export function changeCount(result: ImportResult): number {
  return result.inserted + result.updated + result.amended + result.removed;
}

/** What audit rows record as the actor: the staff id when there is one. */
export function auditActor(actor: RegisterActor): string {
  return actor.staffId ?? actor.name;
}
