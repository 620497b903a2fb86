-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "Member_searchText_idx" ON "Member" USING GIN ("searchText" gin_trgm_ops);
