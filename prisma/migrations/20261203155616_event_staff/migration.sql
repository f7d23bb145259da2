-- CreateTable
CREATE TABLE "EventStaff" (
    "eventId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "addedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("eventId", "accountId"),
    CONSTRAINT "EventStaff_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventStaff_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventStaff_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "EventStaff_accountId_idx" ON "EventStaff"("accountId");

-- Whoever made an event runs it (before staff roles, every organizer saw every event).
INSERT INTO "EventStaff" ("eventId", "accountId", "role", "updatedAt")
SELECT "id", "createdById", 'organizer', CURRENT_TIMESTAMP FROM "Event" WHERE "createdById" IS NOT NULL;
