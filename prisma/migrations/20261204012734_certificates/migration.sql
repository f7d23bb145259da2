-- CreateTable
CREATE TABLE "Certificate" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "publicationId" INTEGER NOT NULL,
    "bib" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Certificate_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_publicationId_bib_key" ON "Certificate"("publicationId", "bib");

-- What a certificate says is checked against this row for years: it never changes or goes.
CREATE TRIGGER "Certificate_never_updated" BEFORE UPDATE ON "Certificate"
BEGIN SELECT RAISE(ABORT, 'Certificate rows are never changed'); END;
CREATE TRIGGER "Certificate_never_deleted" BEFORE DELETE ON "Certificate"
BEGIN SELECT RAISE(ABORT, 'Certificate rows are never deleted'); END;
