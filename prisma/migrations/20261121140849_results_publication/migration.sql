-- CreateTable
CREATE TABLE "Publication" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "skillId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedById" INTEGER NOT NULL,
    "noticeUntil" DATETIME NOT NULL,
    "appealUntil" DATETIME NOT NULL,
    "changeNote" TEXT NOT NULL DEFAULT '',
    "snapshot" TEXT NOT NULL,
    "supersededAt" DATETIME,
    CONSTRAINT "Publication_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Publication_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Appeal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "publicationId" INTEGER NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "entryBib" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "filedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    "decision" TEXT,
    "decisionReason" TEXT NOT NULL DEFAULT '',
    "decidedById" INTEGER,
    CONSTRAINT "Appeal_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Appeal_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Appeal_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Publication_skillId_version_key" ON "Publication"("skillId", "version");

-- CreateIndex
CREATE INDEX "Appeal_publicationId_idx" ON "Appeal"("publicationId");

-- CreateIndex
CREATE INDEX "Appeal_organizationId_idx" ON "Appeal"("organizationId");

-- A publication (成绩公示) is an immutable snapshot: never deleted, never rewritten. The only
-- change is setting supersededAt, once, when the next version replaces it. Versions of a skill
-- count 1, 2, 3… with no gap, a new one comes in only after the one in force was superseded,
-- and from version 2 on it must say what changed and why.
CREATE TRIGGER "Publication_never_deleted" BEFORE DELETE ON "Publication"
BEGIN SELECT RAISE(ABORT, 'Publication rows are never deleted'); END;
CREATE TRIGGER "Publication_only_superseded_once" BEFORE UPDATE ON "Publication"
WHEN OLD."supersededAt" IS NOT NULL OR NEW."supersededAt" IS NULL
  OR NEW."id" IS NOT OLD."id" OR NEW."skillId" IS NOT OLD."skillId" OR NEW."version" IS NOT OLD."version"
  OR NEW."publishedAt" IS NOT OLD."publishedAt" OR NEW."publishedById" IS NOT OLD."publishedById"
  OR NEW."noticeUntil" IS NOT OLD."noticeUntil" OR NEW."appealUntil" IS NOT OLD."appealUntil"
  OR NEW."changeNote" IS NOT OLD."changeNote" OR NEW."snapshot" IS NOT OLD."snapshot"
BEGIN SELECT RAISE(ABORT, 'A publication can only be superseded, once'); END;
CREATE TRIGGER "Publication_versions_in_order" BEFORE INSERT ON "Publication"
WHEN NEW."supersededAt" IS NOT NULL
  OR NEW."version" IS NOT (SELECT COALESCE(MAX("version"), 0) + 1 FROM "Publication" WHERE "skillId" = NEW."skillId")
  OR EXISTS (SELECT 1 FROM "Publication" WHERE "skillId" = NEW."skillId" AND "supersededAt" IS NULL)
  OR (NEW."version" > 1 AND trim(NEW."changeNote") = '')
BEGIN SELECT RAISE(ABORT, 'A publication is the next version of its skill, after the previous one was superseded, with a change note from version 2'); END;

-- An appeal is filed undecided, never deleted, and decided once, with a reason; what was filed
-- never changes.
CREATE TRIGGER "Appeal_never_deleted" BEFORE DELETE ON "Appeal"
BEGIN SELECT RAISE(ABORT, 'Appeal rows are never deleted'); END;
CREATE TRIGGER "Appeal_filed_undecided" BEFORE INSERT ON "Appeal"
WHEN NEW."decidedAt" IS NOT NULL OR NEW."decision" IS NOT NULL OR NEW."decidedById" IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'An appeal is filed undecided'); END;
CREATE TRIGGER "Appeal_decided_once" BEFORE UPDATE ON "Appeal"
WHEN OLD."decidedAt" IS NOT NULL OR NEW."decidedAt" IS NULL OR NEW."decidedById" IS NULL
  OR NEW."decision" IS NULL OR NEW."decision" NOT IN ('upheld', 'rejected') OR trim(NEW."decisionReason") = ''
  OR NEW."id" IS NOT OLD."id" OR NEW."publicationId" IS NOT OLD."publicationId" OR NEW."organizationId" IS NOT OLD."organizationId"
  OR NEW."entryBib" IS NOT OLD."entryBib" OR NEW."text" IS NOT OLD."text" OR NEW."filedAt" IS NOT OLD."filedAt"
BEGIN SELECT RAISE(ABORT, 'An appeal is decided once, with a reason, and what was filed never changes'); END;
