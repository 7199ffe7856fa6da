// Reads one import file into rows that remember their line numbers (the header is line 1), so every error a
// school sees points at a line it can open. Columns are matched by header name: extra ones are ignored,
// missing required ones are one error naming them all. The file kind comes from its name or the caller.
// A record that cannot be read (wrong number of fields, a stray quote) is reported and the rest are still
// read, so the importer can report every other bad row of the file too.

import { basename } from 'node:path';
import { parse, CsvError } from 'csv-parse/sync';
import { IMPORT_KINDS, type CsvRow, type ImportKind, type RowError } from './types.js';

export type { CsvRow } from './types.js';

interface ColumnSet {
  required: readonly string[];
  /** May be left out of the header; a missing optional column leaves that field as it is. */
  optional: readonly string[];
}

export const IMPORT_COLUMNS: Readonly<Record<ImportKind, ColumnSet>> = {
  pupils: {
    required: [
      'upn', 'first_name', 'last_name', 'year_group', 'class', 'admission_date', 'sen_status', 'ehcp', 'fsm', 'eal',
      'looked_after', 'child_protection_plan', 'social_worker', 'young_carer',
    ],
    optional: ['preferred_name', 'date_of_birth', 'gender', 'leaving_date'],
  },
  contacts: {
    required: ['upn', 'priority', 'name', 'relationship', 'phone'],
    optional: ['email', 'lives_with_pupil', 'parental_responsibility'],
  },
  marks: { required: ['upn', 'date', 'session', 'code'], optional: ['minutes_late', 'note'] },
  staff: { required: ['staff_id', 'name', 'roles'], optional: ['email', 'slack_user_id', 'teams_user_id', 'active', 'classes'] },
};

export type CsvReadResult =
  /** `unreadable`: records that could not be read as rows; any means nothing from the file may be written. */
  | { ok: true; kind: ImportKind; columns: ReadonlySet<string>; rows: CsvRow[]; unreadable: RowError[] }
  /** The file as a whole cannot be read (no header, missing columns, not a kind Rollcall knows). */
  | { ok: false; kind: ImportKind | undefined; errors: RowError[] };

/** pupils.csv, Pupils-2026.csv, marks_autumn.csv...: the name starts with the kind. */
export function detectKind(fileName: string): ImportKind | undefined {
  const name = basename(fileName).toLowerCase();
  return IMPORT_KINDS.find((kind) => name.startsWith(kind));
}

export function readImportCsv(csvText: string, options: { kind?: ImportKind; fileName?: string }): CsvReadResult {
  const kind = options.kind ?? (options.fileName ? detectKind(options.fileName) : undefined);
  if (!kind) {
    const named = options.fileName ? `"${basename(options.fileName)}"` : 'the file';
    const names = IMPORT_KINDS.map((k) => `${k}.csv`).join(', ');
    return { ok: false, kind, errors: [{ line: 0, reason: `cannot tell what ${named} holds: name it ${names}` }] };
  }
  const { records, unreadable } = splitRecords(csvText);
  const header = records[0];
  if (unreadable.some((e) => header === undefined || e.line <= header.line)) return { ok: false, kind, errors: unreadable };
  if (!header || header.fields.every((f) => f === '')) {
    return { ok: false, kind, errors: [{ line: 1, reason: `the file is empty; the first line must name the columns: ${allColumns(kind)}` }] };
  }
  const known = new Set([...IMPORT_COLUMNS[kind].required, ...IMPORT_COLUMNS[kind].optional]);
  const positions: [string, number][] = [];
  const errors: RowError[] = [];
  header.fields.forEach((raw, index) => {
    const name = canonicalColumn(raw);
    if (!known.has(name)) return;
    if (positions.some(([seen]) => seen === name)) errors.push({ line: header.line, reason: `column ${name} appears twice` });
    else positions.push([name, index]);
  });
  const columns = new Set(positions.map(([name]) => name));
  const missing = IMPORT_COLUMNS[kind].required.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    const list = missing.join(', ');
    errors.push({ line: header.line, reason: `missing required column${missing.length > 1 ? 's' : ''}: ${list} (a ${kind}.csv has ${allColumns(kind)})` });
  }
  if (errors.length > 0) return { ok: false, kind, errors };

  const rows: CsvRow[] = [];
  const width = header.fields.length;
  for (let i = 1; i < records.length; i++) {
    const record = records[i]!;
    if (record.fields.length !== width) {
      unreadable.push({ line: record.line, reason: `has ${record.fields.length} fields but the header has ${width}` });
      continue;
    }
    const values: Record<string, string> = {};
    for (const [name, index] of positions) values[name] = record.fields[index]!;
    rows.push({ line: record.line, values });
  }
  return { ok: true, kind, columns, rows, unreadable: unreadable.sort((a, b) => a.line - b.line) };
}

