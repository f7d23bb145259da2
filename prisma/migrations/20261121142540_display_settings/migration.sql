-- CreateTable
CREATE TABLE "DisplaySetting" (
    "eventId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "skillIds" TEXT NOT NULL DEFAULT '[]',
    "intervalSeconds" INTEGER NOT NULL DEFAULT 15,
    "pinnedSkillId" INTEGER,
    "titleOnly" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DisplaySetting_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
