-- AlterTable
ALTER TABLE "AttendanceReply" ADD COLUMN     "interruptedSends" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "leasedUntil" TIMESTAMPTZ(3);
