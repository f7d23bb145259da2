-- CreateTable
CREATE TABLE "Federation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL DEFAULT '',
    "parentId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Federation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Federation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- The installation's own federation, the root of the tree: every account and event made before
-- federations existed is its (the columns' default). Named at setup, or on /federations.
INSERT INTO "Federation" ("id", "name", "parentId", "updatedAt") VALUES (1, '', NULL, CURRENT_TIMESTAMP);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Account" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "disabledAt" DATETIME,
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,
    "federationId" INTEGER NOT NULL DEFAULT 1,
    "initialPasswordUntil" DATETIME,
    CONSTRAINT "Account_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Account" ("createdAt", "disabledAt", "displayName", "id", "initialPasswordUntil", "isAdmin", "passwordHash", "role", "updatedAt", "username") SELECT "createdAt", "disabledAt", "displayName", "id", "initialPasswordUntil", "isAdmin", "passwordHash", "role", "updatedAt", "username" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE UNIQUE INDEX "Account_username_key" ON "Account"("username");
CREATE TABLE "new_Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL DEFAULT '',
    "startsOn" DATETIME,
    "endsOn" DATETIME,
    "venue" TEXT NOT NULL DEFAULT '',
    "hostOrganization" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "allowMultipleSkills" BOOLEAN NOT NULL DEFAULT false,
    "organizationBestN" INTEGER NOT NULL DEFAULT 3,
    "judgeCode" TEXT,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "federationId" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Event_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Event_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Event" ("allowMultipleSkills", "createdAt", "createdById", "endsOn", "hostOrganization", "id", "judgeCode", "name", "nameEn", "organizationBestN", "startsOn", "status", "updatedAt", "venue") SELECT "allowMultipleSkills", "createdAt", "createdById", "endsOn", "hostOrganization", "id", "judgeCode", "name", "nameEn", "organizationBestN", "startsOn", "status", "updatedAt", "venue" FROM "Event";
DROP TABLE "Event";
ALTER TABLE "new_Event" RENAME TO "Event";
CREATE UNIQUE INDEX "Event_judgeCode_key" ON "Event"("judgeCode");
CREATE INDEX "Event_status_idx" ON "Event"("status");
CREATE INDEX "Event_federationId_idx" ON "Event"("federationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Federation_parentId_idx" ON "Federation"("parentId");