function allColumns(kind: ImportKind): string {
  const { required, optional } = IMPORT_COLUMNS[kind];
  return [...required, ...optional].join(',');
}

/** "First Name", "first-name" and "first_name" all mean first_name. */
function canonicalColumn(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

interface RawRecord {
  /** Where the record starts. */
  line: number;
  fields: string[];
}

/**
 * A year of marks is ~400,000 lines, and csv-parse spends most of the import budget on files that contain
 * no quotes at all; for those, splitting lines and commas gives exactly csv-parse's records (same trimming,
 * same skipped blank lines, same line numbers). Anything quoted goes through csv-parse.
 */
function splitRecords(text: string): { records: RawRecord[]; unreadable: RowError[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.includes('"')) return { records: splitPlain(body), unreadable: [] };
  try {
    return { records: parseWithCsvParse(body), unreadable: [] };
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    return recordByRecord(body);
  }
}

/**
 * After csv-parse has stopped at a malformed record: read the file one record at a time, so one stray
 * quote costs one row, not the rest of the file. Lines join into a record while it holds an odd number of
 * quotes (a quoted field with a line break); when the joined lines do not read as one record, the first
 * line alone is the bad one (a stray quote) and reading goes on from the next line.
 */
function recordByRecord(body: string): { records: RawRecord[]; unreadable: RowError[] } {
  const records: RawRecord[] = [];
  const unreadable: RowError[] = [];
  const lines = body.split('\n');
  let start = 0;
  while (start < lines.length) {
    let end = start;
    let quotes = countQuotes(lines[start]!);
    while (quotes % 2 === 1 && end + 1 < lines.length) quotes += countQuotes(lines[++end]!);
    try {
      records.push(...parseWithCsvParse(lines.slice(start, end + 1).join('\n')).map((r) => ({ ...r, line: r.line + start })));
      start = end + 1;
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      unreadable.push({ line: start + 1, reason: `not valid CSV: ${quoteProblem(lines[start]!)}` });
      start += 1;
    }
  }
  return { records, unreadable };
}

function quoteProblem(line: string): string {
  return countQuotes(line) % 2 === 1
    ? 'a quote is opened and not closed on this line (write a quote inside a value as two quotes, "")'
    : 'a quote inside a value that is not written as two quotes ("") or a value not wholly inside its quotes';
}

function countQuotes(line: string): number {
  let n = 0;
  for (let i = line.indexOf('"'); i !== -1; i = line.indexOf('"', i + 1)) n++;
  return n;
}

function splitPlain(body: string): RawRecord[] {
  const lines = body.split('\n');
  const out: RawRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    const fields = line.split(',');
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f]!;
      if (field !== '' && (field.charCodeAt(0) <= 32 || field.charCodeAt(field.length - 1) <= 32)) fields[f] = field.trim();
    }
    out.push({ line: i + 1, fields });
  }
  return out;
}

function parseWithCsvParse(text: string): RawRecord[] {
  const parsed: { record: string[]; info: { lines: number } }[] = parse(text, {
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  });
  // info.lines is where a record ends; a quoted field with line breaks started that many lines earlier.
  // A line of blanks trims to one empty field: skipped, as on the fast path.
  return parsed
    .filter(({ record }) => !(record.length === 1 && record[0] === ''))
    .map(({ record, info }) => ({
      line: info.lines - record.reduce((n, field) => n + countNewlines(field), 0),
      // Padding inside quotes is dropped too: no import value means anything by its surrounding spaces.
      fields: record.map((field) => field.trim()),
    }));
}

function countNewlines(value: string): number {
  let n = 0;
  for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) n++;
  return n;
}
