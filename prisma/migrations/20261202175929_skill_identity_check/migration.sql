-- 人证核验 as a skill setting: check-in then requires the last four characters of the ID card.
-- Added in place: the table keeps its rows and indexes.
ALTER TABLE "Skill" ADD COLUMN "identityCheck" BOOLEAN NOT NULL DEFAULT false;
