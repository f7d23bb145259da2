-- CreateTable
CREATE TABLE "OneTimeView" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "until" DATETIME NOT NULL,
    "value" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "OneTimeView_until_idx" ON "OneTimeView"("until");
