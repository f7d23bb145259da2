-- Staff accounts: administrators invite colleagues with an initial password that must be replaced.
-- Added in place: the table keeps its rows, sessions and tokens. Every organizer so far was the
-- one account that could do everything, so each becomes an administrator.
ALTER TABLE "Account" ADD COLUMN "isAdmin" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Account" ADD COLUMN "initialPasswordUntil" DATETIME;
UPDATE "Account" SET "isAdmin" = true WHERE "role" = 'organizer';
