-- CreateEnum
CREATE TYPE "AttendanceMode" AS ENUM ('PLATFORM', 'EXTERNAL');

-- CreateEnum
CREATE TYPE "StampKind" AS ENUM ('CLOCK_IN', 'CLOCK_OUT', 'BREAK_START', 'BREAK_END');

-- CreateEnum
CREATE TYPE "AttendanceWordKind" AS ENUM ('CLOCK_IN', 'CLOCK_OUT', 'BREAK_START', 'BREAK_END', 'TODAY');

-- CreateEnum
CREATE TYPE "AttendanceEventStatus" AS ENUM ('PENDING', 'PROCESSED', 'IGNORED');

-- CreateTable
CREATE TABLE "AttendanceLinkage" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "termsAcceptedAt" TIMESTAMPTZ(3),
    "termsAcceptedBy" TEXT,
    "mode" "AttendanceMode" NOT NULL DEFAULT 'PLATFORM',
    "botId" UUID,
    "clientId" TEXT,
    "clientSecretSealed" TEXT,
    "serviceAccount" TEXT,
    "privateKeySealed" TEXT,
    "externalBotId" TEXT,
    "botSecretSealed" TEXT,
    "authBaseUrl" TEXT,
    "apiBaseUrl" TEXT,
    "verifiedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AttendanceLinkage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceWord" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "kind" "AttendanceWordKind" NOT NULL,
    "word" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttendanceWord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceAccount" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "accountId" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AttendanceAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceEvent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "linkageId" UUID NOT NULL,
    "eventKey" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "AttendanceEventStatus" NOT NULL DEFAULT 'PENDING',
    "note" TEXT,

    CONSTRAINT "AttendanceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceStamp" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "kind" "StampKind" NOT NULL,
    "stampedAt" TIMESTAMPTZ(3) NOT NULL,
    "workDate" TEXT NOT NULL,
    "sourceEventId" UUID,
    "sourceUserId" TEXT,
    "sourceText" TEXT,
    "voidedAt" TIMESTAMPTZ(3),
    "replacesId" UUID,
    "reason" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttendanceStamp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceReply" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "userId" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "sentAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttendanceReply_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceLinkage_tenantId_key" ON "AttendanceLinkage"("tenantId");

-- CreateIndex
CREATE INDEX "AttendanceWord_tenantId_kind_idx" ON "AttendanceWord"("tenantId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceWord_tenantId_normalized_key" ON "AttendanceWord"("tenantId", "normalized");

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceAccount_memberId_key" ON "AttendanceAccount"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceAccount_tenantId_accountId_key" ON "AttendanceAccount"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "AttendanceEvent_tenantId_receivedAt_idx" ON "AttendanceEvent"("tenantId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceEvent_linkageId_eventKey_key" ON "AttendanceEvent"("linkageId", "eventKey");

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceStamp_sourceEventId_key" ON "AttendanceStamp"("sourceEventId");

-- CreateIndex
CREATE INDEX "AttendanceStamp_tenantId_memberId_workDate_idx" ON "AttendanceStamp"("tenantId", "memberId", "workDate");

-- CreateIndex
CREATE INDEX "AttendanceStamp_tenantId_workDate_idx" ON "AttendanceStamp"("tenantId", "workDate");

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceReply_eventId_key" ON "AttendanceReply"("eventId");

-- AddForeignKey
ALTER TABLE "AttendanceLinkage" ADD CONSTRAINT "AttendanceLinkage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceAccount" ADD CONSTRAINT "AttendanceAccount_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceEvent" ADD CONSTRAINT "AttendanceEvent_linkageId_fkey" FOREIGN KEY ("linkageId") REFERENCES "AttendanceLinkage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceStamp" ADD CONSTRAINT "AttendanceStamp_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceStamp" ADD CONSTRAINT "AttendanceStamp_sourceEventId_fkey" FOREIGN KEY ("sourceEventId") REFERENCES "AttendanceEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceReply" ADD CONSTRAINT "AttendanceReply_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "AttendanceEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
