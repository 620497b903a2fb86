-- CreateTable
CREATE TABLE "TalkChannel" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "channelId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "botId" UUID,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastMessageAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TalkChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TalkChannelMember" (
    "channelId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "joinedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TalkChannelMember_pkey" PRIMARY KEY ("channelId","memberId")
);

-- CreateTable
CREATE TABLE "TalkChannelMessage" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "channelId" UUID NOT NULL,
    "sender" "TalkSender" NOT NULL,
    "memberId" UUID,
    "content" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TalkChannelMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TalkChannel_channelId_key" ON "TalkChannel"("channelId");

-- CreateIndex
CREATE INDEX "TalkChannel_tenantId_botId_idx" ON "TalkChannel"("tenantId", "botId");

-- CreateIndex
CREATE INDEX "TalkChannelMember_memberId_idx" ON "TalkChannelMember"("memberId");

-- CreateIndex
CREATE INDEX "TalkChannelMessage_channelId_createdAt_idx" ON "TalkChannelMessage"("channelId", "createdAt");

-- AddForeignKey
ALTER TABLE "TalkChannel" ADD CONSTRAINT "TalkChannel_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TalkChannelMember" ADD CONSTRAINT "TalkChannelMember_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "TalkChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TalkChannelMember" ADD CONSTRAINT "TalkChannelMember_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TalkChannelMessage" ADD CONSTRAINT "TalkChannelMessage_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "TalkChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
