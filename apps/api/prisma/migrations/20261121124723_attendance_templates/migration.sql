-- CreateTable
CREATE TABLE "AttendanceTemplate" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "language" "Language" NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AttendanceTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceTemplate_tenantId_language_key_key" ON "AttendanceTemplate"("tenantId", "language", "key");
