-- CreateTable
CREATE TABLE "AttendanceAccountImport" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "createdById" UUID,
    "fileName" TEXT NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'PARSING',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "changeCount" INTEGER NOT NULL DEFAULT 0,
    "unchangedCount" INTEGER NOT NULL DEFAULT 0,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "appliedRows" INTEGER NOT NULL DEFAULT 0,
    "failure" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AttendanceAccountImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceAccountImportRow" (
    "importId" UUID NOT NULL,
    "line" INTEGER NOT NULL,
    "loginId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "memberId" UUID,
    "before" TEXT,
    "action" "ImportRowAction" NOT NULL DEFAULT 'SKIP',
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "otherLoginId" TEXT,
    "appliedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AttendanceAccountImportRow_pkey" PRIMARY KEY ("importId","line")
);

-- CreateIndex
CREATE INDEX "AttendanceAccountImport_tenantId_status_idx" ON "AttendanceAccountImport"("tenantId", "status");

-- CreateIndex
CREATE INDEX "AttendanceAccountImportRow_importId_action_line_idx" ON "AttendanceAccountImportRow"("importId", "action", "line");

-- CreateIndex
CREATE INDEX "AttendanceAccountImportRow_importId_memberId_idx" ON "AttendanceAccountImportRow"("importId", "memberId");

-- CreateIndex
CREATE INDEX "AttendanceAccountImportRow_importId_loginId_line_idx" ON "AttendanceAccountImportRow"("importId", "loginId", "line");

-- CreateIndex
CREATE INDEX "AttendanceAccountImportRow_importId_accountId_line_idx" ON "AttendanceAccountImportRow"("importId", "accountId", "line");

-- AddForeignKey
ALTER TABLE "AttendanceAccountImport" ADD CONSTRAINT "AttendanceAccountImport_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceAccountImportRow" ADD CONSTRAINT "AttendanceAccountImportRow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "AttendanceAccountImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;
