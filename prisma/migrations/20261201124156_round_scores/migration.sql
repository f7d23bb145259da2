-- CreateTable
CREATE TABLE "ScoreImport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "accountId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScoreImport_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoundScore" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "importId" INTEGER NOT NULL,
    "score" REAL NOT NULL,
    "supersededAt" DATETIME,
    CONSTRAINT "RoundScore_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RoundScore_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RoundScore_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ScoreImport" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- AlterTable
-- Written by hand instead of Prisma's RedefineTables: SQLite adds a NOT NULL column with a
-- constant default in place, so the Round table (and whatever other migrations add to it) is
-- not copied. The result is the table Prisma expects (the migrations test diffs it).
ALTER TABLE "Round" ADD COLUMN "scoring" TEXT NOT NULL DEFAULT 'marks';

-- CreateIndex
CREATE INDEX "ScoreImport_roundId_at_idx" ON "ScoreImport"("roundId", "at");

-- CreateIndex
CREATE INDEX "RoundScore_roundId_entryId_idx" ON "RoundScore"("roundId", "entryId");

-- CreateIndex
CREATE INDEX "RoundScore_importId_idx" ON "RoundScore"("importId");

-- ─── Written by hand: the history of imported scores is append-only ─────────────────────────
-- An import is never changed or deleted.
CREATE TRIGGER "ScoreImport_never_updated" BEFORE UPDATE ON "ScoreImport"
BEGIN SELECT RAISE(ABORT, 'ScoreImport rows are never changed'); END;
CREATE TRIGGER "ScoreImport_never_deleted" BEFORE DELETE ON "ScoreImport"
BEGIN SELECT RAISE(ABORT, 'ScoreImport rows are never deleted'); END;
-- A score is never deleted; the only change is setting supersededAt, once.
CREATE TRIGGER "RoundScore_never_deleted" BEFORE DELETE ON "RoundScore"
BEGIN SELECT RAISE(ABORT, 'RoundScore rows are never deleted'); END;
CREATE TRIGGER "RoundScore_only_superseded_once" BEFORE UPDATE ON "RoundScore"
WHEN OLD."supersededAt" IS NOT NULL OR NEW."supersededAt" IS NULL
  OR NEW."id" IS NOT OLD."id" OR NEW."roundId" IS NOT OLD."roundId" OR NEW."entryId" IS NOT OLD."entryId"
  OR NEW."importId" IS NOT OLD."importId" OR NEW."score" IS NOT OLD."score"
BEGIN SELECT RAISE(ABORT, 'A round score can only be superseded, once'); END;
-- At most one current score per entry and round: the previous one is superseded first.
CREATE TRIGGER "RoundScore_one_current" BEFORE INSERT ON "RoundScore"
WHEN NEW."supersededAt" IS NULL AND EXISTS (
  SELECT 1 FROM "RoundScore" WHERE "roundId" = NEW."roundId" AND "entryId" = NEW."entryId" AND "supersededAt" IS NULL)
BEGIN SELECT RAISE(ABORT, 'An entry has one current score per round: supersede the previous one first'); END;
