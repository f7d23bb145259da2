-- AlterTable
ALTER TABLE "Round" ADD COLUMN "lockedAt" DATETIME;

-- CreateTable
CREATE TABLE "Organization" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "contactName" TEXT NOT NULL DEFAULT '',
    "contactPhone" TEXT NOT NULL DEFAULT '',
    "linkTokenHash" TEXT,
    "linkDeadline" DATETIME,
    "submittedAt" DATETIME,
    "approvedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Organization_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contestant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "gender" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "birthDate" TEXT NOT NULL,
    "phone" TEXT NOT NULL DEFAULT '',
    "skillLevel" TEXT NOT NULL DEFAULT '',
    "photoPath" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Contestant_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Contestant_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Entry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "contestantId" INTEGER NOT NULL,
    "skillId" INTEGER NOT NULL,
    "eventId" INTEGER NOT NULL,
    "bib" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'registered',
    "attendance" TEXT,
    "checkedInAt" DATETIME,
    "checkedInBy" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Entry_contestantId_fkey" FOREIGN KEY ("contestantId") REFERENCES "Contestant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Entry_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Draw" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "skillId" INTEGER NOT NULL,
    "roundId" INTEGER,
    "seed" TEXT NOT NULL,
    "drawnAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "drawnById" INTEGER NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "supersededAt" DATETIME,
    CONSTRAINT "Draw_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Draw_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Draw_drawnById_fkey" FOREIGN KEY ("drawnById") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DrawAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "drawId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "station" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    CONSTRAINT "DrawAssignment_drawId_fkey" FOREIGN KEY ("drawId") REFERENCES "Draw" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "DrawAssignment_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accountId" INTEGER,
    "eventId" INTEGER,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "details" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "AuditEntry_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Organization_linkTokenHash_key" ON "Organization"("linkTokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_eventId_name_key" ON "Organization"("eventId", "name");

-- CreateIndex
CREATE INDEX "Contestant_organizationId_idx" ON "Contestant"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Contestant_eventId_idNumber_key" ON "Contestant"("eventId", "idNumber");

-- CreateIndex
CREATE INDEX "Entry_skillId_idx" ON "Entry"("skillId");

-- CreateIndex
CREATE UNIQUE INDEX "Entry_contestantId_skillId_key" ON "Entry"("contestantId", "skillId");

-- CreateIndex
CREATE UNIQUE INDEX "Entry_eventId_bib_key" ON "Entry"("eventId", "bib");

-- CreateIndex
CREATE INDEX "Draw_skillId_roundId_idx" ON "Draw"("skillId", "roundId");

-- CreateIndex
CREATE UNIQUE INDEX "DrawAssignment_drawId_station_key" ON "DrawAssignment"("drawId", "station");

-- CreateIndex
CREATE UNIQUE INDEX "DrawAssignment_drawId_code_key" ON "DrawAssignment"("drawId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "DrawAssignment_drawId_entryId_key" ON "DrawAssignment"("drawId", "entryId");

-- CreateIndex
CREATE INDEX "AuditEntry_eventId_at_idx" ON "AuditEntry"("eventId", "at");
-- Append-only in the database itself, not just in the code: the audit log, the draws and
-- their assignments can be added to but never edited or deleted. A draw may only be marked
-- superseded (once), when a redo with a reason replaces it.
CREATE TRIGGER "AuditEntry_append_only_update" BEFORE UPDATE ON "AuditEntry"
BEGIN SELECT RAISE(ABORT, 'AuditEntry is append-only'); END;
CREATE TRIGGER "AuditEntry_append_only_delete" BEFORE DELETE ON "AuditEntry"
BEGIN SELECT RAISE(ABORT, 'AuditEntry is append-only'); END;
CREATE TRIGGER "DrawAssignment_append_only_update" BEFORE UPDATE ON "DrawAssignment"
BEGIN SELECT RAISE(ABORT, 'DrawAssignment is append-only'); END;
CREATE TRIGGER "DrawAssignment_append_only_delete" BEFORE DELETE ON "DrawAssignment"
BEGIN SELECT RAISE(ABORT, 'DrawAssignment is append-only'); END;
CREATE TRIGGER "Draw_append_only_delete" BEFORE DELETE ON "Draw"
BEGIN SELECT RAISE(ABORT, 'Draw is append-only'); END;
CREATE TRIGGER "Draw_only_superseded_once" BEFORE UPDATE ON "Draw"
WHEN OLD."supersededAt" IS NOT NULL OR NEW."supersededAt" IS NULL
  OR NEW."seed" IS NOT OLD."seed" OR NEW."skillId" IS NOT OLD."skillId" OR NEW."roundId" IS NOT OLD."roundId"
  OR NEW."drawnAt" IS NOT OLD."drawnAt" OR NEW."drawnById" IS NOT OLD."drawnById" OR NEW."reason" IS NOT OLD."reason"
BEGIN SELECT RAISE(ABORT, 'Draw can only be marked superseded, once'); END;
