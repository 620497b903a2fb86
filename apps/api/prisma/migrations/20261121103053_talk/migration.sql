-- CreateEnum
CREATE TYPE "TalkSender" AS ENUM ('BOT', 'MEMBER');

-- AlterTable
ALTER TABLE "Bot" ADD COLUMN     "persistentMenu" JSONB;

-- CreateTable
CREATE TABLE "TalkRoom" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "botId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastMessageAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TalkRoom_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TalkMessage" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "roomId" UUID NOT NULL,
    "sender" "TalkSender" NOT NULL,
    "content" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TalkMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TalkRoom_memberId_lastMessageAt_idx" ON "TalkRoom"("memberId", "lastMessageAt");

-- CreateIndex
CREATE UNIQUE INDEX "TalkRoom_botId_memberId_key" ON "TalkRoom"("botId", "memberId");

-- CreateIndex
CREATE INDEX "TalkMessage_roomId_createdAt_idx" ON "TalkMessage"("roomId", "createdAt");

-- AddForeignKey
ALTER TABLE "TalkRoom" ADD CONSTRAINT "TalkRoom_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TalkRoom" ADD CONSTRAINT "TalkRoom_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TalkMessage" ADD CONSTRAINT "TalkMessage_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "TalkRoom"("id") ON DELETE CASCADE ON UPDATE CASCADE;
