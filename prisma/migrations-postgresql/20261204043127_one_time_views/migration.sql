-- CreateTable
CREATE TABLE "OneTimeView" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "OneTimeView_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OneTimeView_until_idx" ON "OneTimeView"("until");
