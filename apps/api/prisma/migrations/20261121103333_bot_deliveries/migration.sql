-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "BotDelivery" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "botId" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "latencyMs" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMPTZ(3),

    CONSTRAINT "BotDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BotDelivery_botId_createdAt_idx" ON "BotDelivery"("botId", "createdAt");

-- CreateIndex
CREATE INDEX "BotDelivery_botId_status_idx" ON "BotDelivery"("botId", "status");

-- AddForeignKey
ALTER TABLE "BotDelivery" ADD CONSTRAINT "BotDelivery_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
