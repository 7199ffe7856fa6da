-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "School" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Europe/London',
    "policyYaml" TEXT NOT NULL,
    "slackTeamId" TEXT,
    "teamsTeamId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "School_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pupil" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "upn" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "preferredName" TEXT,
    "yearGroup" TEXT NOT NULL,
    "className" TEXT NOT NULL,
    "dateOfBirth" DATE,
    "gender" TEXT,
    "admissionDate" DATE NOT NULL,
    "leavingDate" DATE,
    "senStatus" TEXT NOT NULL DEFAULT 'N',
    "ehcp" BOOLEAN NOT NULL DEFAULT false,
    "fsm" BOOLEAN NOT NULL DEFAULT false,
    "eal" BOOLEAN NOT NULL DEFAULT false,
    "lookedAfter" BOOLEAN NOT NULL DEFAULT false,
    "childProtectionPlan" BOOLEAN NOT NULL DEFAULT false,
    "socialWorker" BOOLEAN NOT NULL DEFAULT false,
    "youngCarer" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Pupil_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmergencyContact" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "pupilId" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "relationship" TEXT NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "livesWithPupil" BOOLEAN NOT NULL DEFAULT false,
    "parentalResponsibility" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmergencyContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "roles" TEXT[],
    "slackUserId" TEXT,
    "teamsUserId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionMark" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "pupilId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "session" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "minutesLate" INTEGER,
    "note" TEXT,
    "source" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedBy" TEXT,

    CONSTRAINT "SessionMark_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MarkAmendment" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "pupilId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "session" TEXT NOT NULL,
    "originalCode" TEXT,
    "newCode" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "amendedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "amendedBy" TEXT NOT NULL,
    "amendedRole" TEXT NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "MarkAmendment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "actorRole" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT,
    "data" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnexplainedAbsence" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "pupilId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "session" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMP(3),
    "resolvedCode" TEXT,
    "resolvedNote" TEXT,
    "resolvedBy" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "escalationStep" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnexplainedAbsence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactAttempt" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "pupilId" TEXT NOT NULL,
    "caseId" TEXT,
    "incidentId" TEXT,
    "contactId" TEXT,
    "outcome" TEXT NOT NULL,
    "note" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "byStaffId" TEXT NOT NULL,

    CONSTRAINT "ContactAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "ownerRole" TEXT,
    "ownerStaffId" TEXT,
    "dueAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'open',
    "doneAt" TIMESTAMP(3),
    "doneBy" TEXT,
    "pupilId" TEXT,
    "caseId" TEXT,
    "incidentId" TEXT,
    "data" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DurableTimer" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "payload" JSONB,
    "firedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DurableTimer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "messageKey" TEXT,
    "threadKey" TEXT,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatMessageRef" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatMessageRef_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedDelivery" (
    "key" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedDelivery_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ConversationReference" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "platform" TEXT NOT NULL DEFAULT 'teams',
    "conversationId" TEXT NOT NULL,
    "channelName" TEXT,
    "teamId" TEXT,
    "tenantId" TEXT,
    "reference" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConversationReference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MissingPupilIncident" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "pupilId" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'searching',
    "lastSeen" TEXT,
    "reportedBy" TEXT NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "classCoverBy" TEXT,
    "classCoverAt" TIMESTAMP(3),
    "parentDeadlineAt" TIMESTAMP(3) NOT NULL,
    "parentAlertAt" TIMESTAMP(3),
    "policePromptAt" TIMESTAMP(3),
    "policeCalledAt" TIMESTAMP(3),
    "policeReference" TEXT,
    "foundAt" TIMESTAMP(3),
    "foundWhere" TEXT,
    "foundBy" TEXT,
    "wellbeing" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MissingPupilIncident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchArea" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "incidentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'unsearched',
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMP(3),
    "clearedBy" TEXT,
    "clearedAt" TIMESTAMP(3),

    CONSTRAINT "SearchArea_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentEvent" (
    "id" SERIAL NOT NULL,
    "incidentId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "IncidentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TierSnapshot" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "pupilId" TEXT NOT NULL,
    "weekStart" DATE NOT NULL,
    "tier" TEXT,
    "rule" TEXT,
    "metrics" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TierSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriggerHit" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "schoolId" TEXT NOT NULL,
    "pupilId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "firstMetOn" DATE NOT NULL,
    "detail" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TriggerHit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "School_slug_key" ON "School"("slug");

-- CreateIndex
CREATE INDEX "Pupil_schoolId_lastName_idx" ON "Pupil"("schoolId", "lastName");

-- CreateIndex
CREATE UNIQUE INDEX "Pupil_schoolId_upn_key" ON "Pupil"("schoolId", "upn");

-- CreateIndex
CREATE INDEX "EmergencyContact_schoolId_idx" ON "EmergencyContact"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "EmergencyContact_pupilId_priority_key" ON "EmergencyContact"("pupilId", "priority");

-- CreateIndex
CREATE INDEX "StaffMember_slackUserId_idx" ON "StaffMember"("slackUserId");

-- CreateIndex
CREATE INDEX "StaffMember_teamsUserId_idx" ON "StaffMember"("teamsUserId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffMember_schoolId_staffId_key" ON "StaffMember"("schoolId", "staffId");

-- CreateIndex
CREATE INDEX "SessionMark_schoolId_date_idx" ON "SessionMark"("schoolId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "SessionMark_pupilId_date_session_key" ON "SessionMark"("pupilId", "date", "session");

-- CreateIndex
CREATE INDEX "MarkAmendment_schoolId_amendedAt_idx" ON "MarkAmendment"("schoolId", "amendedAt");

-- CreateIndex
CREATE INDEX "MarkAmendment_pupilId_date_idx" ON "MarkAmendment"("pupilId", "date");

-- CreateIndex
CREATE INDEX "AuditEvent_schoolId_at_idx" ON "AuditEvent"("schoolId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "UnexplainedAbsence_schoolId_date_status_idx" ON "UnexplainedAbsence"("schoolId", "date", "status");

-- CreateIndex
CREATE UNIQUE INDEX "UnexplainedAbsence_pupilId_date_session_key" ON "UnexplainedAbsence"("pupilId", "date", "session");

-- CreateIndex
CREATE INDEX "ContactAttempt_caseId_idx" ON "ContactAttempt"("caseId");

-- CreateIndex
CREATE INDEX "ContactAttempt_incidentId_idx" ON "ContactAttempt"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "Task_key_key" ON "Task"("key");

-- CreateIndex
CREATE INDEX "Task_schoolId_status_idx" ON "Task"("schoolId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "DurableTimer_key_key" ON "DurableTimer"("key");

-- CreateIndex
CREATE INDEX "DurableTimer_status_dueAt_idx" ON "DurableTimer"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_key_key" ON "OutboxMessage"("key");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChatMessageRef_platform_key_key" ON "ChatMessageRef"("platform", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ConversationReference_conversationId_key" ON "ConversationReference"("conversationId");

-- CreateIndex
CREATE INDEX "MissingPupilIncident_schoolId_status_idx" ON "MissingPupilIncident"("schoolId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SearchArea_incidentId_name_key" ON "SearchArea"("incidentId", "name");

-- CreateIndex
CREATE INDEX "IncidentEvent_incidentId_at_idx" ON "IncidentEvent"("incidentId", "at");

-- CreateIndex
CREATE INDEX "TierSnapshot_schoolId_weekStart_idx" ON "TierSnapshot"("schoolId", "weekStart");

-- CreateIndex
CREATE UNIQUE INDEX "TierSnapshot_pupilId_weekStart_key" ON "TierSnapshot"("pupilId", "weekStart");

-- CreateIndex
CREATE UNIQUE INDEX "TriggerHit_pupilId_kind_periodKey_key" ON "TriggerHit"("pupilId", "kind", "periodKey");

-- AddForeignKey
ALTER TABLE "Pupil" ADD CONSTRAINT "Pupil_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmergencyContact" ADD CONSTRAINT "EmergencyContact_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmergencyContact" ADD CONSTRAINT "EmergencyContact_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMember" ADD CONSTRAINT "StaffMember_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionMark" ADD CONSTRAINT "SessionMark_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionMark" ADD CONSTRAINT "SessionMark_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MarkAmendment" ADD CONSTRAINT "MarkAmendment_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MarkAmendment" ADD CONSTRAINT "MarkAmendment_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnexplainedAbsence" ADD CONSTRAINT "UnexplainedAbsence_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnexplainedAbsence" ADD CONSTRAINT "UnexplainedAbsence_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactAttempt" ADD CONSTRAINT "ContactAttempt_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactAttempt" ADD CONSTRAINT "ContactAttempt_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactAttempt" ADD CONSTRAINT "ContactAttempt_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "UnexplainedAbsence"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactAttempt" ADD CONSTRAINT "ContactAttempt_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "MissingPupilIncident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactAttempt" ADD CONSTRAINT "ContactAttempt_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "EmergencyContact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "UnexplainedAbsence"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "MissingPupilIncident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DurableTimer" ADD CONSTRAINT "DurableTimer_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatMessageRef" ADD CONSTRAINT "ChatMessageRef_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissingPupilIncident" ADD CONSTRAINT "MissingPupilIncident_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissingPupilIncident" ADD CONSTRAINT "MissingPupilIncident_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SearchArea" ADD CONSTRAINT "SearchArea_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "MissingPupilIncident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentEvent" ADD CONSTRAINT "IncidentEvent_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "MissingPupilIncident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierSnapshot" ADD CONSTRAINT "TierSnapshot_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierSnapshot" ADD CONSTRAINT "TierSnapshot_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriggerHit" ADD CONSTRAINT "TriggerHit_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriggerHit" ADD CONSTRAINT "TriggerHit_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;
