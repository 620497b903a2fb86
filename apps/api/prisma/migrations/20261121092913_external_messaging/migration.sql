-- CreateEnum
CREATE TYPE "ExternalKind" AS ENUM ('LINE', 'WORKS');

-- CreateEnum
CREATE TYPE "ExternalLinkStatus" AS ENUM ('PENDING', 'AVAILABLE', 'FAILED', 'RETRY');

-- CreateEnum
CREATE TYPE "ExternalRoomStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "ExternalSender" AS ENUM ('EXTERNAL', 'MEMBER', 'SYSTEM');

-- CreateEnum
CREATE TYPE "ExternalMessageType" AS ENUM ('TEXT', 'STICKER', 'PHOTO', 'FILE', 'CONTACT', 'DRIVE');

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "externalFaultBudget" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ExternalSetting" (
    "tenantId" UUID NOT NULL,
    "domainId" UUID NOT NULL,
    "kind" "ExternalKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "autoGrant" BOOLEAN NOT NULL DEFAULT false,
    "greetingEnabled" BOOLEAN NOT NULL DEFAULT false,
    "greetingJa" TEXT NOT NULL DEFAULT '',
    "greetingEn" TEXT NOT NULL DEFAULT '',
    "restrictFiles" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ExternalSetting_pkey" PRIMARY KEY ("domainId","kind")
);

-- CreateTable
CREATE TABLE "ExternalLink" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "domainId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "kind" "ExternalKind" NOT NULL,
    "talkId" TEXT NOT NULL,
    "status" "ExternalLinkStatus" NOT NULL DEFAULT 'PENDING',
    "loginId" TEXT NOT NULL,
    "searchText" TEXT NOT NULL,
    "failureCode" TEXT,
    "failureDetail" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "registeredAt" TIMESTAMPTZ(3),
    "availableAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ExternalLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExternalContact" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "kind" "ExternalKind" NOT NULL,
    "externalId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "language" "Language" NOT NULL DEFAULT 'JA',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExternalContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExternalRoom" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "domainId" UUID NOT NULL,
    "kind" "ExternalKind" NOT NULL,
    "memberId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "status" "ExternalRoomStatus" NOT NULL DEFAULT 'OPEN',
    "closedReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ExternalRoom_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExternalMessage" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "roomId" UUID NOT NULL,
    "sender" "ExternalSender" NOT NULL,
    "type" "ExternalMessageType" NOT NULL,
    "text" TEXT,
    "fileName" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExternalMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExternalSetting_tenantId_idx" ON "ExternalSetting"("tenantId");

-- CreateIndex
CREATE INDEX "ExternalLink_tenantId_kind_loginId_idx" ON "ExternalLink"("tenantId", "kind", "loginId");

-- CreateIndex
CREATE INDEX "ExternalLink_tenantId_kind_status_nextAttemptAt_idx" ON "ExternalLink"("tenantId", "kind", "status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "ExternalLink_searchText_idx" ON "ExternalLink" USING GIN ("searchText" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "ExternalLink_memberId_kind_key" ON "ExternalLink"("memberId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalLink_domainId_kind_talkId_key" ON "ExternalLink"("domainId", "kind", "talkId");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalContact_tenantId_kind_externalId_key" ON "ExternalContact"("tenantId", "kind", "externalId");

-- CreateIndex
CREATE INDEX "ExternalRoom_tenantId_domainId_kind_status_idx" ON "ExternalRoom"("tenantId", "domainId", "kind", "status");

-- CreateIndex
CREATE INDEX "ExternalRoom_memberId_contactId_status_idx" ON "ExternalRoom"("memberId", "contactId", "status");

-- CreateIndex
CREATE INDEX "ExternalRoom_tenantId_createdAt_idx" ON "ExternalRoom"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ExternalMessage_roomId_createdAt_idx" ON "ExternalMessage"("roomId", "createdAt");

-- AddForeignKey
ALTER TABLE "ExternalSetting" ADD CONSTRAINT "ExternalSetting_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalSetting" ADD CONSTRAINT "ExternalSetting_tenantId_domainId_fkey" FOREIGN KEY ("tenantId", "domainId") REFERENCES "Domain"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalLink" ADD CONSTRAINT "ExternalLink_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalLink" ADD CONSTRAINT "ExternalLink_tenantId_domainId_fkey" FOREIGN KEY ("tenantId", "domainId") REFERENCES "Domain"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalLink" ADD CONSTRAINT "ExternalLink_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalContact" ADD CONSTRAINT "ExternalContact_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalRoom" ADD CONSTRAINT "ExternalRoom_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalRoom" ADD CONSTRAINT "ExternalRoom_tenantId_domainId_fkey" FOREIGN KEY ("tenantId", "domainId") REFERENCES "Domain"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalRoom" ADD CONSTRAINT "ExternalRoom_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalRoom" ADD CONSTRAINT "ExternalRoom_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "ExternalContact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalMessage" ADD CONSTRAINT "ExternalMessage_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "ExternalRoom"("id") ON DELETE CASCADE ON UPDATE CASCADE;
