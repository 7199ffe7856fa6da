-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "escalateAt" TIMESTAMP(3),
ADD COLUMN     "escalatedAt" TIMESTAMP(3),
ADD COLUMN     "keepTrying" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "purpose" TEXT,
ADD COLUMN     "subject" TEXT;

-- CreateIndex
CREATE INDEX "OutboxMessage_subject_idx" ON "OutboxMessage"("subject");

-- CreateIndex
CREATE INDEX "OutboxMessage_escalateAt_idx" ON "OutboxMessage"("escalateAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_platform_messageKey_status_idx" ON "OutboxMessage"("platform", "messageKey", "status");
