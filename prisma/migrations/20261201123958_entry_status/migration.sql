-- CreateTable
CREATE TABLE "EntryStatusChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entryId" INTEGER NOT NULL,
    "skillId" INTEGER NOT NULL,
    "roundId" INTEGER,
    "fromStatus" TEXT NOT NULL,
    "toStatus" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EntryStatusChange_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "EntryStatusChange_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoundAbsence" (
    "entryId" INTEGER NOT NULL,
    "roundId" INTEGER NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("entryId", "roundId"),
    CONSTRAINT "RoundAbsence_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoundAbsence_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "roundAbsence" TEXT NOT NULL DEFAULT 'unranked',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "chiefJudgeId" INTEGER,
    "teamSkill" BOOLEAN NOT NULL DEFAULT false,
    "teamSizeMin" INTEGER NOT NULL DEFAULT 2,
    "teamSizeMax" INTEGER NOT NULL DEFAULT 3,
    CONSTRAINT "Skill_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Skill_chiefJudgeId_fkey" FOREIGN KEY ("chiefJudgeId") REFERENCES "EventJudge" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Skill" ("aggregation", "awardFirst", "awardMinimumField", "awardMinimumScore", "awardMode", "awardSecond", "awardThird", "chiefJudgeId", "createdAt", "decimals", "eventId", "id", "judgesPerAspect", "name", "nameEn", "position", "promotion", "spreadLimit", "standardisedScore", "teamScoring", "teamSizeMax", "teamSizeMin", "teamSkill", "tieBreaks", "titleName", "titleTopN", "updatedAt") SELECT "aggregation", "awardFirst", "awardMinimumField", "awardMinimumScore", "awardMode", "awardSecond", "awardThird", "chiefJudgeId", "createdAt", "decimals", "eventId", "id", "judgesPerAspect", "name", "nameEn", "position", "promotion", "spreadLimit", "standardisedScore", "teamScoring", "teamSizeMax", "teamSizeMin", "teamSkill", "tieBreaks", "titleName", "titleTopN", "updatedAt" FROM "Skill";
DROP TABLE "Skill";
ALTER TABLE "new_Skill" RENAME TO "Skill";
CREATE INDEX "Skill_eventId_position_idx" ON "Skill"("eventId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "EntryStatusChange_entryId_at_idx" ON "EntryStatusChange"("entryId", "at");

-- CreateIndex
CREATE INDEX "EntryStatusChange_skillId_at_idx" ON "EntryStatusChange"("skillId", "at");

-- CreateIndex
CREATE INDEX "RoundAbsence_roundId_idx" ON "RoundAbsence"("roundId");

-- Hand-written (keep at the end when regenerating this migration): the status history is
-- append-only, like MarkChange.
CREATE TRIGGER "EntryStatusChange_append_only_update" BEFORE UPDATE ON "EntryStatusChange"
BEGIN SELECT RAISE(ABORT, 'EntryStatusChange is append-only'); END;
CREATE TRIGGER "EntryStatusChange_append_only_delete" BEFORE DELETE ON "EntryStatusChange"
BEGIN SELECT RAISE(ABORT, 'EntryStatusChange is append-only'); END;
