-- AlterTable
ALTER TABLE "ChatMessageRef" ADD COLUMN     "pageDigests" TEXT;
