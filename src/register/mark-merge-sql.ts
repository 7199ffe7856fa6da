// The set-based SQL that merges a validated marks file into the register in one statement: new sessions
// are inserted, changed ones are updated and each change of code or minutes late is kept as a
// MarkAmendment (register regulations, reg 6), identical ones are left untouched.

export const STAGING_TABLE = 'rollcall_import_marks';

export const CREATE_STAGING = `CREATE TEMP TABLE ${STAGING_TABLE} (
  pupil_id text NOT NULL, date date NOT NULL, session text NOT NULL, code text NOT NULL,
  minutes_late integer, note text
) ON COMMIT DROP`;

export const STAGING_COLUMNS = ['pupil_id', 'date', 'session', 'code', 'minutes_late', 'note'];

export interface MergeCounts {
  amended: number;
  touched: number;
  inserted: number;
}

/**
 * $1 school id, $2 amendment reason, $3 actor name, $4 actor role, $5 recordedBy.
 * A file without minutes_late (or note) leaves those fields as they are: `has` says which columns came.
 */
export function mergeSql(has: { minutesLate: boolean; note: boolean }): string {
  const minutesDiffer = has.minutesLate ? 't.minutes_late IS DISTINCT FROM m."minutesLate"' : 'false';
  const noteDiffers = has.note ? 't.note IS DISTINCT FROM m.note' : 'false';
  return `WITH cur AS MATERIALIZED (
  SELECT t.pupil_id, t.date, t.session, t.code, t.minutes_late, t.note, m.id AS mark_id,
         m.code AS old_code, m."minutesLate" AS old_minutes,
         (m.id IS NOT NULL AND (m.code <> t.code OR ${minutesDiffer})) AS is_amend,
         (${minutesDiffer}) AS minutes_changed,
         (m.id IS NOT NULL AND ${noteDiffers}) AS note_changed
    FROM ${STAGING_TABLE} t
    LEFT JOIN "SessionMark" m ON m."pupilId" = t.pupil_id AND m.date = t.date AND m.session = t.session
),
amended AS (
  INSERT INTO "MarkAmendment" ("schoolId", "pupilId", date, session, "originalCode", "newCode", reason, "amendedBy", "amendedRole", source)
  SELECT $1, pupil_id, date, session, old_code, code,
         $2 || CASE WHEN minutes_changed
                    THEN ' (minutes late ' || coalesce(old_minutes::text, 'blank') || ' -> ' || coalesce(minutes_late::text, 'blank') || ')'
                    ELSE '' END,
         $3, $4, 'import'
    FROM cur WHERE is_amend
  RETURNING 1
),
touched AS (
  UPDATE "SessionMark" m
     SET code = c.code,
         "minutesLate" = ${has.minutesLate ? 'c.minutes_late' : 'm."minutesLate"'},
         note = ${has.note ? 'c.note' : 'm.note'},
         source = CASE WHEN c.is_amend THEN 'import' ELSE m.source END,
         "recordedAt" = CASE WHEN c.is_amend THEN now() ELSE m."recordedAt" END,
         "recordedBy" = CASE WHEN c.is_amend THEN $5 ELSE m."recordedBy" END
    FROM cur c
   WHERE m.id = c.mark_id AND (c.is_amend OR c.note_changed)
  RETURNING 1
),
inserted AS (
  INSERT INTO "SessionMark" ("schoolId", "pupilId", date, session, code, "minutesLate", note, source, "recordedBy")
  SELECT $1, pupil_id, date, session, code, minutes_late, note, 'import', $5 FROM cur WHERE mark_id IS NULL
  ON CONFLICT ("pupilId", date, session) DO NOTHING
  RETURNING 1
)
SELECT (SELECT count(*) FROM amended)::int AS amended,
       (SELECT count(*) FROM touched)::int AS touched,
       (SELECT count(*) FROM inserted)::int AS inserted`;
}

/** One CSV field for the bulk loaders: unquoted empty is NULL; text that needs it is quoted. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return /[",\n\r]/.test(value) || value === '' ? `"${value.replace(/"/g, '""')}"` : value;
}
