-- AlterTable
ALTER TABLE "ProcessedDelivery" ADD COLUMN     "body" TEXT,
ADD COLUMN     "handledAt" TIMESTAMP(3),
ADD COLUMN     "replayedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "ProcessedDelivery_handledAt_receivedAt_idx" ON "ProcessedDelivery"("handledAt", "receivedAt");
