-- The schema as the SQLite migrations up to 20261204014943_person_matches built it, for PostgreSQL
-- (prisma/migrations-postgresql: see src/db/migrate.ts), followed by the same rules as triggers.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Account" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "disabledAt" TIMESTAMP(3),
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,
    "federationId" INTEGER NOT NULL DEFAULT 1,
    "initialPasswordUntil" TIMESTAMP(3),

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL DEFAULT '',
    "startsOn" TIMESTAMP(3),
    "endsOn" TIMESTAMP(3),
    "venue" TEXT NOT NULL DEFAULT '',
    "hostOrganization" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "allowMultipleSkills" BOOLEAN NOT NULL DEFAULT false,
    "organizationBestN" INTEGER NOT NULL DEFAULT 3,
    "judgeCode" TEXT,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "federationId" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Federation" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL DEFAULT '',
    "parentId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Federation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventStaff" (
    "eventId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "addedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventStaff_pkey" PRIMARY KEY ("eventId","accountId")
);

-- CreateTable
CREATE TABLE "DisplaySetting" (
    "eventId" INTEGER NOT NULL,
    "skillIds" TEXT NOT NULL DEFAULT '[]',
    "intervalSeconds" INTEGER NOT NULL DEFAULT 15,
    "pinnedSkillId" INTEGER,
    "titleOnly" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DisplaySetting_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "HealthProbe" (
    "id" INTEGER NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HealthProbe_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Skill" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "judgesPerAspect" INTEGER NOT NULL DEFAULT 3,
    "aggregation" TEXT NOT NULL DEFAULT 'mean',
    "spreadLimit" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "decimals" INTEGER NOT NULL DEFAULT 2,
    "tieBreaks" TEXT NOT NULL DEFAULT '[]',
    "awardMode" TEXT NOT NULL DEFAULT 'ratio',
    "awardFirst" DOUBLE PRECISION NOT NULL DEFAULT 10,
    "awardSecond" DOUBLE PRECISION NOT NULL DEFAULT 20,
    "awardThird" DOUBLE PRECISION NOT NULL DEFAULT 30,
    "awardMinimumScore" DOUBLE PRECISION,
    "awardMinimumField" INTEGER NOT NULL DEFAULT 5,
    "teamScoring" TEXT NOT NULL DEFAULT 'sum',
    "standardisedScore" BOOLEAN NOT NULL DEFAULT false,
    "roundAbsence" TEXT NOT NULL DEFAULT 'unranked',
    "identityCheck" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "chiefJudgeId" INTEGER,
    "teamSkill" BOOLEAN NOT NULL DEFAULT false,
    "teamSizeMin" INTEGER NOT NULL DEFAULT 2,
    "teamSizeMax" INTEGER NOT NULL DEFAULT 3,
    "titleRules" TEXT NOT NULL DEFAULT '[{"prizes":[],"rankFrom":null,"rankTo":5,"topHalf":false,"minScores":[],"underAge":null,"gender":null,"title":"技术能手","promotion":"step","promotionTo":null}]',

    CONSTRAINT "Skill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Round" (
    "id" SERIAL NOT NULL,
    "skillId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,
    "maxScore" DOUBLE PRECISION NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "lockedAt" TIMESTAMP(3),
    "lockedById" INTEGER,
    "scoring" TEXT NOT NULL DEFAULT 'marks',

    CONSTRAINT "Round_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Criterion" (
    "id" SERIAL NOT NULL,
    "roundId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Criterion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Aspect" (
    "id" SERIAL NOT NULL,
    "criterionId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "maxMark" DOUBLE PRECISION NOT NULL,
    "rule" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Aspect_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL DEFAULT '',
    "contactName" TEXT NOT NULL DEFAULT '',
    "contactPhone" TEXT NOT NULL DEFAULT '',
    "linkTokenHash" TEXT,
    "linkDeadline" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "approvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importBatch" TEXT,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contestant" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameLatin" TEXT NOT NULL DEFAULT '',
    "gender" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "birthDate" TEXT NOT NULL,
    "phone" TEXT NOT NULL DEFAULT '',
    "skillLevel" TEXT NOT NULL DEFAULT '',
    "photoPath" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "importBatch" TEXT,

    CONSTRAINT "Contestant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Entry" (
    "id" SERIAL NOT NULL,
    "contestantId" INTEGER NOT NULL,
    "skillId" INTEGER NOT NULL,
    "eventId" INTEGER NOT NULL,
    "bib" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'registered',
    "attendance" TEXT,
    "checkedInAt" TIMESTAMP(3),
    "checkedInBy" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importBatch" TEXT,

    CONSTRAINT "Entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" SERIAL NOT NULL,
    "skillId" INTEGER NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importBatch" TEXT,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "entryId" INTEGER NOT NULL,
    "teamId" INTEGER NOT NULL,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("entryId")
);

-- CreateTable
CREATE TABLE "EntryStatusChange" (
    "id" SERIAL NOT NULL,
    "entryId" INTEGER NOT NULL,
    "skillId" INTEGER NOT NULL,
    "roundId" INTEGER,
    "fromStatus" TEXT NOT NULL,
    "toStatus" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EntryStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundAbsence" (
    "entryId" INTEGER NOT NULL,
    "roundId" INTEGER NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoundAbsence_pkey" PRIMARY KEY ("entryId","roundId")
);

-- CreateTable
CREATE TABLE "Draw" (
    "id" SERIAL NOT NULL,
    "skillId" INTEGER NOT NULL,
    "roundId" INTEGER,
    "seed" TEXT NOT NULL,
    "drawnAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "drawnById" INTEGER NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "Draw_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DrawAssignment" (
    "id" SERIAL NOT NULL,
    "drawId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "station" INTEGER NOT NULL,
    "code" TEXT NOT NULL,

    CONSTRAINT "DrawAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accountId" INTEGER,
    "eventId" INTEGER,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "details" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventJudge" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "organizationId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventJudge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeAssignment" (
    "id" SERIAL NOT NULL,
    "judgeId" INTEGER NOT NULL,
    "roundId" INTEGER NOT NULL,
    "aspectId" INTEGER,

    CONSTRAINT "JudgeAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mark" (
    "id" SERIAL NOT NULL,
    "entryId" INTEGER NOT NULL,
    "aspectId" INTEGER NOT NULL,
    "judgeId" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Mark_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MarkChange" (
    "id" SERIAL NOT NULL,
    "markId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "deviceId" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "oldState" TEXT,
    "oldValue" DOUBLE PRECISION,
    "newState" TEXT NOT NULL,
    "newValue" DOUBLE PRECISION,
    "reason" TEXT NOT NULL DEFAULT '',
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "MarkChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SheetSignoff" (
    "id" SERIAL NOT NULL,
    "judgeId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "roundId" INTEGER NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "SheetSignoff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AspectReview" (
    "id" SERIAL NOT NULL,
    "entryId" INTEGER NOT NULL,
    "aspectId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "AspectReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Publication" (
    "id" SERIAL NOT NULL,
    "skillId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedById" INTEGER NOT NULL,
    "noticeUntil" TIMESTAMP(3) NOT NULL,
    "appealUntil" TIMESTAMP(3) NOT NULL,
    "changeNote" TEXT NOT NULL DEFAULT '',
    "snapshot" TEXT NOT NULL,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "Publication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "code" TEXT NOT NULL,
    "publicationId" INTEGER NOT NULL,
    "bib" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Appeal" (
    "id" SERIAL NOT NULL,
    "publicationId" INTEGER NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "entryBib" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decision" TEXT,
    "decisionReason" TEXT NOT NULL DEFAULT '',
    "decidedById" INTEGER,

    CONSTRAINT "Appeal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScoreImport" (
    "id" SERIAL NOT NULL,
    "roundId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "accountId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScoreImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundScore" (
    "id" SERIAL NOT NULL,
    "roundId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "importId" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "RoundScore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonMatch" (
    "federationId" INTEGER NOT NULL,
    "idNumberA" TEXT NOT NULL,
    "idNumberB" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonMatch_pkey" PRIMARY KEY ("federationId","idNumberA","idNumberB")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_username_key" ON "Account"("username");

-- CreateIndex
CREATE INDEX "Session_accountId_idx" ON "Session"("accountId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Event_judgeCode_key" ON "Event"("judgeCode");

-- CreateIndex
CREATE INDEX "Event_status_idx" ON "Event"("status");

-- CreateIndex
CREATE INDEX "Event_federationId_idx" ON "Event"("federationId");

-- CreateIndex
CREATE INDEX "Federation_parentId_idx" ON "Federation"("parentId");

-- CreateIndex
CREATE INDEX "EventStaff_accountId_idx" ON "EventStaff"("accountId");

-- CreateIndex
CREATE INDEX "Skill_eventId_position_idx" ON "Skill"("eventId", "position");

-- CreateIndex
CREATE INDEX "Round_skillId_position_idx" ON "Round"("skillId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Round_skillId_code_key" ON "Round"("skillId", "code");

-- CreateIndex
CREATE INDEX "Criterion_roundId_position_idx" ON "Criterion"("roundId", "position");

-- CreateIndex
CREATE INDEX "Aspect_criterionId_position_idx" ON "Aspect"("criterionId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_accountId_idx" ON "ApiToken"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_linkTokenHash_key" ON "Organization"("linkTokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_eventId_name_key" ON "Organization"("eventId", "name");

-- CreateIndex
CREATE INDEX "Contestant_organizationId_idx" ON "Contestant"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Contestant_eventId_idNumber_key" ON "Contestant"("eventId", "idNumber");

-- CreateIndex
CREATE INDEX "Entry_skillId_idx" ON "Entry"("skillId");

-- CreateIndex
CREATE UNIQUE INDEX "Entry_contestantId_skillId_key" ON "Entry"("contestantId", "skillId");

-- CreateIndex
CREATE UNIQUE INDEX "Entry_eventId_bib_key" ON "Entry"("eventId", "bib");

-- CreateIndex
CREATE INDEX "Team_organizationId_idx" ON "Team"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Team_skillId_name_key" ON "Team"("skillId", "name");

-- CreateIndex
CREATE INDEX "TeamMember_teamId_idx" ON "TeamMember"("teamId");

-- CreateIndex
CREATE INDEX "EntryStatusChange_entryId_at_idx" ON "EntryStatusChange"("entryId", "at");

-- CreateIndex
CREATE INDEX "EntryStatusChange_skillId_at_idx" ON "EntryStatusChange"("skillId", "at");

-- CreateIndex
CREATE INDEX "RoundAbsence_roundId_idx" ON "RoundAbsence"("roundId");

-- CreateIndex
CREATE INDEX "Draw_skillId_roundId_idx" ON "Draw"("skillId", "roundId");

-- CreateIndex
CREATE UNIQUE INDEX "DrawAssignment_drawId_station_key" ON "DrawAssignment"("drawId", "station");

-- CreateIndex
CREATE UNIQUE INDEX "DrawAssignment_drawId_code_key" ON "DrawAssignment"("drawId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "DrawAssignment_drawId_entryId_key" ON "DrawAssignment"("drawId", "entryId");

-- CreateIndex
CREATE INDEX "AuditEntry_eventId_at_idx" ON "AuditEntry"("eventId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "EventJudge_eventId_number_key" ON "EventJudge"("eventId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "EventJudge_eventId_accountId_key" ON "EventJudge"("eventId", "accountId");

-- CreateIndex
CREATE INDEX "JudgeAssignment_roundId_idx" ON "JudgeAssignment"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "JudgeAssignment_judgeId_roundId_aspectId_key" ON "JudgeAssignment"("judgeId", "roundId", "aspectId");

-- CreateIndex
CREATE INDEX "Mark_aspectId_idx" ON "Mark"("aspectId");

-- CreateIndex
CREATE UNIQUE INDEX "Mark_entryId_aspectId_judgeId_key" ON "Mark"("entryId", "aspectId", "judgeId");

-- CreateIndex
CREATE INDEX "MarkChange_markId_idx" ON "MarkChange"("markId");

-- CreateIndex
CREATE UNIQUE INDEX "MarkChange_accountId_idempotencyKey_key" ON "MarkChange"("accountId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "SheetSignoff_judgeId_entryId_roundId_idx" ON "SheetSignoff"("judgeId", "entryId", "roundId");

-- CreateIndex
CREATE INDEX "SheetSignoff_roundId_judgeId_idx" ON "SheetSignoff"("roundId", "judgeId");

-- CreateIndex
CREATE INDEX "AspectReview_entryId_aspectId_idx" ON "AspectReview"("entryId", "aspectId");

-- CreateIndex
CREATE UNIQUE INDEX "Publication_skillId_version_key" ON "Publication"("skillId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_publicationId_bib_key" ON "Certificate"("publicationId", "bib");

-- CreateIndex
CREATE INDEX "Appeal_publicationId_idx" ON "Appeal"("publicationId");

-- CreateIndex
CREATE INDEX "Appeal_organizationId_idx" ON "Appeal"("organizationId");

-- CreateIndex
CREATE INDEX "ScoreImport_roundId_at_idx" ON "ScoreImport"("roundId", "at");

-- CreateIndex
CREATE INDEX "RoundScore_roundId_entryId_idx" ON "RoundScore"("roundId", "entryId");

-- CreateIndex
CREATE INDEX "RoundScore_importId_idx" ON "RoundScore"("importId");

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Federation" ADD CONSTRAINT "Federation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Federation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventStaff" ADD CONSTRAINT "EventStaff_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventStaff" ADD CONSTRAINT "EventStaff_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventStaff" ADD CONSTRAINT "EventStaff_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisplaySetting" ADD CONSTRAINT "DisplaySetting_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Skill" ADD CONSTRAINT "Skill_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Skill" ADD CONSTRAINT "Skill_chiefJudgeId_fkey" FOREIGN KEY ("chiefJudgeId") REFERENCES "EventJudge"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Round" ADD CONSTRAINT "Round_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Criterion" ADD CONSTRAINT "Criterion_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Aspect" ADD CONSTRAINT "Aspect_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "Criterion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contestant" ADD CONSTRAINT "Contestant_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contestant" ADD CONSTRAINT "Contestant_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Entry" ADD CONSTRAINT "Entry_contestantId_fkey" FOREIGN KEY ("contestantId") REFERENCES "Contestant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Entry" ADD CONSTRAINT "Entry_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EntryStatusChange" ADD CONSTRAINT "EntryStatusChange_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EntryStatusChange" ADD CONSTRAINT "EntryStatusChange_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundAbsence" ADD CONSTRAINT "RoundAbsence_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundAbsence" ADD CONSTRAINT "RoundAbsence_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Draw" ADD CONSTRAINT "Draw_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Draw" ADD CONSTRAINT "Draw_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Draw" ADD CONSTRAINT "Draw_drawnById_fkey" FOREIGN KEY ("drawnById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DrawAssignment" ADD CONSTRAINT "DrawAssignment_drawId_fkey" FOREIGN KEY ("drawId") REFERENCES "Draw"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DrawAssignment" ADD CONSTRAINT "DrawAssignment_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventJudge" ADD CONSTRAINT "EventJudge_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventJudge" ADD CONSTRAINT "EventJudge_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventJudge" ADD CONSTRAINT "EventJudge_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeAssignment" ADD CONSTRAINT "JudgeAssignment_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "EventJudge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeAssignment" ADD CONSTRAINT "JudgeAssignment_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeAssignment" ADD CONSTRAINT "JudgeAssignment_aspectId_fkey" FOREIGN KEY ("aspectId") REFERENCES "Aspect"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mark" ADD CONSTRAINT "Mark_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mark" ADD CONSTRAINT "Mark_aspectId_fkey" FOREIGN KEY ("aspectId") REFERENCES "Aspect"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mark" ADD CONSTRAINT "Mark_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "EventJudge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MarkChange" ADD CONSTRAINT "MarkChange_markId_fkey" FOREIGN KEY ("markId") REFERENCES "Mark"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MarkChange" ADD CONSTRAINT "MarkChange_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SheetSignoff" ADD CONSTRAINT "SheetSignoff_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "EventJudge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SheetSignoff" ADD CONSTRAINT "SheetSignoff_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SheetSignoff" ADD CONSTRAINT "SheetSignoff_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreImport" ADD CONSTRAINT "ScoreImport_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundScore" ADD CONSTRAINT "RoundScore_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundScore" ADD CONSTRAINT "RoundScore_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundScore" ADD CONSTRAINT "RoundScore_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ScoreImport"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonMatch" ADD CONSTRAINT "PersonMatch_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonMatch" ADD CONSTRAINT "PersonMatch_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- The root federation (src/federations), as 20261204011122_federations made it; the sequence
-- goes on after it.
INSERT INTO "Federation" ("id", "name", "parentId", "updatedAt") VALUES (1, '', NULL, CURRENT_TIMESTAMP);
SELECT setval(pg_get_serial_sequence('"Federation"', 'id'), 1);

-- What the SQLite migrations' triggers refuse, refused the same way: append-only histories,
-- rows that are never deleted, changes allowed once. A refusal is an error with the rule's text.
CREATE FUNCTION "jiangxin_refuse"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER "Appeal_decided_once" BEFORE UPDATE ON "Appeal" FOR EACH ROW
WHEN (OLD."decidedAt" IS NOT NULL OR NEW."decidedAt" IS NULL OR NEW."decidedById" IS NULL
  OR NEW."decision" IS NULL OR NEW."decision" NOT IN ('upheld', 'rejected') OR trim(NEW."decisionReason") = ''
  OR NEW."id" IS DISTINCT FROM OLD."id" OR NEW."publicationId" IS DISTINCT FROM OLD."publicationId" OR NEW."organizationId" IS DISTINCT FROM OLD."organizationId"
  OR NEW."entryBib" IS DISTINCT FROM OLD."entryBib" OR NEW."text" IS DISTINCT FROM OLD."text" OR NEW."filedAt" IS DISTINCT FROM OLD."filedAt")
EXECUTE FUNCTION "jiangxin_refuse"('An appeal is decided once, with a reason, and what was filed never changes');

CREATE TRIGGER "Appeal_filed_undecided" BEFORE INSERT ON "Appeal" FOR EACH ROW
WHEN (NEW."decidedAt" IS NOT NULL OR NEW."decision" IS NOT NULL OR NEW."decidedById" IS NOT NULL)
EXECUTE FUNCTION "jiangxin_refuse"('An appeal is filed undecided');

CREATE TRIGGER "Appeal_never_deleted" BEFORE DELETE ON "Appeal" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('Appeal rows are never deleted');
CREATE TRIGGER "AspectReview_never_deleted" BEFORE DELETE ON "AspectReview" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('AspectReview rows are never deleted');
CREATE TRIGGER "AuditEntry_append_only_delete" BEFORE DELETE ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('AuditEntry is append-only');
CREATE TRIGGER "AuditEntry_append_only_update" BEFORE UPDATE ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('AuditEntry is append-only');
CREATE TRIGGER "Certificate_never_deleted" BEFORE DELETE ON "Certificate" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('Certificate rows are never deleted');
CREATE TRIGGER "Certificate_never_updated" BEFORE UPDATE ON "Certificate" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('Certificate rows are never changed');
CREATE TRIGGER "Draw_append_only_delete" BEFORE DELETE ON "Draw" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('Draw is append-only');

CREATE TRIGGER "Draw_only_superseded_once" BEFORE UPDATE ON "Draw" FOR EACH ROW
WHEN (OLD."supersededAt" IS NOT NULL OR NEW."supersededAt" IS NULL
  OR NEW."seed" IS DISTINCT FROM OLD."seed" OR NEW."skillId" IS DISTINCT FROM OLD."skillId" OR NEW."roundId" IS DISTINCT FROM OLD."roundId"
  OR NEW."drawnAt" IS DISTINCT FROM OLD."drawnAt" OR NEW."drawnById" IS DISTINCT FROM OLD."drawnById" OR NEW."reason" IS DISTINCT FROM OLD."reason")
EXECUTE FUNCTION "jiangxin_refuse"('Draw can only be marked superseded, once');

CREATE TRIGGER "DrawAssignment_append_only_delete" BEFORE DELETE ON "DrawAssignment" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('DrawAssignment is append-only');
CREATE TRIGGER "DrawAssignment_append_only_update" BEFORE UPDATE ON "DrawAssignment" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('DrawAssignment is append-only');
CREATE TRIGGER "EntryStatusChange_append_only_delete" BEFORE DELETE ON "EntryStatusChange" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('EntryStatusChange is append-only');
CREATE TRIGGER "EntryStatusChange_append_only_update" BEFORE UPDATE ON "EntryStatusChange" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('EntryStatusChange is append-only');
CREATE TRIGGER "Mark_never_deleted" BEFORE DELETE ON "Mark" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('Mark rows are never deleted');
CREATE TRIGGER "MarkChange_append_only_delete" BEFORE DELETE ON "MarkChange" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('MarkChange is append-only');
CREATE TRIGGER "MarkChange_append_only_update" BEFORE UPDATE ON "MarkChange" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('MarkChange is append-only');
CREATE TRIGGER "Publication_never_deleted" BEFORE DELETE ON "Publication" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('Publication rows are never deleted');

CREATE TRIGGER "Publication_only_superseded_once" BEFORE UPDATE ON "Publication" FOR EACH ROW
WHEN (OLD."supersededAt" IS NOT NULL OR NEW."supersededAt" IS NULL
  OR NEW."id" IS DISTINCT FROM OLD."id" OR NEW."skillId" IS DISTINCT FROM OLD."skillId" OR NEW."version" IS DISTINCT FROM OLD."version"
  OR NEW."publishedAt" IS DISTINCT FROM OLD."publishedAt" OR NEW."publishedById" IS DISTINCT FROM OLD."publishedById"
  OR NEW."noticeUntil" IS DISTINCT FROM OLD."noticeUntil" OR NEW."appealUntil" IS DISTINCT FROM OLD."appealUntil"
  OR NEW."changeNote" IS DISTINCT FROM OLD."changeNote" OR NEW."snapshot" IS DISTINCT FROM OLD."snapshot")
EXECUTE FUNCTION "jiangxin_refuse"('A publication can only be superseded, once');

-- A trigger's WHEN takes no subquery: these two rules read other rows in a function. Writers of
-- one skill's publications (one round's and entry's scores) take turns on an advisory lock, so
-- the rows read are the committed ones, as when SQLite runs one writer at a time.
CREATE FUNCTION "Publication_versions_in_order"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('Publication'), NEW."skillId");
  IF NEW."supersededAt" IS NOT NULL
    OR NEW."version" IS DISTINCT FROM (SELECT COALESCE(MAX("version"), 0) + 1 FROM "Publication" WHERE "skillId" = NEW."skillId")
    OR EXISTS (SELECT 1 FROM "Publication" WHERE "skillId" = NEW."skillId" AND "supersededAt" IS NULL)
    OR (NEW."version" > 1 AND trim(NEW."changeNote") = '') THEN
    RAISE EXCEPTION 'A publication is the next version of its skill, after the previous one was superseded, with a change note from version 2' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "Publication_versions_in_order" BEFORE INSERT ON "Publication" FOR EACH ROW EXECUTE FUNCTION "Publication_versions_in_order"();

CREATE TRIGGER "RoundScore_never_deleted" BEFORE DELETE ON "RoundScore" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('RoundScore rows are never deleted');

CREATE FUNCTION "RoundScore_one_current"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."supersededAt" IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('RoundScore'), hashtext(NEW."roundId" || ':' || NEW."entryId"));
    IF EXISTS (SELECT 1 FROM "RoundScore" WHERE "roundId" = NEW."roundId" AND "entryId" = NEW."entryId" AND "supersededAt" IS NULL) THEN
      RAISE EXCEPTION 'An entry has one current score per round: supersede the previous one first' USING ERRCODE = 'restrict_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "RoundScore_one_current" BEFORE INSERT ON "RoundScore" FOR EACH ROW EXECUTE FUNCTION "RoundScore_one_current"();

CREATE TRIGGER "RoundScore_only_superseded_once" BEFORE UPDATE ON "RoundScore" FOR EACH ROW
WHEN (OLD."supersededAt" IS NOT NULL OR NEW."supersededAt" IS NULL
  OR NEW."id" IS DISTINCT FROM OLD."id" OR NEW."roundId" IS DISTINCT FROM OLD."roundId" OR NEW."entryId" IS DISTINCT FROM OLD."entryId"
  OR NEW."importId" IS DISTINCT FROM OLD."importId" OR NEW."score" IS DISTINCT FROM OLD."score")
EXECUTE FUNCTION "jiangxin_refuse"('A round score can only be superseded, once');

CREATE TRIGGER "ScoreImport_never_deleted" BEFORE DELETE ON "ScoreImport" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('ScoreImport rows are never deleted');
CREATE TRIGGER "ScoreImport_never_updated" BEFORE UPDATE ON "ScoreImport" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('ScoreImport rows are never changed');
CREATE TRIGGER "SheetSignoff_never_deleted" BEFORE DELETE ON "SheetSignoff" FOR EACH ROW EXECUTE FUNCTION "jiangxin_refuse"('SheetSignoff rows are never deleted');

CREATE TRIGGER "SheetSignoff_only_revoked_once" BEFORE UPDATE ON "SheetSignoff" FOR EACH ROW
WHEN (OLD."revokedAt" IS NOT NULL OR NEW."revokedAt" IS NULL
  OR NEW."judgeId" IS DISTINCT FROM OLD."judgeId" OR NEW."entryId" IS DISTINCT FROM OLD."entryId" OR NEW."roundId" IS DISTINCT FROM OLD."roundId"
  OR NEW."signedAt" IS DISTINCT FROM OLD."signedAt")
EXECUTE FUNCTION "jiangxin_refuse"('SheetSignoff can only be revoked, once');

-- Several app nodes on one database: every committed write to a table is announced on the
-- channel jiangxin_wrote as "<table> <application_name>", so each node drops what it cached from
-- that table (src/db/postgresql.ts); the writer's node, named in application_name, already has.
-- Cascades (ON DELETE CASCADE, SET NULL) fire the child table's trigger too. Every table of a
-- later migration gets one as well (src/db/new-migration.ts adds it).
CREATE FUNCTION "jiangxin_wrote"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('jiangxin_wrote', TG_TABLE_NAME || ' ' || current_setting('application_name'));
  RETURN NULL;
END $$;
CREATE TRIGGER "Account_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Account" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Session_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Session" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Event_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Event" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Federation_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Federation" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "EventStaff_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "EventStaff" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "DisplaySetting_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "DisplaySetting" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "HealthProbe_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "HealthProbe" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Skill_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Skill" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Round_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Round" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Criterion_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Criterion" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Aspect_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Aspect" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "ApiToken_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ApiToken" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Organization_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Organization" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Contestant_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Contestant" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Entry_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Entry" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Team_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Team" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "TeamMember_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "TeamMember" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "EntryStatusChange_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "EntryStatusChange" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "RoundAbsence_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "RoundAbsence" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Draw_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Draw" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "DrawAssignment_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "DrawAssignment" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "AuditEntry_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "AuditEntry" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "EventJudge_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "EventJudge" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "JudgeAssignment_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "JudgeAssignment" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Mark_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Mark" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "MarkChange_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "MarkChange" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "SheetSignoff_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "SheetSignoff" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "AspectReview_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "AspectReview" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Publication_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Publication" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Certificate_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Certificate" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "Appeal_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Appeal" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "ScoreImport_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ScoreImport" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "RoundScore_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "RoundScore" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
CREATE TRIGGER "PersonMatch_wrote" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PersonMatch" FOR EACH STATEMENT EXECUTE FUNCTION "jiangxin_wrote"();
