-- AlterTable
ALTER TABLE "StaffMember" ADD COLUMN     "classes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "RegisterFeed" (
    "schoolId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3),
    "receivedFrom" TEXT,
    "listsRefreshedAt" TIMESTAMP(3),
    "syncAttemptAt" TIMESTAMP(3),
    "syncFullAt" TIMESTAMP(3),
    "cursors" JSONB,
    "failingSince" TIMESTAMP(3),
    "lastError" TEXT,
    "lastCounts" JSONB,
    "writeBackSince" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegisterFeed_pkey" PRIMARY KEY ("schoolId")
);

-- CreateTable
CREATE TABLE "MisLink" (
    "schoolId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "misId" TEXT NOT NULL,
    "localKey" TEXT NOT NULL,

    CONSTRAINT "MisLink_pkey" PRIMARY KEY ("schoolId","kind","misId")
);

-- CreateTable
CREATE TABLE "MisWriteBack" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "amendmentId" TEXT NOT NULL,
    "pupilId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "session" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "misReference" TEXT,
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MisWriteBack_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MisLink_schoolId_kind_localKey_idx" ON "MisLink"("schoolId", "kind", "localKey");

-- CreateIndex
CREATE UNIQUE INDEX "MisWriteBack_amendmentId_key" ON "MisWriteBack"("amendmentId");

-- CreateIndex
CREATE INDEX "MisWriteBack_schoolId_status_nextAttemptAt_idx" ON "MisWriteBack"("schoolId", "status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "MisWriteBack_pupilId_date_idx" ON "MisWriteBack"("pupilId", "date");

-- AddForeignKey
ALTER TABLE "RegisterFeed" ADD CONSTRAINT "RegisterFeed_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MisLink" ADD CONSTRAINT "MisLink_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MisWriteBack" ADD CONSTRAINT "MisWriteBack_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;
