-- AlterTable
ALTER TABLE "Contestant" ADD COLUMN "importBatch" TEXT;

-- AlterTable
ALTER TABLE "Entry" ADD COLUMN "importBatch" TEXT;

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "importBatch" TEXT;
