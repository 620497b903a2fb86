-- Members get readings of their names (フリガナ) and two sort keys: 50-音 order and English name order.
-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "familyNameReading" TEXT,
ADD COLUMN     "givenNameReading" TEXT,
ADD COLUMN     "nameKey" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "readingKey" TEXT NOT NULL DEFAULT '';

-- Sort keys of the members there are (none has a reading yet), as services/members.ts memberKeys
-- computes them: the name for the reading order; the English name, else the name, lower-cased.
UPDATE "Member" SET
  "readingKey" = "familyName" || ' ' || "givenName",
  "nameKey" = lower(COALESCE(
    (SELECT (e->>'familyName') || ' ' || (e->>'givenName') FROM jsonb_array_elements("i18nNames") AS e WHERE e->>'language' = 'EN' LIMIT 1),
    "familyName" || ' ' || "givenName"
  ));

-- CreateIndex
CREATE INDEX "Member_tenantId_readingKey_id_idx" ON "Member"("tenantId", "readingKey", "id");

-- CreateIndex
CREATE INDEX "Member_tenantId_nameKey_id_idx" ON "Member"("tenantId", "nameKey", "id");
