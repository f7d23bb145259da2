-- CreateIndex
CREATE INDEX "SheetSignoff_roundId_judgeId_idx" ON "SheetSignoff"("roundId", "judgeId");
