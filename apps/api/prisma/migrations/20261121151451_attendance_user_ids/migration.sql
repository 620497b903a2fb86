-- AlterTable
ALTER TABLE "AttendanceAccount" ADD COLUMN     "lineWorksUserId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceAccount_tenantId_lineWorksUserId_key" ON "AttendanceAccount"("tenantId", "lineWorksUserId");
