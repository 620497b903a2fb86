-- CreateEnum
CREATE TYPE "BotManagerRole" AS ENUM ('PRIMARY', 'VICE');

-- CreateEnum
CREATE TYPE "BotVisibility" AS ENUM ('ALL', 'SELECTED');

-- CreateTable
CREATE TABLE "Bot" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "botId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "photo" BYTEA,
    "photoType" TEXT,
    "photoUpdatedAt" TIMESTAMPTZ(3),
    "callbackEnabled" BOOLEAN NOT NULL DEFAULT false,
    "callbackUrl" TEXT,
    "messageTypes" TEXT[],
    "roomEvents" TEXT[],
    "allowGroupJoin" BOOLEAN NOT NULL DEFAULT false,
    "secretSealed" TEXT NOT NULL,
    "previousSecretSealed" TEXT,
    "previousSecretExpiresAt" TIMESTAMPTZ(3),
    "secretRotatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Bot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BotManager" (
    "botId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "role" "BotManagerRole" NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "BotManager_pkey" PRIMARY KEY ("botId","memberId")
);

-- CreateTable
CREATE TABLE "BotDomain" (
    "botId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "domainId" UUID NOT NULL,
    "visibility" "BotVisibility" NOT NULL DEFAULT 'ALL',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BotDomain_pkey" PRIMARY KEY ("botId","domainId")
);

-- CreateTable
CREATE TABLE "BotDomainMember" (
    "botId" UUID NOT NULL,
    "domainId" UUID NOT NULL,
    "memberId" UUID NOT NULL,

    CONSTRAINT "BotDomainMember_pkey" PRIMARY KEY ("botId","domainId","memberId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Bot_botId_key" ON "Bot"("botId");

-- CreateIndex
CREATE INDEX "Bot_tenantId_createdAt_idx" ON "Bot"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "BotManager_memberId_idx" ON "BotManager"("memberId");

-- CreateIndex
CREATE INDEX "BotDomain_tenantId_domainId_idx" ON "BotDomain"("tenantId", "domainId");

-- CreateIndex
CREATE INDEX "BotDomainMember_memberId_idx" ON "BotDomainMember"("memberId");

-- AddForeignKey
ALTER TABLE "Bot" ADD CONSTRAINT "Bot_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BotManager" ADD CONSTRAINT "BotManager_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BotManager" ADD CONSTRAINT "BotManager_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BotDomain" ADD CONSTRAINT "BotDomain_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BotDomain" ADD CONSTRAINT "BotDomain_tenantId_domainId_fkey" FOREIGN KEY ("tenantId", "domainId") REFERENCES "Domain"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BotDomainMember" ADD CONSTRAINT "BotDomainMember_botId_domainId_fkey" FOREIGN KEY ("botId", "domainId") REFERENCES "BotDomain"("botId", "domainId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BotDomainMember" ADD CONSTRAINT "BotDomainMember_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
