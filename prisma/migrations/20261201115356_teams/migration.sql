-- CreateTable
CREATE TABLE "Team" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "skillId" INTEGER NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importBatch" TEXT,
    CONSTRAINT "Team_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Team_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "entryId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" INTEGER NOT NULL,
    CONSTRAINT "TeamMember_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "teamSkill" BOOLEAN NOT NULL DEFAULT false,
    "teamSizeMin" INTEGER NOT NULL DEFAULT 2,
    "teamSizeMax" INTEGER NOT NULL DEFAULT 3,
    CONSTRAINT "Skill_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Skill_chiefJudgeId_fkey" FOREIGN KEY ("chiefJudgeId") REFERENCES "EventJudge" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Skill" ("aggregation", "awardFirst", "awardMinimumField", "awardMinimumScore", "awardMode", "awardSecond", "awardThird", "chiefJudgeId", "createdAt", "decimals", "eventId", "id", "judgesPerAspect", "name", "nameEn", "position", "promotion", "spreadLimit", "standardisedScore", "teamScoring", "tieBreaks", "titleName", "titleTopN", "updatedAt") SELECT "aggregation", "awardFirst", "awardMinimumField", "awardMinimumScore", "awardMode", "awardSecond", "awardThird", "chiefJudgeId", "createdAt", "decimals", "eventId", "id", "judgesPerAspect", "name", "nameEn", "position", "promotion", "spreadLimit", "standardisedScore", "teamScoring", "tieBreaks", "titleName", "titleTopN", "updatedAt" FROM "Skill";
DROP TABLE "Skill";
ALTER TABLE "new_Skill" RENAME TO "Skill";
CREATE INDEX "Skill_eventId_position_idx" ON "Skill"("eventId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Team_organizationId_idx" ON "Team"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Team_skillId_name_key" ON "Team"("skillId", "name");

-- CreateIndex
CREATE INDEX "TeamMember_teamId_idx" ON "TeamMember"("teamId");
