-- AlterTable
ALTER TABLE "RegisterFeed" ADD COLUMN     "marksChangedAt" TIMESTAMP(3);
