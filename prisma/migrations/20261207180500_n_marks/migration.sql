-- CreateIndex
CREATE INDEX "SessionMark_n_marks_idx" ON "SessionMark"("schoolId", "date", "pupilId", "session", "minutesLate") WHERE (code = 'N'::text);
