-- CreateTable
CREATE TABLE "PersonMatch" (
    "federationId" INTEGER NOT NULL,
    "idNumberA" TEXT NOT NULL,
    "idNumberB" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "decidedById" INTEGER,
    "decidedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("federationId", "idNumberA", "idNumberB"),
    CONSTRAINT "PersonMatch_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PersonMatch_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
