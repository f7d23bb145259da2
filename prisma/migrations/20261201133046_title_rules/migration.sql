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
    "titleRules" TEXT NOT NULL DEFAULT '[{"prizes":[],"rankFrom":null,"rankTo":5,"topHalf":false,"minScores":[],"underAge":null,"gender":null,"title":"技术能手","promotion":"step","promotionTo":null}]',
    CONSTRAINT "Skill_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Skill_chiefJudgeId_fkey" FOREIGN KEY ("chiefJudgeId") REFERENCES "EventJudge" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Skill" ("aggregation", "awardFirst", "awardMinimumField", "awardMinimumScore", "awardMode", "awardSecond", "awardThird", "chiefJudgeId", "createdAt", "decimals", "eventId", "id", "judgesPerAspect", "name", "nameEn", "position", "promotion", "roundAbsence", "spreadLimit", "standardisedScore", "teamScoring", "teamSizeMax", "teamSizeMin", "teamSkill", "tieBreaks", "titleName", "titleTopN", "updatedAt") SELECT "aggregation", "awardFirst", "awardMinimumField", "awardMinimumScore", "awardMode", "awardSecond", "awardThird", "chiefJudgeId", "createdAt", "decimals", "eventId", "id", "judgesPerAspect", "name", "nameEn", "position", "promotion", "roundAbsence", "spreadLimit", "standardisedScore", "teamScoring", "teamSizeMax", "teamSizeMin", "teamSkill", "tieBreaks", "titleName", "titleTopN", "updatedAt" FROM "Skill";
DROP TABLE "Skill";
ALTER TABLE "new_Skill" RENAME TO "Skill";
CREATE INDEX "Skill_eventId_position_idx" ON "Skill"("eventId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- ── Hand-written data conversion (keep when regenerating this migration) ─────────────────────
-- Each skill's single "top N + title + promotion" setting becomes the equivalent rule list of
-- src/domain/title-rules.ts (legacyTitleRules() there does the same for old snapshots):
-- titleTopN > 0 → one rule "rank ≤ titleTopN", title titleName (技术能手 when blank, as the pages
-- showed), promotion "step" when promotion was on, else "none"; titleTopN = 0 → no rule.
UPDATE "Skill" SET "titleRules" = CASE
  WHEN "titleTopN" > 0 THEN json_array(json_object(
    'prizes', json('[]'), 'rankFrom', NULL, 'rankTo', "titleTopN", 'topHalf', json('false'),
    'minScores', json('[]'), 'underAge', NULL, 'gender', NULL,
    'title', CASE WHEN trim("titleName") = '' THEN '技术能手' ELSE trim("titleName") END,
    'promotion', CASE WHEN "promotion" THEN 'step' ELSE 'none' END, 'promotionTo', NULL))
  ELSE '[]'
END;
