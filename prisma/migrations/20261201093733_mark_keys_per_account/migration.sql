-- DropIndex
DROP INDEX "MarkChange_idempotencyKey_key";

-- CreateIndex
CREATE UNIQUE INDEX "MarkChange_accountId_idempotencyKey_key" ON "MarkChange"("accountId", "idempotencyKey");
