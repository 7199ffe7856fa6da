-- CreateTable
CREATE TABLE "PlainMarkCount" (
    "schoolId" TEXT NOT NULL,
    "pupilId" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "code" TEXT NOT NULL,
    "sessions" INTEGER NOT NULL,

    CONSTRAINT "PlainMarkCount_pkey" PRIMARY KEY ("schoolId","month","pupilId","code")
);

-- CreateIndex
CREATE INDEX "PlainMarkCount_schoolId_month_pupilId_code_sessions_idx" ON "PlainMarkCount"("schoolId", "month", "pupilId", "code", "sessions");

-- CreateIndex
CREATE INDEX "SessionMark_other_marks_idx" ON "SessionMark"("schoolId", "date", "pupilId", "session", "code", "minutesLate") WHERE (code <> ALL (ARRAY['/'::text, '\'::text]));

-- AddForeignKey
ALTER TABLE "PlainMarkCount" ADD CONSTRAINT "PlainMarkCount_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlainMarkCount" ADD CONSTRAINT "PlainMarkCount_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keeps "PlainMarkCount" equal to the plain present marks (/ and \) in "SessionMark", in the same
-- transaction as every insert, COPY, update and delete of marks. Statement triggers with transition
-- tables, so an import of a year of marks adds its counts in one grouped statement, not a row at a time.
-- The counts change in key order, so two imports into the same months wait for each other instead of
-- deadlocking. A pupil or school deleted in the same statement's cascade keeps no counts (EXISTS).
CREATE FUNCTION "rollcall_count_plain_marks"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added "PlainMarkCount"[];
  removed "PlainMarkCount"[];
BEGIN
  IF TG_OP <> 'DELETE' THEN
    SELECT array_agg(ROW(g."schoolId", g."pupilId", g.month, g.code, g.n)::"PlainMarkCount") INTO added
      FROM (SELECT "schoolId", "pupilId", date_trunc('month', "date"::timestamp)::date AS month, code, count(*)::int AS n
              FROM new_marks WHERE code IN ('/', '\') GROUP BY 1, 2, 3, 4) AS g;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT array_agg(ROW(g."schoolId", g."pupilId", g.month, g.code, -g.n)::"PlainMarkCount") INTO removed
      FROM (SELECT "schoolId", "pupilId", date_trunc('month', "date"::timestamp)::date AS month, code, count(*)::int AS n
              FROM old_marks WHERE code IN ('/', '\') GROUP BY 1, 2, 3, 4) AS g;
  END IF;
  INSERT INTO "PlainMarkCount" AS c ("schoolId", "pupilId", "month", "code", "sessions")
  SELECT d."schoolId", d."pupilId", d.month, d.code, sum(d.sessions)::int
    FROM unnest(coalesce(added, '{}') || coalesce(removed, '{}')) AS d
   WHERE EXISTS (SELECT 1 FROM "Pupil" AS p WHERE p.id = d."pupilId")
   GROUP BY d."schoolId", d.month, d."pupilId", d.code
  HAVING sum(d.sessions) <> 0
   ORDER BY d."schoolId", d.month, d."pupilId", d.code
  ON CONFLICT ("schoolId", "month", "pupilId", "code") DO UPDATE SET "sessions" = c."sessions" + excluded."sessions";
  RETURN NULL;
END $$;

-- One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
CREATE TRIGGER "SessionMark_count_plain_inserted" AFTER INSERT ON "SessionMark"
  REFERENCING NEW TABLE AS new_marks FOR EACH STATEMENT EXECUTE FUNCTION "rollcall_count_plain_marks"();
CREATE TRIGGER "SessionMark_count_plain_updated" AFTER UPDATE ON "SessionMark"
  REFERENCING OLD TABLE AS old_marks NEW TABLE AS new_marks FOR EACH STATEMENT EXECUTE FUNCTION "rollcall_count_plain_marks"();
CREATE TRIGGER "SessionMark_count_plain_deleted" AFTER DELETE ON "SessionMark"
  REFERENCING OLD TABLE AS old_marks FOR EACH STATEMENT EXECUTE FUNCTION "rollcall_count_plain_marks"();

-- TRUNCATE fires no row or transition-table trigger: emptying the register empties its counts.
CREATE FUNCTION "rollcall_clear_plain_mark_counts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE "PlainMarkCount";
  RETURN NULL;
END $$;
CREATE TRIGGER "SessionMark_count_plain_truncated" AFTER TRUNCATE ON "SessionMark"
  FOR EACH STATEMENT EXECUTE FUNCTION "rollcall_clear_plain_mark_counts"();

-- The marks already there, counted once the triggers hold the table (CREATE TRIGGER locks out writers
-- until this migration commits, so no mark is counted twice or missed).
INSERT INTO "PlainMarkCount" ("schoolId", "pupilId", "month", "code", "sessions")
SELECT "schoolId", "pupilId", date_trunc('month', "date"::timestamp)::date, code, count(*)::int
  FROM "SessionMark" WHERE code IN ('/', '\') GROUP BY 1, 2, 3, 4;
