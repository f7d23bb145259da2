-- AlterTable
ALTER TABLE "Event" ADD COLUMN "judgeCode" TEXT;

-- AlterTable
ALTER TABLE "Round" ADD COLUMN "lockedById" INTEGER;

-- CreateTable
CREATE TABLE "EventJudge" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "organizationId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EventJudge_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventJudge_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "EventJudge_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JudgeAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "judgeId" INTEGER NOT NULL,
    "roundId" INTEGER NOT NULL,
    "aspectId" INTEGER,
    CONSTRAINT "JudgeAssignment_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "EventJudge" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "JudgeAssignment_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "JudgeAssignment_aspectId_fkey" FOREIGN KEY ("aspectId") REFERENCES "Aspect" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Mark" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entryId" INTEGER NOT NULL,
    "aspectId" INTEGER NOT NULL,
    "judgeId" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "value" REAL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Mark_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Mark_aspectId_fkey" FOREIGN KEY ("aspectId") REFERENCES "Aspect" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Mark_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "EventJudge" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MarkChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "markId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "deviceId" TEXT NOT NULL DEFAULT '',
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "oldState" TEXT,
    "oldValue" REAL,
    "newState" TEXT NOT NULL,
    "newValue" REAL,
    "reason" TEXT NOT NULL DEFAULT '',
    "idempotencyKey" TEXT NOT NULL,
    CONSTRAINT "MarkChange_markId_fkey" FOREIGN KEY ("markId") REFERENCES "Mark" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "MarkChange_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SheetSignoff" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "judgeId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "roundId" INTEGER NOT NULL,
    "signedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    "revokedReason" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "SheetSignoff_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "EventJudge" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SheetSignoff_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SheetSignoff_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AspectReview" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entryId" INTEGER NOT NULL,
    "aspectId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Skill" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "judgesPerAspect" INTEGER NOT NULL DEFAULT 3,
    "aggregation" TEXT NOT NULL DEFAULT 'mean',
    "spreadLimit" REAL NOT NULL DEFAULT 1,
    "decimals" INTEGER NOT NULL DEFAULT 2,
    "tieBreaks" TEXT NOT NULL DEFAULT '[]',
    "awardMode" TEXT NOT NULL DEFAULT 'ratio',
    "awardFirst" REAL NOT NULL DEFAULT 10,
    "awardSecond" REAL NOT NULL DEFAULT 20,
    "awardThird" REAL NOT NULL DEFAULT 30,
    "awardMinimumScore" REAL,
    "awardMinimumField" INTEGER NOT NULL DEFAULT 5,
    "titleTopN" INTEGER NOT NULL DEFAULT 5,
    "titleName" TEXT NOT NULL DEFAULT '',
    "promotion" BOOLEAN NOT NULL DEFAULT true,
    "teamScoring" TEXT NOT NULL DEFAULT 'sum',
    "standardisedScore" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "chiefJudgeId" INTEGER,
    CONSTRAINT "Skill_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Skill_chiefJudgeId_fkey" FOREIGN KEY ("chiefJudgeId") REFERENCES "EventJudge" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Skill" ("aggregation", "awardFirst", "awardMinimumField", "awardMinimumScore", "awardMode", "awardSecond", "awardThird", "createdAt", "decimals", "eventId", "id", "judgesPerAspect", "name", "nameEn", "position", "promotion", "spreadLimit", "standardisedScore", "teamScoring", "tieBreaks", "titleName", "titleTopN", "updatedAt") SELECT "aggregation", "awardFirst", "awardMinimumField", "awardMinimumScore", "awardMode", "awardSecond", "awardThird", "createdAt", "decimals", "eventId", "id", "judgesPerAspect", "name", "nameEn", "position", "promotion", "spreadLimit", "standardisedScore", "teamScoring", "tieBreaks", "titleName", "titleTopN", "updatedAt" FROM "Skill";
DROP TABLE "Skill";
ALTER TABLE "new_Skill" RENAME TO "Skill";
CREATE INDEX "Skill_eventId_position_idx" ON "Skill"("eventId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "EventJudge_eventId_number_key" ON "EventJudge"("eventId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "EventJudge_eventId_accountId_key" ON "EventJudge"("eventId", "accountId");

-- CreateIndex
CREATE INDEX "JudgeAssignment_roundId_idx" ON "JudgeAssignment"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "JudgeAssignment_judgeId_roundId_aspectId_key" ON "JudgeAssignment"("judgeId", "roundId", "aspectId");

-- CreateIndex
CREATE INDEX "Mark_aspectId_idx" ON "Mark"("aspectId");

-- CreateIndex
CREATE UNIQUE INDEX "Mark_entryId_aspectId_judgeId_key" ON "Mark"("entryId", "aspectId", "judgeId");

-- CreateIndex
CREATE UNIQUE INDEX "MarkChange_idempotencyKey_key" ON "MarkChange"("idempotencyKey");

-- CreateIndex
CREATE INDEX "MarkChange_markId_idx" ON "MarkChange"("markId");

-- CreateIndex
CREATE INDEX "SheetSignoff_judgeId_entryId_roundId_idx" ON "SheetSignoff"("judgeId", "entryId", "roundId");

-- CreateIndex
CREATE INDEX "AspectReview_entryId_aspectId_idx" ON "AspectReview"("entryId", "aspectId");

-- CreateIndex
CREATE UNIQUE INDEX "Event_judgeCode_key" ON "Event"("judgeCode");

-- Marks are never lost: their history is append-only, a mark itself is never deleted, and a
-- signature can only be revoked (once), never removed or rewritten.
CREATE TRIGGER "MarkChange_append_only_update" BEFORE UPDATE ON "MarkChange"
BEGIN SELECT RAISE(ABORT, 'MarkChange is append-only'); END;
CREATE TRIGGER "MarkChange_append_only_delete" BEFORE DELETE ON "MarkChange"
BEGIN SELECT RAISE(ABORT, 'MarkChange is append-only'); END;
CREATE TRIGGER "Mark_never_deleted" BEFORE DELETE ON "Mark"
BEGIN SELECT RAISE(ABORT, 'Mark rows are never deleted'); END;
CREATE TRIGGER "SheetSignoff_never_deleted" BEFORE DELETE ON "SheetSignoff"
BEGIN SELECT RAISE(ABORT, 'SheetSignoff rows are never deleted'); END;
CREATE TRIGGER "SheetSignoff_only_revoked_once" BEFORE UPDATE ON "SheetSignoff"
WHEN OLD."revokedAt" IS NOT NULL OR NEW."revokedAt" IS NULL
  OR NEW."judgeId" IS NOT OLD."judgeId" OR NEW."entryId" IS NOT OLD."entryId" OR NEW."roundId" IS NOT OLD."roundId"
  OR NEW."signedAt" IS NOT OLD."signedAt"
BEGIN SELECT RAISE(ABORT, 'SheetSignoff can only be revoked, once'); END;
CREATE TRIGGER "AspectReview_never_deleted" BEFORE DELETE ON "AspectReview"
BEGIN SELECT RAISE(ABORT, 'AspectReview rows are never deleted'); END;
