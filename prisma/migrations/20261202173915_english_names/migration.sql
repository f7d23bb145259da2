-- English (or pinyin) names for the English pages and certificates. Added in place, so the
-- tables keep their rows, indexes and triggers untouched.
ALTER TABLE "Event" ADD COLUMN "nameEn" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Organization" ADD COLUMN "nameEn" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Contestant" ADD COLUMN "nameLatin" TEXT NOT NULL DEFAULT '';
