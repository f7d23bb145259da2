-- The one-current-score check took an advisory lock per (round, entry): importing a round's
-- 3,000 scores in one transaction took 3,000 of the shared lock table's slots (64 per allowed
-- connection by default), enough to make other sessions fail. One lock per round serializes the
-- same writers (those adding current scores to the round) with one slot.
CREATE OR REPLACE FUNCTION "RoundScore_one_current"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."supersededAt" IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('RoundScore'), NEW."roundId");
    IF EXISTS (SELECT 1 FROM "RoundScore" WHERE "roundId" = NEW."roundId" AND "entryId" = NEW."entryId" AND "supersededAt" IS NULL) THEN
      RAISE EXCEPTION 'An entry has one current score per round: supersede the previous one first' USING ERRCODE = 'restrict_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
